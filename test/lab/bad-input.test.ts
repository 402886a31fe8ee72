// Bad inventories and options against a real 2-node lab: `setup --dry-run` and
// `status --json` exit 2, the error names the field, and nothing reaches any
// host. The witness that nothing connected is each node's sshd log (the lab runs
// sshd with -E): every login writes "Accepted publickey" before the session starts,
// and a connection that never logs in writes a "[preauth]" line. A good `status`
// at the end shows the witness really moves when the console connects.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import YAML from 'yaml';
import { labInventoryPath, nodeDir } from '../../src/lab/paths.js';
import { sshRun, startTestLab, type TestLab } from './fixture.js';
import { runCli } from './setup-support.js';

describe.skipIf(inject('labSkipReason') !== '')('bad input never reaches a host', () => {
  let lab: TestLab;
  let work: string;
  let config: string;

  beforeAll(async () => {
    lab = await startTestLab(2);
    work = mkdtempSync(join(tmpdir(), 'gc-bad-input-'));
    config = mkdtempSync(join(tmpdir(), 'gc-bad-input-config-'));
  });
  afterAll(async () => {
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
    if (config) rmSync(config, { recursive: true, force: true });
  });

  const sshdLines = () =>
    lab.inventory.hosts.map((_, i) => readFileSync(join(nodeDir(lab.dir, i + 1), 'sshd.log'), 'utf8').split('\n').filter((l) => /Accepted |\[preauth\]/.test(l)).length);
  const etcHosts = () => Promise.all(lab.inventory.hosts.map(async (h) => (await sshRun(lab, h.address, 'sha256sum /etc/hosts')).stdout));
  /** The lab's own inventory (addresses inside 127.0.0.0/8), changed by `edit`, written as YAML. */
  const badInventory = (name: string, edit: (hosts: Record<string, unknown>[]) => unknown): string => {
    const hosts = YAML.parse(readFileSync(labInventoryPath(lab.dir), 'utf8')).hosts as Record<string, unknown>[];
    const path = join(work, name);
    const data = edit(hosts);
    writeFileSync(path, data === '' ? '' : YAML.stringify(data));
    return path;
  };
  const both = (inventory: string) => [
    ['setup', '--inventory', inventory, '--volume', 'gv0', '--dry-run', '--config-dir', config],
    ['status', '--inventory', inventory, '--json', '--config-dir', config],
  ];

  const CASES: [string, () => string, RegExp][] = [
    ['names equal but for case', () => badInventory('case.yaml', (h) => ({ hosts: [h[0], { ...h[1], name: String(h[0]!.name).toUpperCase() }] })), /hosts\[1\]\.name: "NODE1" is also hosts\[0\]/],
    ['one address twice', () => badInventory('addr.yaml', (h) => ({ hosts: [h[0], { ...h[1], address: h[0]!.address }] })), /hosts\[1\]\.address: 127\.\d+\.\d+\.1 is also hosts\[0\]'s address/],
    ['a typo in a key', () => badInventory('typo.yaml', (h) => ({ hosts: [h[0], { ...h[1], devcie: h[1]!.device }] })), /hosts\[1\]\.devcie: unknown key \(did you mean "device"\?\)/],
    ['ssh as text', () => badInventory('ssh.yaml', (h) => ({ hosts: [h[0], { ...h[1], ssh: `root@${h[1]!.address}` }] })), /hosts\[1\]\.ssh: expected a mapping/],
    ['shell syntax in a name', () => badInventory('shell.yaml', (h) => ({ hosts: [h[0], { ...h[1], name: 'node2;touch /tmp/owned' }] })), /hosts\[1\]\.name: "node2;touch \/tmp\/owned" is not a host name/],
    ['an escape sequence in a zone', () => badInventory('esc.yaml', (h) => ({ hosts: [h[0], { ...h[1], zone: 'z\u001b]0;owned\u0007' }] })), /hosts\[1\]\.zone: "z\\x1b\]0;owned\\x07" is not a zone name/],
    ['/dev/zero as identityFile', () => badInventory('key.yaml', (h) => ({ hosts: [h[0], { ...h[1], ssh: { ...(h[1]!.ssh as object), identityFile: '/dev/zero' } }] })), /hosts\[1\]\.ssh\.identityFile: \/dev\/zero: not a regular file \(a character device\)/],
    ['/dev/zero as the inventory', () => '/dev/zero', /\/dev\/zero: not a regular file \(a character device\)/],
    ['a link to /dev/urandom as the inventory', () => {
      const path = join(work, 'random.yaml');
      symlinkSync('/dev/urandom', path);
      return path;
    }, /random\.yaml: not a regular file \(a character device\)/],
    ['an empty file', () => badInventory('empty.yaml', () => ''), /empty\.yaml: the file is empty/],
  ];

  it.each(CASES)('%s: exit 2 quickly, the field named, nothing run on any host', async (_, make, problem) => {
    const inventory = make();
    const hostsBefore = await etcHosts();
    const logBefore = sshdLines();
    for (const args of both(inventory)) {
      const started = Date.now();
      const run = await runCli(args, {}, 30_000);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(problem);
      expect(run.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
      expect(run.stdout).toBe('');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    expect(sshdLines()).toEqual(logBefore);
    expect(await etcHosts()).toEqual(hostsBefore);
  });

  it('the witness moves when the console does connect (a good status)', async () => {
    const before = sshdLines();
    const run = await runCli(['status', '--inventory', labInventoryPath(lab.dir), '--json', '--config-dir', config], {}, 60_000);
    expect(run.code).not.toBe(0); // no volume yet: not healthy, but it connected
    const after = sshdLines();
    expect(after.every((n, i) => n > before[i]!)).toBe(true);
  });
});

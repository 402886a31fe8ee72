// A key's passphrase is typed into the console and goes nowhere else: not into
// the settings, the saved setup progress, the audit log, the terminal (every
// byte written to it, not only the last frame), or any file the console makes,
// and those files are readable by root only. The key is the lab's own,
// re-encrypted with a passphrase; the console unlocks it once for the pool,
// checks the hosts and runs a setup step that changes them (audited).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestLab, type TestLab } from './fixture.js';
import { applyStep, fillIntent, importLabInventory } from './setup-support.js';
import { Tui } from './tui.js';

const WRONG = 'not-the-Passphrase-91';
const PASSPHRASE = 'Tr0ub4dor-and-3-horses';

/** Every regular file under `dir`, with its mode. */
function filesUnder(dir: string): { path: string; mode: number }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, mode: statSync(path).mode & 0o777 };
    });
}

describe.skipIf(inject('labSkipReason') !== '')('secrets typed into the console', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-secrets-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('a key passphrase is asked once, unlocks every host, and is in no file and no byte on the terminal', async () => {
    // The lab's key, encrypted: the same public key, so every node still accepts it.
    const key = join(work, 'id_encrypted');
    copyFileSync(lab.inventory.hosts[0]!.ssh!.identityFile!, key);
    execFileSync('chmod', ['600', key]);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', PASSPHRASE, '-f', key]);
    expect(readFileSync(key, 'utf8')).not.toContain(PASSPHRASE);
    const labDir = join(work, 'lab');
    mkdirSync(labDir);
    const inventory = { hosts: lab.inventory.hosts.map((h) => ({ ...h, ssh: { ...h.ssh, identityFile: key } })) };
    writeFileSync(join(labDir, 'inventory.yaml'), YAML.stringify(inventory));

    const config = join(work, 'config');
    const terminalBytes = join(work, 'terminal.out');
    // No agent: the key file is the only way in.
    const tui = await Tui.start(['--config-dir', config], { GLUSTER_CONSOLE_LAB_DIR: labDir }, work, { unset: ['SSH_AUTH_SOCK'] });
    tuis.push(tui);
    await tui.recordOutput(terminalBytes);
    await importLabInventory(tui);
    await tui.keys('Enter'); // Check hosts

    await tui.waitFor(`Passphrase for the key ${key}`, 30_000);
    await tui.type(WRONG);
    await tui.keys('Enter');
    // A wrong one is asked again (the key did not parse), never echoed.
    await tui.waitFor((s) => s.includes(`Passphrase for the key ${key}`) && !s.includes(WRONG), 30_000);
    await tui.type(PASSPHRASE);
    await tui.keys('Enter');
    const checked = await tui.waitFor((s) => (s.match(/ok · root/g) ?? []).length === 3, 60_000);
    expect(checked).not.toContain('Passphrase for the key');

    // A step that changes the hosts, so the audit log and the saved progress exist: asked for no passphrase again.
    await tui.keys('Escape');
    await tui.waitFor((s) => /❯ Check hosts/.test(s));
    await tui.keys('Down');
    await tui.waitFor((s) => /❯ Guided setup/.test(s));
    await tui.keys('Enter');
    await fillIntent(tui, 'gv0', 'replica 3');
    await tui.waitFor((s) => /❯ 1 Host entries/.test(s), 60_000);
    await tui.keys('Enter');
    expect(await applyStep(tui, 'Host entries')).toContain('Done and verified on every host');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);

    const files = filesUnder(config);
    const names = files.map((f) => f.path.slice(config.length + 1)).sort();
    expect(names.some((n) => /audit/.test(n)), `an audit log among ${names.join(', ')}`).toBe(true);
    const audit = files.find((f) => /audit/.test(f.path))!;
    expect(readFileSync(audit.path, 'utf8')).toContain('/etc/hosts');
    for (const file of files) {
      const text = readFileSync(file.path, 'utf8');
      expect(text, file.path).not.toContain(PASSPHRASE);
      expect(text, file.path).not.toContain(WRONG);
      expect(file.mode & 0o077, `${file.path} is mode ${file.mode.toString(8)}`).toBe(0);
    }
    const bytes = readFileSync(terminalBytes, 'utf8');
    expect(bytes).toContain('Passphrase for the key'); // the recording has the session in it
    expect(bytes).not.toContain(PASSPHRASE);
    expect(bytes).not.toContain(WRONG);
    expect(await tui.history()).not.toContain(PASSPHRASE);
  });
});

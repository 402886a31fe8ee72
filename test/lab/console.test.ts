// The real console in a real terminal against the lab: import the lab's
// inventory, check every host over SSH, trust unknown host keys on first use.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { startTestLab, type TestLab } from './fixture.js';
import { importLabInventory } from './setup-support.js';
import { Tui } from './tui.js';


describe.skipIf(inject('labSkipReason') !== '')('the console on the lab', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];
  const open = async (configDir: string, labDir: string) => {
    const tui = await Tui.start(['--config-dir', configDir], { GLUSTER_CONSOLE_LAB_DIR: labDir }, work);
    tuis.push(tui);
    return tui;
  };

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-console-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the lab inventory and checks every host over SSH', async () => {
    const tui = await open(join(work, 'config-a'), lab.dir);
    const welcome = await importLabInventory(tui);
    const [node1, , node3] = lab.inventory.hosts;
    expect(welcome).toMatch(new RegExp(`node1\\s+${node1!.address.replaceAll('.', '\\.')}\\s+zone-a\\s+/dev/vdc`));
    expect(welcome).toMatch(new RegExp(`node3\\s+${node3!.address.replaceAll('.', '\\.')}\\s+zone-b\\s+/dev/vdb`));

    await tui.waitFor((s) => /❯ Check hosts/.test(s));
    await tui.keys('Enter');
    const checked = await tui.waitFor((s) => (s.match(/ok · root · Debian GNU\/Linux/g) ?? []).length === 3);
    expect(checked).toContain('GlusterFS 10.3'); // the lab nodes have the machine's packages
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('asks about each unknown host key once, shows its fingerprint, and remembers it', async () => {
    // The same lab, but an inventory whose known_hosts file is empty: a first contact.
    const tofuLab = join(work, 'tofu-lab');
    mkdirSync(tofuLab);
    const knownHosts = join(work, 'known_hosts');
    writeFileSync(knownHosts, '');
    const inventory = { hosts: lab.inventory.hosts.map((h) => ({ ...h, ssh: { ...h.ssh, knownHostsFile: knownHosts } })) };
    writeFileSync(join(tofuLab, 'inventory.yaml'), YAML.stringify(inventory));

    const config = join(work, 'config-b');
    const tui = await open(config, tofuLab);
    await importLabInventory(tui);
    await tui.keys('Enter'); // Check hosts
    const fingerprints = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const question = await tui.waitFor((s) => s.includes('unknown host key') && !fingerprints.has(/SHA256:\S+/.exec(s)?.[0] ?? ''));
      fingerprints.add(/SHA256:\S+/.exec(question)![0]);
      await tui.keys('y');
    }
    await tui.waitFor((s) => (s.match(/ok · root/g) ?? []).length === 3);
    expect(readFileSync(knownHosts, 'utf8').trim().split('\n')).toHaveLength(3);
    await tui.keys('q');
    await tui.waitForExit();

    // A second session trusts what was recorded: no question this time.
    const again = await open(config, tofuLab);
    await again.waitFor('Saved inventory: 3 hosts');
    await again.keys('Enter');
    const screen = await again.waitFor((s) => (s.match(/ok · root/g) ?? []).length === 3);
    expect(screen).not.toContain('unknown host key');
  });
});

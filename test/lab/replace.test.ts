// Replacing a dead node on real GlusterFS (issue 12): a replica-3 volume with
// files, node3 powered off for good, more files written while it is gone, a
// new node added to the running lab, then `gluster-console replace`. Checked
// with the system's ssh, not the console: node4's brick in the volume and
// online, 0 pending heal entries, every file's checksum read back through
// every live node's mount and found on node4's brick itself, node3 out of the
// pool; a re-run plans nothing. The panel offers the replace for the down host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readInventoryFile } from '../../src/config/inventory.js';
import { createSettings } from '../../src/config/settings.js';
import { labCrash } from '../../src/lab/lab.js';
import { labInventoryPath } from '../../src/lab/paths.js';
import { eventually, startTestLab, type TestLab } from './fixture.js';
import { auditLines, BRICK, MOUNT, onNode, runCli, setupArgs, volumeSummary } from './setup-support.js';
import { Tui } from './tui.js';

/** Files of known contents: small text and a few random binary ones. */
async function writeFiles(lab: TestLab, prefix: string, count: number): Promise<void> {
  await onNode(lab, 'node1', `mkdir -p ${MOUNT}/${prefix} && for i in $(seq 1 ${count}); do head -c $((i * 7919)) /dev/urandom > ${MOUNT}/${prefix}/bin-$i; echo "${prefix} file $i" > ${MOUNT}/${prefix}/text-$i; done`);
}

/** "sum  path" lines of every file under the mount (sorted), as one node reads them. */
async function checksums(lab: TestLab, node: string, root = MOUNT): Promise<string> {
  return onNode(lab, node, `cd ${root} && find . -path ./.glusterfs -prune -o -type f -print | grep -v '^./.glusterfs' | sort | xargs sha256sum`);
}

const replaceArgs = (lab: TestLab, configDir: string) => ['replace', '--inventory', labInventoryPath(lab.dir), '--old', 'node3', '--new', 'node4', '--yes', '--config-dir', configDir];

describe.skipIf(inject('labSkipReason') !== '')('replace a dead node on a real cluster', () => {
  let lab: TestLab;
  let work: string;
  let configDir: string;
  let tui: Tui | undefined;

  beforeAll(async () => {
    lab = await startTestLab(3);
    work = mkdtempSync(join(tmpdir(), 'gc-replace-'));
    configDir = join(work, 'config');
  });

  afterAll(async () => {
    await tui?.close();
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('node3 powered off for good is replaced by a new lab node: node4 holds its brick, heal reaches 0, every file reads back, node3 is detached', async () => {
    const setup = await runCli([...setupArgs(lab, configDir), '--layout', 'replica 3', '--yes'], {}, 400_000);
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    await writeFiles(lab, 'before', 10);

    await labCrash(lab.dir, 3);
    await eventually(() => onNode(lab, 'node1', 'gluster --mode=script peer status'), (s) => /Hostname: node3\s+Uuid: \S+\s+State: Peer in Cluster \(Disconnected\)/.test(s), 60_000, 1000);
    // Written while node3 is gone: node1 and node2 hold them with node3 marked as owing them.
    await writeFiles(lab, 'while-down', 10);
    const expected = await checksums(lab, 'node1');
    expect(expected.split('\n').filter(Boolean)).toHaveLength(40);

    const add = await runCli(['lab', 'add', '--dir', lab.dir]);
    expect(add.code, add.stdout + add.stderr).toBe(0);
    expect(add.stdout).toContain('node4 is up at');
    lab.inventory = readInventoryFile(labInventoryPath(lab.dir));
    expect(lab.inventory.hosts.map((h) => h.name)).toEqual(['node1', 'node2', 'node3', 'node4']);

    // The panel's "node3 is down" finding names the replace for the fresh node4 (status --json carries the same findings).
    const status = await runCli(['status', '--inventory', labInventoryPath(lab.dir), '--json']);
    const down = JSON.parse(status.stdout).findings.find((f: { id: string }) => f.id === 'host-down:node3');
    expect(down.manual[0]).toMatch(/^gluster-console replace --inventory FILE --old node3 --new node4 --dry-run/);

    const started = Date.now();
    const run = await runCli(replaceArgs(lab, configDir), {}, 900_000);
    console.log(`replace took ${Math.round((Date.now() - started) / 1000)} s`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('volume replace-brick gv0 node3:/data/glusterfs/brick1/brick node4:/data/glusterfs/brick1/brick commit force');
    expect(run.stdout).toMatch(/heal gv0: 0 pending \(node1:\S+ 0, node2:\S+ 0, node4:\S+ 0\)/);
    expect(run.stdout).toContain('replace done');

    // Witnessed with ssh: the volume as node1's glusterd has it.
    const summary = await volumeSummary(lab);
    expect(summary.bricks).toEqual(['node1', 'node2', 'node4'].map((n) => `${n}:${BRICK}`));
    expect(summary.online).toBe(3);
    const heal = await onNode(lab, 'node1', 'gluster --mode=script volume heal gv0 info');
    expect([...heal.matchAll(/Number of entries: (\S+)/g)].map((m) => m[1])).toEqual(['0', '0', '0']);
    const peers = await onNode(lab, 'node1', 'gluster --mode=script pool list');
    expect(peers).not.toContain('node3');
    expect(peers).toContain('node4');

    // Every file, byte for byte, through every live node's mount, and on node4's brick itself.
    for (const node of ['node1', 'node2', 'node4']) expect(await checksums(lab, node), node).toBe(expected);
    expect(await checksums(lab, 'node4', BRICK)).toBe(expected);
  }, 1_200_000);

  it('a re-run plans nothing and changes nothing', async () => {
    const before = await auditLines(configDir);
    const again = await runCli(replaceArgs(lab, configDir), {}, 300_000);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to do: node3 holds no brick and is not in the pool');
    expect(again.stdout).not.toContain('replace-brick');
    expect(await auditLines(configDir)).toBe(before);
  }, 300_000);

  it('in the console, a node down with a fresh host in the inventory: the finding shows the replace command', async () => {
    // Power node4... no: crash node2 would break the volume's redundancy. Add node5 as the fresh host and cut node4.
    const add = await runCli(['lab', 'add', '--dir', lab.dir]);
    expect(add.code, add.stdout + add.stderr).toBe(0);
    await labCrash(lab.dir, 4);
    createSettings({ cwd: configDir }).setInventory(readInventoryFile(labInventoryPath(lab.dir)));
    tui = await Tui.start(['--config-dir', configDir], {}, work);
    await tui.waitFor('Saved inventory: 5 hosts', 60_000);
    await highlight(tui, /Live panel/);
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('node4 is down: it does not answer over SSH'), 90_000);
    // The findings list: move to node4's and open it.
    const finding = await openFinding(tui, /node4 is down/);
    expect(finding).toContain('node5 is a fresh host of the inventory');
    expect(finding).toMatch(/gluster-console replace --inventory FILE --old node4 --new node5 --dry-run/);
  }, 300_000);
});

const highlighted = (screen: string) => screen.split('\n').find((l) => l.startsWith('❯')) ?? '';

/**
 * Moves the cursor toward the line that matches (↓ or ↑, whichever way it lies on the screen) until it is
 * highlighted, waiting for each move to show: keys typed before the console reads input arrive late, all at once.
 */
async function highlight(tui: Tui, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const screen = await tui.screen();
    if (pattern.test(highlighted(screen))) return screen;
    const lines = screen.split('\n');
    const target = lines.findIndex((l) => pattern.test(l));
    const at = lines.findIndex((l) => l.startsWith('❯'));
    await tui.keys(target >= 0 && at >= 0 && target < at ? 'Up' : 'Down');
    await tui.waitFor((s) => highlighted(s) !== highlighted(screen), 3_000).catch(() => undefined);
  }
  throw new Error(`no line matching ${pattern} could be highlighted; screen:\n${await tui.screen()}`);
}

/** Highlights the finding whose line matches and opens it with Enter. */
async function openFinding(tui: Tui, title: RegExp): Promise<string> {
  await highlight(tui, title);
  await tui.keys('Enter');
  return tui.waitFor((s) => s.includes('By hand (the console does not run these)'), 20_000);
}

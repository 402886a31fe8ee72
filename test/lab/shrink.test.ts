// Issue 12, shrink: six bare nodes in three zones (node1,node4 zone-a;
// node2,node5 zone-b; node3,node6 zone-c) get a 2 x 3 volume with files in
// both sets. Removing two hosts (not a whole set) and going below the zone
// minimum are refused with nothing changed; a dry run changes nothing; then
// node4-6 leave: the volume is 1 x 3, every file reads back with the same
// checksum through node1's, node2's and node3's mounts, node4-6 are out of the
// pool and no longer mount the volume; a second run plans nothing. The
// console in tmux is driven once, cheaply: the refusal, the plan, and "no" to
// the question before anything runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labInventoryPath } from '../../src/lab/paths.js';
import { eventually, startTestLab, type TestLab } from './fixture.js';
import { auditLines, BRICK, importLabInventory, MOUNT, onNode, runCli, setupArgs, volumeSummary } from './setup-support.js';
import { Tui } from './tui.js';

const ZONES: Record<string, string> = { node1: 'zone-a', node4: 'zone-a', node2: 'zone-b', node5: 'zone-b', node3: 'zone-c', node6: 'zone-c' };
const STAYING = ['node1', 'node2', 'node3'];
const LEAVING = ['node4', 'node5', 'node6'];
const FILES = 40;

/** The lab writes every node into one zone: the test's zones go into the inventory file. */
function rezone(lab: TestLab): void {
  const path = labInventoryPath(lab.dir);
  let current = '';
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => {
      const name = /^\s*- name: (\S+)/.exec(line)?.[1];
      if (name) current = name;
      return /^\s+zone: /.test(line) ? line.replace(/zone: .*/, `zone: ${ZONES[current]}`) : line;
    });
  writeFileSync(path, lines.join('\n'));
}

/** "sha256  name" for every test file, as read through NODE's mount. */
async function checksums(lab: TestLab, node: string): Promise<string> {
  return onNode(lab, node, `cd ${MOUNT}/shrink && sha256sum $(seq -f 'f%g' 1 ${FILES})`);
}

async function poolNames(lab: TestLab): Promise<string[]> {
  const xml = await onNode(lab, 'node1', 'gluster --mode=script pool list --xml');
  return [...xml.matchAll(/<hostname>([^<]*)<\/hostname>\s*(?:<hostnames>|<connected>)/g)].map((m) => m[1]!).sort();
}

describe.skipIf(inject('labSkipReason') !== '')('shrinking a 2 x 3 volume back to 1 x 3 (issue 12)', () => {
  let lab: TestLab;
  let config: string;
  let before: string;
  const shrink = (...extra: string[]) => runCli(['shrink', '--inventory', labInventoryPath(lab.dir), '--volume', 'gv0', '--config-dir', config, ...extra], {}, 600_000);

  beforeAll(async () => {
    lab = await startTestLab(6);
    rezone(lab);
    config = mkdtempSync(join(tmpdir(), 'gc-shrink-'));
  }, 600_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  }, 300_000);

  it('sets up 2 x 3 = 6 over three zones and writes files that land in both sets', async () => {
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'), {}, 900_000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('replica 3 node1:/data/glusterfs/brick1/brick node2:/data/glusterfs/brick1/brick node3:/data/glusterfs/brick1/brick node4:');
    await onNode(lab, 'node1', `mkdir -p ${MOUNT}/shrink && for i in $(seq 1 ${FILES}); do head -c $((i * 777)) /dev/urandom > ${MOUNT}/shrink/f$i; done`);
    before = await checksums(lab, 'node1');
    expect(before.trim().split('\n')).toHaveLength(FILES);
    const onSet1 = Number(await onNode(lab, 'node1', `ls ${BRICK}/shrink | wc -l`));
    const onSet2 = Number(await onNode(lab, 'node4', `ls ${BRICK}/shrink | wc -l`));
    expect(onSet1).toBeGreaterThan(0);
    expect(onSet2).toBeGreaterThan(0);
    expect(onSet1 + onSet2).toBe(FILES);
  }, 900_000);

  it('refuses two hosts of a set and a zone below its minimum, and a dry run changes nothing', async () => {
    const audited = await auditLines(config);
    const part = await shrink('--hosts', 'node4,node5', '--yes');
    expect(part.code, part.stdout + part.stderr).toBe(1);
    expect(part.stdout).toContain('refused: nothing was changed:');
    expect(part.stdout).toContain('set 2 (node4, node5, node6) would lose node4, node5 but keep node6: remove-brick takes whole sets of 3');
    const zone = await shrink('--hosts', 'node4,node5,node6', '--min-per-zone', '2', '--yes');
    expect(zone.code, zone.stdout + zone.stderr).toBe(1);
    expect(zone.stdout).toContain('zone-a would keep 1 host of gv0 (node1), below its minimum of 2');
    const dry = await shrink('--hosts', 'node4,node5,node6', '--dry-run');
    expect(dry.code, dry.stdout + dry.stderr).toBe(3);
    expect(dry.stdout).toContain('gv0: 2 x 3 = 6 becomes 1 x 3 = 3; set 2 leaves:');
    expect(dry.stdout).toMatch(/\$ gluster --mode=script volume remove-brick gv0 node4:\S+ node5:\S+ node6:\S+ commit --xml/);
    expect(dry.stdout).toContain('dry run: nothing was changed');
    expect((await volumeSummary(lab)).bricks).toHaveLength(6);
    expect(await auditLines(config)).toBe(audited);
  }, 300_000);

  it('the console: refuses two hosts of a set, plans the whole set, and "no" to its question runs nothing', async () => {
    const audited = await auditLines(config);
    const tui = await Tui.start(['--config-dir', config], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, config);
    try {
      await importLabInventory(tui, 6);
      for (let i = 0; i < 10 && !/❯ Shrink the cluster/.test(await tui.screen()); i++) await tui.keys('Down');
      await tui.waitFor((s) => /❯ Shrink the cluster/.test(s));
      await tui.keys('Enter');
      await tui.waitFor('Volume: gv0', 60_000);
      await tui.keys('Down', 'Down', 'Down');
      await tui.waitFor('❯ [ ] node4');
      await tui.keys('Space', 'Down', 'Space');
      await tui.waitFor('❯ [x] node5');
      await tui.keys('p');
      const refused = await tui.waitFor('Refused: nothing was changed', 60_000);
      expect(refused).toContain('would lose node4, node5 but keep node6');
      await tui.keys('Down', 'Space');
      await tui.waitFor('❯ [x] node6');
      await tui.keys('p');
      const planned = await tui.waitFor('This is the plan', 60_000);
      expect(planned).toContain('gv0: 2 x 3 = 6 becomes 1 x 3 = 3');
      await tui.keys('a');
      await tui.waitFor('Start moving the data off 3 brick(s) of gv0?');
      await tui.keys('n');
      await tui.waitFor('not confirmed: nothing was changed');
      await tui.keys('q');
      expect(await tui.waitForExit()).toBe(0);
    } finally {
      await tui.close();
    }
    expect((await volumeSummary(lab)).bricks).toHaveLength(6);
    expect(await auditLines(config)).toBe(audited);
  }, 300_000);

  it('node4-6 leave: 1 x 3, every file intact through every staying mount, peers detached, mounts gone', async () => {
    const run = await shrink('--hosts', 'node4,node5,node6', '--yes');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/node[456]: completed, \d+ files? moved .*, 0 failures/);
    expect(run.stdout).toContain('committed: volume info no longer lists the 3 brick(s); gv0 is 1 x 3 = 3');
    const summary = await volumeSummary(lab);
    expect(summary.bricks).toEqual(STAYING.map((n) => `${n}:${BRICK}`));
    const info = await onNode(lab, 'node1', 'gluster --mode=script volume info gv0');
    expect(info).toContain('Number of Bricks: 1 x 3 = 3');
    for (const node of STAYING) {
      const sums = await eventually(() => checksums(lab, node).catch((e: Error) => e.message), (s) => s === before, 60_000, 500);
      expect(sums, node).toBe(before);
    }
    expect(await poolNames(lab)).toEqual(['localhost', 'node2', 'node3']);
    for (const node of LEAVING) {
      const left = await onNode(lab, node, `findmnt -n -t fuse.glusterfs ${MOUNT} || true; grep -c 'localhost:/gv0' /etc/fstab || true; gluster --mode=script pool list | wc -l`);
      expect(left.trim().split('\n'), node).toEqual(['0', '2']);
    }
    const audit = readFileSync(join(config, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: string; command: string });
    const shrinkCommands = audit.filter((e) => e.step === 'shrink').map((e) => e.command);
    expect(shrinkCommands.filter((c) => /^gluster --mode=script volume remove-brick gv0 .* (start|commit) --xml$/.test(c))).toHaveLength(2);
    expect(shrinkCommands.filter((c) => /^gluster --mode=script peer detach node[456]$/.test(c))).toHaveLength(3);
  }, 900_000);

  it('a second run plans nothing and changes nothing', async () => {
    const audited = await auditLines(config);
    const again = await shrink('--hosts', 'node4,node5,node6', '--yes');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to do: gv0 is 1 x 3 = 3 with no brick on node4, node5, node6');
    expect(await auditLines(config)).toBe(audited);
  }, 300_000);
});

// Growing a volume on the lab (issue 12, "Grow"): six bare nodes in three zones
// (node1,node4 zone-a; node2,node5 zone-b; node3,node6 zone-c), a replica-3
// volume made by `setup` on node1-3 with files of known contents, then
// `expand --hosts node4,node5,node6`: the volume becomes 2 x 3 = 6, the
// rebalance completes, and every file reads back byte for byte through every
// node's mount; a second run plans nothing and runs nothing. Before that, the
// console's "Grow the cluster" screen proposes the same add-brick in tmux.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeInventoryFile } from '../../src/config/inventory.js';
import { MIGRATION_STATUS } from '../../src/gluster/migration.js';
import { parseMigrationStatus } from '../../src/gluster/xml/index.js';
import { labInventoryPath } from '../../src/lab/paths.js';
import { startTestLab, type TestLab } from './fixture.js';
import { auditLines, BRICK, importLabInventory, MOUNT, onNode, runCli } from './setup-support.js';
import { Tui } from './tui.js';

const ZONES: Record<string, string> = { node1: 'zone-a', node2: 'zone-b', node3: 'zone-c', node4: 'zone-a', node5: 'zone-b', node6: 'zone-c' };
const NODES = Object.keys(ZONES);
const FILES = 120;
/** Each file's name and sha256, as written through node1's mount. */
const checksums = (lab: TestLab, node: string) => onNode(lab, node, `cd ${MOUNT} && sha256sum data-* | sort -k 2`);

describe.skipIf(inject('labSkipReason') !== '')('expand: a replica-3 volume grows from 3 to 6 nodes across 3 zones', () => {
  let lab: TestLab;
  let config: string;
  let inventory: string;
  let written: string;

  beforeAll(async () => {
    lab = await startTestLab(6);
    config = mkdtempSync(join(tmpdir(), 'gc-expand-'));
    // The zone is an inventory field: the lab writes one zone, the test gives three.
    inventory = labInventoryPath(lab.dir);
    writeInventoryFile(inventory, { hosts: lab.inventory.hosts.map((h) => ({ ...h, zone: ZONES[h.name]! })) });
    const three = join(config, 'three.yaml');
    writeInventoryFile(three, { hosts: lab.inventory.hosts.filter((h) => ['node1', 'node2', 'node3'].includes(h.name)).map((h) => ({ ...h, zone: ZONES[h.name]! })) });
    const setup = await runCli(['setup', '--inventory', three, '--volume', 'gv0', '--layout', 'replica 3', '--yes', '--config-dir', config], {}, 280_000);
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    // Files of random sizes (0 to 64 KiB) and random bytes, through a client mount.
    await onNode(lab, 'node1', `for i in $(seq 1 ${FILES}); do head -c $(( $(od -An -N2 -tu2 /dev/urandom) )) /dev/urandom > ${MOUNT}/data-$i; done`);
    written = await checksums(lab, 'node1');
    expect(written.trim().split('\n')).toHaveLength(FILES);
  }, 420_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  });

  it('the console proposes the add-brick over three zones with the validator\'s verdict, and changes nothing', async () => {
    const before = await auditLines(config);
    const consoleConfig = join(config, 'console');
    const tui = await Tui.start(['--config-dir', consoleConfig], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, config);
    try {
      await importLabInventory(tui, 6);
      // The welcome menu, from its first entry down to "Grow the cluster", one entry at a time.
      for (const entry of ['Guided setup', 'Live panel', 'Local lab', 'Grow the cluster']) {
        await tui.keys('Down');
        await tui.waitFor((s) => s.includes(`❯ ${entry}`));
      }
      await tui.keys('Enter');
      await tui.waitFor('Volume: gv0', 60_000);
      // node1-3 hold the bricks and are not offered; pick node4, node5, node6.
      for (const node of ['node2', 'node3', 'node4', 'node5', 'node6']) {
        await tui.keys('Down');
        await tui.waitFor((s) => new RegExp(`❯ \\[.\\] ${node}`).test(s));
        if (['node4', 'node5', 'node6'].includes(node)) {
          await tui.keys('Space');
          await tui.waitFor((s) => new RegExp(`\\[x\\] ${node}`).test(s));
        }
      }
      await tui.keys('p');
      const shown = await tui.waitFor('This is the proposal: nothing has run yet', 180_000);
      expect(shown).toContain('proposed on node1: gluster volume add-brick gv0 node4:');
      expect(shown).toContain('layout: 1 x 3 = 3 becomes 2 x 3 = 6');
      expect(shown).toContain('layout validator: accepted');
    } finally {
      await tui.close();
    }
    expect(await auditLines(config)).toBe(before);
    expect(await auditLines(consoleConfig)).toBe(0);
    expect(await onNode(lab, 'node4', 'pidof glusterd || echo none')).toContain('none');
  }, 300_000);

  it('grows to 2 x 3 = 6, rebalances to completion, and every file reads back intact through every node', async () => {
    const run = await runCli(['expand', '--inventory', inventory, '--volume', 'gv0', '--hosts', 'node4,node5,node6', '--yes', '--config-dir', config], {}, 900_000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rebalance in progress[^\n]*scanned, \d+ moved/);
    expect(run.stdout).toContain('expand complete: gv0 is 6 bricks in 2 sets');

    const info = await onNode(lab, 'node2', 'gluster volume info gv0');
    expect(info).toContain('Number of Bricks: 2 x 3 = 6');
    for (const node of ['node4', 'node5', 'node6']) expect(info).toContain(`${node}:${BRICK}`);
    const status = parseMigrationStatus(await onNode(lab, 'node1', 'gluster --mode=script volume rebalance gv0 status --xml'), 'rebalance');
    expect(status.nodes).toHaveLength(6);
    expect(status.nodes.every((n) => n.status === MIGRATION_STATUS.COMPLETED && n.failures === 0)).toBe(true);
    expect(status.aggregate!.files).toBeGreaterThan(0);

    // Files moved onto the new set: its bricks hold some of them, and the two sets hold all of them between them.
    const onBricks = await Promise.all(['node1', 'node4'].map((n) => onNode(lab, n, `ls ${BRICK} | grep -c '^data-' || true`)));
    expect(Number(onBricks[1])).toBeGreaterThan(0);
    expect(Number(onBricks[0]) + Number(onBricks[1])).toBe(FILES);
    // Every node, old and new, mounts gv0 and reads every file with its content.
    for (const node of NODES) expect(await checksums(lab, node), node).toBe(written);
  }, 960_000);

  it('a second run plans nothing and runs nothing', async () => {
    const before = await auditLines(config);
    const run = await runCli(['expand', '--inventory', inventory, '--volume', 'gv0', '--hosts', 'node4,node5,node6', '--yes', '--config-dir', config], {}, 300_000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('node4, node5, node6 already hold bricks of gv0: nothing to add');
    expect(run.stdout).not.toContain('$ ');
    expect(await auditLines(config)).toBe(before);
  }, 320_000);
});

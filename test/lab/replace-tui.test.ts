// Replacing a dead node from the console (issue 12): a replica-3 volume with
// files, node3 powered off for good, more files written while it is gone, a
// fresh node4 added to the running lab. In the live panel, node3's "host
// down" finding offers the replace (r); the replace screen has node4 picked,
// p shows the plan with the replace-brick, a asks for node3's name, then the
// stages and the heal's pending count run on screen until "Done, and checked
// again". Checked afterwards with the system's ssh, not the console: node4's
// brick in the volume and online, 0 pending heal entries, every file's
// checksum read back through every live node's mount, node3 out of the pool.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readInventoryFile } from '../../src/config/inventory.js';
import { createSettings } from '../../src/config/settings.js';
import { labCrash } from '../../src/lab/lab.js';
import { labInventoryPath } from '../../src/lab/paths.js';
import { eventually, startTestLab, type TestLab } from './fixture.js';
import { BRICK, MOUNT, onNode, runCli, setupArgs, volumeSummary } from './setup-support.js';
import { Tui } from './tui.js';

async function writeFiles(lab: TestLab, prefix: string, count: number): Promise<void> {
  await onNode(lab, 'node1', `mkdir -p ${MOUNT}/${prefix} && for i in $(seq 1 ${count}); do head -c $((i * 7919)) /dev/urandom > ${MOUNT}/${prefix}/bin-$i; echo "${prefix} file $i" > ${MOUNT}/${prefix}/text-$i; done`);
}

async function checksums(lab: TestLab, node: string): Promise<string> {
  return onNode(lab, node, `cd ${MOUNT} && find . -type f -print | sort | xargs sha256sum`);
}

const highlighted = (screen: string) => screen.split('\n').find((l) => l.startsWith('❯')) ?? '';

/** Moves the cursor toward the line that matches until it is highlighted, waiting for each move to show. */
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

describe.skipIf(inject('labSkipReason') !== '')('replace a dead node from the console', () => {
  let lab: TestLab;
  let work: string;
  let configDir: string;
  let tui: Tui | undefined;

  beforeAll(async () => {
    lab = await startTestLab(3);
    work = mkdtempSync(join(tmpdir(), 'gc-replace-tui-'));
    configDir = join(work, 'config');
  });

  afterAll(async () => {
    await tui?.close();
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("node3 down for good: r on its finding, node4 picked, plan, node3's name typed; node4 holds the brick, heal 0, files read back, node3 detached", async () => {
    const setup = await runCli([...setupArgs(lab, configDir), '--layout', 'replica 3', '--yes'], {}, 400_000);
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    await writeFiles(lab, 'before', 10);
    await labCrash(lab.dir, 3);
    await eventually(() => onNode(lab, 'node1', 'gluster --mode=script peer status'), (s) => /Hostname: node3\s+Uuid: \S+\s+State: Peer in Cluster \(Disconnected\)/.test(s), 60_000, 1000);
    await writeFiles(lab, 'while-down', 10);
    // Many small ones too, so the heal has a backlog to show on screen while it falls.
    await onNode(lab, 'node1', `mkdir -p ${MOUNT}/many && for i in $(seq 1 300); do echo "many $i" > ${MOUNT}/many/f-$i; done`);
    const expected = await checksums(lab, 'node1');
    expect(expected.split('\n').filter(Boolean)).toHaveLength(340);

    const add = await runCli(['lab', 'add', '--dir', lab.dir]);
    expect(add.code, add.stdout + add.stderr).toBe(0);
    lab.inventory = readInventoryFile(labInventoryPath(lab.dir));
    expect(lab.inventory.hosts.map((h) => h.name)).toEqual(['node1', 'node2', 'node3', 'node4']);
    createSettings({ cwd: configDir }).setInventory(lab.inventory);

    tui = await Tui.start(['--config-dir', configDir], {}, work);
    await tui.waitFor('Saved inventory: 4 hosts', 60_000);
    await highlight(tui, /Live panel/);
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('node3 is down: it does not answer over SSH'), 90_000);
    await highlight(tui, /node3 is down/);
    await tui.keys('Enter');
    const finding = await tui.waitFor('Replace (r): node3 by a fresh host (node4)', 30_000);
    expect(finding).toContain('Refused while node3 is alive');

    await tui.keys('r');
    const screen = await tui.waitFor((s) => s.includes('Replace node3 (down) by a fresh host') && /❯ \(•\) node4/.test(s), 20_000);
    expect(screen).toContain('fresh: answers, not in the pool, no brick');
    await tui.keys('p');
    // Long lines wrap at spaces on screen: compared with the whitespace folded.
    const plan = (await tui.waitFor('This is the plan: nothing has run yet', 120_000)).replace(/\s+/g, ' ');
    expect(plan).toContain('volume replace-brick gv0 node3:/data/glusterfs/brick1/brick node4:/data/glusterfs/brick1/brick commit force');
    expect(plan).toContain('peer detach node3');
    expect(plan).toContain('dry run: nothing was changed');
    // Nothing changed by the plan: node3 still holds its brick, node4 is not a peer.
    expect((await volumeSummary(lab)).bricks).toEqual(['node1', 'node2', 'node3'].map((n) => `${n}:${BRICK}`));

    await tui.keys('a');
    await tui.waitFor('Type node3 to confirm', 20_000);
    await tui.type('node3');
    await tui.keys('Enter');

    // The pending count is on screen while the heal runs, and falls to 0 before "done".
    const counts: number[] = [];
    const started = Date.now();
    const done = await tui.waitFor((s) => {
      const m = /heal gv0: (\d+) pending/.exec(s);
      if (m && Number(m[1]) !== counts.at(-1)) counts.push(Number(m[1]));
      return s.includes('Done, and checked again') || s.includes('Stopped:');
    }, 900_000);
    console.log(`replace from the console took ${Math.round((Date.now() - started) / 1000)} s; heal counts seen: ${counts.join(' → ')}`);
    expect(done.replace(/\s+/g, ' '), done).toContain('Done, and checked again: replace done: node3 holds no brick, gv0 healed (0 pending), node3 detached');
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.at(-1)).toBe(0);

    // Witnessed with ssh: the volume as node1's glusterd has it.
    const summary = await volumeSummary(lab);
    expect(summary.bricks).toEqual(['node1', 'node2', 'node4'].map((n) => `${n}:${BRICK}`));
    expect(summary.online).toBe(3);
    const status = await onNode(lab, 'node1', 'gluster --mode=script volume status gv0');
    expect(status.split('\n').find((l) => l.startsWith(`Brick node4:${BRICK}`)), status).toMatch(/\sY\s/);
    const heal = await onNode(lab, 'node1', 'gluster --mode=script volume heal gv0 info');
    expect([...heal.matchAll(/Number of entries: (\S+)/g)].map((m) => m[1])).toEqual(['0', '0', '0']);
    const pool = await onNode(lab, 'node1', 'gluster --mode=script pool list');
    expect(pool).not.toContain('node3');
    expect(pool).toContain('node4');
    for (const node of ['node1', 'node2', 'node4']) expect(await checksums(lab, node), node).toBe(expected);
  }, 1_500_000);
});

// The real console in tmux against a fresh lab (3 nodes, the third in the
// volume-less zone): the guided setup, one step at a time (plan, a, y, the
// typed host name before the transient disk is formatted), reaches a started,
// mounted replica-3 volume; a file written on node1 is read on node3. A second
// session shows every step done, and opening each step plans nothing: the
// hosts, fstab and bricks stay byte for byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestLab, type TestLab } from './fixture.js';
import { highlight, Tui } from './tui.js';
import { allNodeStates, applyStep, auditLines, expectWriteOnNode1ReadOnNode3, fillIntent, openSetupWithLabInventory, STEP_TITLES, volumeSummary } from './setup-support.js';

describe.skipIf(inject('labSkipReason') !== '')('the guided setup in the real console, on the lab', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];
  const open = async (config: string) => {
    const tui = await Tui.start(['--config-dir', config], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work);
    tuis.push(tui);
    return tui;
  };

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-setup-tui-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('reaches a started, mounted replica-3 volume from fresh nodes; node1 writes, node3 reads', async () => {
    const config = join(work, 'config');
    const tui = await open(config);
    const started = Date.now();
    await openSetupWithLabInventory(tui);
    await fillIntent(tui, 'gv0', 'replica 3');
    const overview = await tui.waitFor((s) => /❯ 1 Host entries\s+○ to do on node1, node2, node3/.test(s), 60_000);
    expect(overview).toMatch(/0 Inventory\s+✓ done on 3\/3/);
    await tui.keys('Enter');

    const hostsPlan = await tui.waitFor('a applies it', 60_000);
    expect(hostsPlan).toMatch(/node1\s+to do\s+\[0\/1\]/);
    expect(hostsPlan).toContain('$ f=/etc/hosts');
    expect(await applyStep(tui, 'Host entries')).toMatch(/node3\s+done\s+\[1\/1\] applied and verified/);

    await tui.keys('n');
    expect(await tui.waitFor('a applies it', 60_000)).toContain('$ glusterd -p /run/glusterd.pid');
    expect(await applyStep(tui, 'Install')).toContain('Done and verified on every host');

    await tui.keys('n');
    const bricksPlan = await tui.waitFor('a applies it', 60_000);
    expect(bricksPlan).toContain('! node3: DESTROYS /dev/vdb (ext4 "ephemeral0", mounted at /mnt): type node3 to confirm');
    expect(bricksPlan).toMatch(/\$ mkfs\.xfs -i size=512 -m uuid=[0-9a-f-]+ \/dev\/vdc/);
    expect(await applyStep(tui, 'Bricks', 'node3')).toMatch(/node3\s+done\s+\[7\/7\] applied and verified/);

    await tui.keys('n');
    expect(await tui.waitFor('a applies it', 60_000)).toContain('$ gluster --mode=script peer probe node2');
    expect(await applyStep(tui, 'Probe')).toContain('Done and verified on every host');

    await tui.keys('n');
    const volumePlan = await tui.waitFor('a applies it', 60_000);
    expect(volumePlan.replace(/\s+/g, ' ')).toContain('$ gluster --mode=script volume create gv0 replica 3 node1:/data/glusterfs/brick1/brick node2:/data/glusterfs/brick1/brick node3:/data/glusterfs/brick1/brick');
    expect(await applyStep(tui, 'Volume')).toContain('Done and verified on every host');

    await tui.keys('n');
    await tui.waitFor('a applies it', 60_000);
    const mounted = await applyStep(tui, 'Mount');
    expect(mounted).toContain('Setup complete: gv0 is started and mounted at /data/shared on every node.');
    process.stderr.write(`[setup lab] the whole setup through the console took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    expect(await volumeSummary(lab)).toMatchObject({ type: 'Replicate', status: 'Started', online: 3 });
    await expectWriteOnNode1ReadOnNode3(lab, 'from-the-console.txt');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('a second session finds every step done and plans nothing: hosts, fstab and bricks stay byte for byte', async () => {
    const config = join(work, 'config');
    const before = await allNodeStates(lab);
    const lines = await auditLines(config);
    const tui = await open(config);
    await tui.waitFor('Saved inventory: 3 hosts');
    await tui.keys('Down');
    await tui.waitFor((s) => /❯ Guided setup/.test(s));
    await tui.keys('Enter');
    const overview = await tui.waitFor('Setup complete', 90_000);
    for (const title of STEP_TITLES) expect(overview).toMatch(new RegExp(`${title}\\s+✓ done on 3/3`));
    // Opening each step checks again and finds nothing to run.
    await tui.keys('Up', 'Up', 'Up', 'Up', 'Up', 'Up');
    await tui.waitFor((s) => /❯ 0 Inventory/.test(s));
    await tui.keys('Enter');
    for (const title of STEP_TITLES) {
      const screen = await tui.waitFor((s) => s.includes(`· ${title}:`) && s.includes('Done and verified on every host'), 60_000);
      expect(screen).not.toContain('applied');
      if (title !== 'Mount') await tui.keys('n');
    }
    expect(await auditLines(config)).toBe(lines);
    expect(await allNodeStates(lab)).toEqual(before);
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('the live panel marks node3\'s brick, on its transient disk, and only that one', async () => {
    const tui = await open(join(work, 'config'));
    await tui.waitFor('Saved inventory: 3 hosts');
    await tui.keys('Down', 'Down');
    await tui.waitFor((s) => /❯ Live panel/.test(s));
    await tui.keys('Enter');
    await tui.waitFor((s) => /Cluster HEALTHY/.test(s), 60_000);
    await highlight(tui, /^❯ gv0\s/);
    await tui.keys('Enter');
    const view = await tui.waitFor((s) => s.includes('Volume gv0 ·') && /node3:\S+.*ok, transient disk/.test(s), 60_000);
    expect(view).not.toMatch(/node[12]:\S+.*transient/);
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

// `gluster-console setup` (no TUI) on a fresh lab of three nodes, the third in
// the volume-less zone: a dry run changes nothing; the real run reaches a
// started, mounted replica-3 volume even though node3 loses power in the
// middle of the mount step (resumed after boot); running it again plans nothing and leaves
// hosts, fstab and bricks byte for byte; after a power cut of every node the
// bricks come back from fstab, the volume comes back, and the setup resumes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';
import {
  address,
  allNodeStates,
  auditLines,
  BRICK_MOUNT,
  expectWriteOnNode1ReadOnNode3,
  MOUNT,
  onNode,
  runCli,
  setupArgs,
  startCli,
  volumeSummary,
  waitForBricksOnline,
} from './setup-support.js';

describe.skipIf(inject('labSkipReason') !== '')('setup without the TUI, on the lab', () => {
  let lab: TestLab;
  let config: string;

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    config = mkdtempSync(join(tmpdir(), 'gc-setup-cmd-'));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  });

  it('--dry-run shows every plan and changes nothing', async () => {
    const before = await Promise.all(['node1', 'node2', 'node3'].map((n) => onNode(lab, n, 'sha256sum /etc/hosts /etc/fstab; findmnt -rn -o TARGET | sort | sha256sum; pidof glusterd || echo none')));
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--dry-run'));
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('plan (dry run: nothing runs):');
    expect(run.stdout).toContain(`/etc/hosts + ${address(lab, 'node2')}\tnode2`);
    expect(run.stdout).toContain('$ glusterd -p /run/glusterd.pid');
    expect(run.stdout).toMatch(/\$ mkfs\.xfs -i size=512 -m uuid=[0-9a-f-]{36} \/dev\/vdc/);
    expect(run.stdout).toMatch(/! destroys data on \/dev\/vdb: ext4 "ephemeral0", mounted at \/mnt/);
    expect(run.stdout).toContain('dry run: nothing was changed');
    const after = await Promise.all(['node1', 'node2', 'node3'].map((n) => onNode(lab, n, 'sha256sum /etc/hosts /etc/fstab; findmnt -rn -o TARGET | sort | sha256sum; pidof glusterd || echo none')));
    expect(after).toEqual(before);
    expect(after.every((s) => s.trim().endsWith('none'))).toBe(true);
    expect(await auditLines(config)).toBe(0);
  });

  it('without --wipe, does not touch the transient disk that holds data; the others finish the step', async () => {
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/node3: not confirmed: pass --wipe node3 to let the setup wipe \/dev\/vdb/);
    expect(run.stdout).toMatch(/node1: done \(applied and verified\)/);
    expect(run.stdout).toMatch(/setup stopped at "Bricks"/);
    expect(await onNode(lab, 'node3', 'findmnt -rn -o TARGET /mnt; blkid -p -s LABEL -o value /dev/vdb')).toBe('/mnt\nephemeral0\n');
    expect(await onNode(lab, 'node1', `findmnt -rn -o FSTYPE ${BRICK_MOUNT}`)).toBe('xfs\n');
  });

  it('a power cut of node3 while its mount command runs: node3 fails with a clear error, the others finish', async () => {
    const run = startCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes', '--wipe', 'node3'));
    await eventually(async () => run.output(), (out) => out.includes('node3: running: mount gv0 at /data/shared'), 120_000, 20);
    await labCrash(lab.dir, 3);
    const { code, stdout } = await run.done;
    expect(code).toBe(1);
    expect(stdout).toMatch(/node3: FAILED: .*node3/);
    expect(stdout).toContain('    the command: mount /data/shared');
    expect(stdout).toMatch(/node1: done \(applied and verified\)\n(.*\n)*ok {3}Volume: done on 3\/3/);
    expect(stdout).toContain('--   Mount: done on 2/3');
    expect(stdout).toMatch(/setup stopped at "Mount"/);
    for (const node of ['node1', 'node2']) expect(await onNode(lab, node, `findmnt -rn -o SOURCE,FSTYPE ${MOUNT}`)).toBe('localhost:/gv0 fuse.glusterfs\n');
  });

  it('after lab boot, the same command resumes from the real state and completes', async () => {
    await labBoot(lab.dir, 3);
    const started = Date.now();
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    process.stderr.write(`[setup lab] the resumed setup took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Resumed: nothing before the mount step is applied again.
    expect(run.stdout).not.toMatch(/node[12]: running:/);
    expect(run.stdout).toContain('setup complete: gv0 is started and mounted at /data/shared on every node');
    const volume = await volumeSummary(lab);
    expect(volume).toMatchObject({ type: 'Replicate', status: 'Started', online: 3 });
    expect(volume.bricks).toEqual(['node1', 'node2', 'node3'].map((n) => `${n}:${BRICK_MOUNT}/brick`));
    for (const node of ['node1', 'node2', 'node3']) {
      expect(await onNode(lab, node, `findmnt -rn -o SOURCE,FSTYPE ${MOUNT}`)).toBe('localhost:/gv0 fuse.glusterfs\n');
      expect(await onNode(lab, node, `grep -c ' ${BRICK_MOUNT} xfs defaults,nofail ' /etc/fstab`)).toBe('1\n');
      expect(await onNode(lab, node, `grep -c ' ${MOUNT} glusterfs ' /etc/fstab`)).toBe('1\n');
    }
    expect(await onNode(lab, 'node3', 'grep -c " /mnt " /etc/fstab || true')).toBe('0\n');
    await expectWriteOnNode1ReadOnNode3(lab, 'from-the-command.txt');
  });

  it('run again, plans nothing and leaves /etc/hosts, /etc/fstab and the bricks byte for byte', async () => {
    const before = await allNodeStates(lab);
    const lines = await auditLines(config);
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('running:');
    expect(run.stdout).not.toContain('plan:');
    expect(await auditLines(config)).toBe(lines);
    expect(await allNodeStates(lab)).toEqual(before);
  });

  it('after a power cut of every node, the bricks mount from fstab, the volume comes back, and the setup completes', async () => {
    const before = await allNodeStates(lab);
    // All at once, as a power cut and its return are: each boot waits for its node's glusterd, which takes seconds to start.
    await Promise.all([1, 2, 3].map((i) => labCrash(lab.dir, i)));
    await Promise.all([1, 2, 3].map((i) => labBoot(lab.dir, i)));
    for (const node of ['node1', 'node2', 'node3']) {
      const r = await eventually(() => sshRun(lab, address(lab, node), `findmnt -rn -o FSTYPE ${BRICK_MOUNT}`), (x) => x.stdout === 'xfs\n', 30_000, 200);
      expect(r.stdout).toBe('xfs\n');
    }
    await waitForBricksOnline(lab);
    // The first node to boot may mount the volume before its own brick runs (and give up): the setup mounts what is missing.
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    expect(run.code, run.stdout).toBe(0);
    const after = await allNodeStates(lab);
    for (const node of ['node1', 'node2', 'node3']) {
      expect(after[node]!.fs).toBe(before[node]!.fs);
      expect(after[node]!.xattrs).toBe(before[node]!.xattrs);
      expect(after[node]!.fstab).toBe(before[node]!.fstab);
    }
    await expectWriteOnNode1ReadOnNode3(lab, 'after-the-power-cut.txt');
  });
});

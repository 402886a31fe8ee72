// Faults in the middle of `gluster-console setup` (issue 11), on real nodes:
// /etc full on one node, a node going silent while a step runs, a `mount`
// that never returns. Each fault is made inside node2's own mount namespace
// (through its sshd) or with `lab silence`, so nothing outside node2 changes;
// each test undoes its fault, and the same command run again completes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runLocal } from '../../src/lab/host-exec.js';
import { labBoot, labCrash, labSilence } from '../../src/lab/lab.js';
import { childrenOf } from '../../src/lab/procs.js';
import { startTestLab, type TestLab } from './fixture.js';
import { BRICK_MOUNT, expectWriteOnNode1ReadOnNode3, MOUNT, onNode, setupArgs, startCli, volumeSummary, waitForBricksOnline } from './setup-support.js';

/**
 * node2's /etc becomes a full filesystem: a copy of its /etc on a small tmpfs
 * under the node's own /run, bound over /etc, then filled to the last block.
 * Undone by unmounting it: the node's own /etc (the lab's overlay) is back.
 */
const FILL_ETC = `set -e
mkdir -p /run/gc-etc-full
mount -t tmpfs -o size=16m tmpfs /run/gc-etc-full
cp -a /etc/. /run/gc-etc-full/
mount --bind /run/gc-etc-full /etc
dd if=/dev/zero of=/etc/.gc-fill bs=4k 2>/dev/null || true
test "$(df -P /etc | awk 'NR==2 {print $4}')" = 0`;
const UNFILL_ETC = 'umount -l /etc && umount -l /run/gc-etc-full && rmdir /run/gc-etc-full';

/** What the setup's file writes leave in /etc: backups and temp files. */
const LEFTOVERS = "ls -A /etc | grep 'gluster-console' || true";

/**
 * node2's cp waits 3 s before copying: the file write's backup (its first
 * step) then still runs when the test sees the step start, so the silence
 * lands in the middle of the write, not after it.
 */
const SLOW_CP = `set -e
cp /usr/bin/cp /run/gc-real-cp
printf '#!/bin/sh\\nsleep 3\\nexec /run/gc-real-cp "$@"\\n' > /run/gc-slow-cp
chmod 755 /run/gc-slow-cp
mount --bind /run/gc-slow-cp /usr/bin/cp`;
const FAST_CP = 'umount /usr/bin/cp && rm -f /run/gc-slow-cp /run/gc-real-cp';

/**
 * How long node2 may take to fail once it is silent: the SSH keepalive gives up
 * after 3 x 5 s (src/ssh/pool.ts), and the step's re-check of node2 then waits
 * for a new login, bounded at 10 s (connectTimeoutMs), or for the check's own
 * 30 s (steps/read.ts). 15 + 30, and room for a busy 2-core machine.
 */
const SILENT_FAIL_BOUND_MS = 60_000;

/** node2's sshd dies, as when the OOM killer takes it: the listener and every session's sshd, not the commands they started. */
async function killSshd(lab: TestLab, node: number): Promise<number> {
  const host = lab.inventory.hosts[node - 1]!;
  const r = await runLocal('ss', ['-Hltnp', `src ${host.address}:${host.ssh?.port ?? 22}`]);
  const listener = Number(/pid=(\d+)/.exec(r.stdout)?.[1]);
  if (!listener) throw new Error(`no sshd listens for node${node}: ${r.stdout}${r.stderr}`);
  const comm = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  const sshds: number[] = [];
  const walk = (pid: number) => {
    if (comm(pid).startsWith('sshd')) sshds.push(pid);
    for (const child of childrenOf(pid)) walk(child);
  };
  walk(listener);
  for (const pid of sshds) process.kill(pid, 'SIGKILL');
  return sshds.length;
}

describe.skipIf(inject('labSkipReason') !== '')('faults during the setup, on the lab', () => {
  let lab: TestLab;
  let config: string;
  const args = (...extra: string[]) => setupArgs(lab, config, '--layout', 'replica 3', '--yes', ...extra);

  beforeAll(async () => {
    lab = await startTestLab(3);
    config = mkdtempSync(join(tmpdir(), 'gc-setup-faults-'));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  });

  it('/etc full on node2: its /etc/hosts write fails, names the full filesystem, and leaves nothing behind; the others finish', async () => {
    const before = await onNode(lab, 'node2', 'sha256sum < /etc/hosts');
    await onNode(lab, 'node2', FILL_ETC);
    try {
      const kept = await onNode(lab, 'node2', LEFTOVERS);
      const run = await startCli(args()).done;
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/node2: FAILED: exit 1: no space left on \/etc \(the filesystem that holds \/etc\/hosts\)/);
      expect(run.stdout).not.toMatch(/node2: FAILED: .*(I\/O error|error copying)/);
      for (const node of ['node1', 'node3']) expect(run.stdout).toContain(`${node}: done (applied and verified)`);
      expect(run.stdout).toContain('setup stopped at "Host entries"');
      // What node2 saw: the original file, no backup, no temp file.
      expect(await onNode(lab, 'node2', 'sha256sum < /etc/hosts')).toBe(before);
      expect(await onNode(lab, 'node2', LEFTOVERS)).toBe(kept);
    } finally {
      await onNode(lab, 'node2', UNFILL_ETC);
    }
  });

  it('/etc full on node2 at the bricks step: its /etc/fstab write fails the same way', async () => {
    // A run that completes the host entries and stops at the bricks step, which it runs with them: a brick
    // mount that is not empty on node1 blocks that step on every host, so no brick is prepared yet.
    await onNode(lab, 'node1', 'mkdir -p /data/not-empty && touch /data/not-empty/kept');
    const first = await startCli(args('--brick-mount', '/data/not-empty')).done;
    await onNode(lab, 'node1', 'rm -rf /data/not-empty');
    expect(first.stdout).toMatch(/\[Host entries\] node2: done \(applied and verified\)/);
    expect(first.stdout).toContain('setup stopped at "Bricks"');
    expect(first.stdout).not.toMatch(/running: .*brick filesystem/);
    const fstab = await onNode(lab, 'node2', 'sha256sum < /etc/fstab');
    await onNode(lab, 'node2', FILL_ETC);
    try {
      // The host entries' backup from the run above stays: it is the one to go back to.
      const kept = await onNode(lab, 'node2', LEFTOVERS);
      expect(kept).toMatch(/^hosts\.gluster-console-\d{8}-\d{6}\n$/);
      const run = await startCli(args()).done;
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/node2: FAILED: exit 1: no space left on \/etc \(the filesystem that holds \/etc\/fstab\)/);
      expect(run.stdout).toContain('setup stopped at "Bricks"');
      expect(await onNode(lab, 'node2', 'sha256sum < /etc/fstab')).toBe(fstab);
      expect(await onNode(lab, 'node2', LEFTOVERS)).toBe(kept);
    } finally {
      await onNode(lab, 'node2', UNFILL_ETC);
    }
  });

  /** Runs the setup, silences node2 once `trigger` is in the output; returns the run and how long node2 took to fail. */
  async function silenceNode2During(trigger: string): Promise<{ code: number; stdout: string; failedAfterMs: number; endedAfterMs: number }> {
    const cli = startCli(args());
    await waitForOutput(cli.output, (o) => o.includes(trigger));
    await labSilence(lab.dir, 2, true);
    const silenced = Date.now();
    try {
      await waitForOutput(cli.output, (o) => /node2: FAILED/.test(o.slice(o.indexOf(trigger))), SILENT_FAIL_BOUND_MS + 30_000);
      const failedAfterMs = Date.now() - silenced;
      const run = await cli.done;
      return { ...run, failedAfterMs, endedAfterMs: Date.now() - silenced };
    } finally {
      await labSilence(lab.dir, 2, false);
    }
  }

  it('node2 goes silent while the mount step writes its /etc/fstab: node2 fails within its bound, the others mount; fstab is old or new; the re-run completes', async () => {
    await onNode(lab, 'node2', SLOW_CP);
    try {
      const run = await silenceNode2During('node2: running: /etc/fstab: mount gv0');
      process.stderr.write(`[setup-faults] mount step: node2 failed ${run.failedAfterMs} ms after the silence; the run ended after ${run.endedAfterMs} ms\n`);
      expect(run.code, run.stdout).toBe(1);
      expect(run.failedAfterMs).toBeLessThan(SILENT_FAIL_BOUND_MS);
      expect(run.stdout).toMatch(/node2: FAILED: .*(lost the connection to node2|did not answer|did not complete the SSH login)/);
      const mountStep = run.stdout.slice(run.stdout.indexOf('== step 6/6 Mount'));
      for (const node of ['node1', 'node3']) expect(mountStep).toContain(`${node}: done (applied and verified)`);
      expect(run.stdout).toContain('--   Mount: done on 2/3');
      for (const node of ['node1', 'node3']) expect(await onNode(lab, node, `findmnt -rn -o SOURCE,FSTYPE ${MOUNT}`)).toBe('localhost:/gv0 fuse.glusterfs\n');
    } finally {
      await onNode(lab, 'node2', FAST_CP);
    }
    // The old file (the brick line only) or the new one (and the volume's line): never cut short.
    const fstab = await onNode(lab, 'node2', 'cat /etc/fstab');
    expect(fstab).toMatch(/^# \/etc\/fstab of a lab node/);
    expect(fstab.endsWith('\n')).toBe(true);
    expect(fstab.split('\n').filter((l) => l.includes(` ${BRICK_MOUNT} xfs `))).toHaveLength(1);
    expect(fstab.split('\n').filter((l) => l.includes(` ${MOUNT} glusterfs `)).length).toBeLessThanOrEqual(1);
    process.stderr.write(`[setup-faults] node2's fstab after the silence: the ${fstab.includes(` ${MOUNT} glusterfs `) ? 'new' : 'old'} file\n`);

    const again = await startCli(args()).done;
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('setup complete: gv0 is started and mounted at /data/shared on every node');
    expect(await volumeSummary(lab)).toMatchObject({ type: 'Replicate', status: 'Started', online: 3 });
    await expectWriteOnNode1ReadOnNode3(lab, 'after-the-silence.txt');
  });

  it('node2 goes silent while the host entries step writes its /etc/hosts: node2 fails within its bound, the others finish; hosts is old or new; the re-run completes', async () => {
    // Back to the hosts files the nodes came up with (the first backup the setup made), so every node has a write to do.
    const wanted = await onNode(lab, 'node2', 'cat /etc/hosts');
    const original: Record<string, string> = {};
    for (const node of ['node1', 'node2', 'node3']) {
      original[node] = await onNode(lab, node, 'cat "$(ls /etc/hosts.gluster-console-* | sort | head -1)"');
      expect(original[node]).toContain('the peers are not here yet');
      await onNode(lab, node, 'cat "$(ls /etc/hosts.gluster-console-* | sort | head -1)" > /etc/hosts');
    }
    await onNode(lab, 'node2', SLOW_CP);
    try {
      const run = await silenceNode2During('node2: running: /etc/hosts');
      process.stderr.write(`[setup-faults] host entries: node2 failed ${run.failedAfterMs} ms after the silence; the run ended after ${run.endedAfterMs} ms\n`);
      expect(run.code, run.stdout).toBe(1);
      expect(run.failedAfterMs).toBeLessThan(SILENT_FAIL_BOUND_MS);
      expect(run.stdout).toMatch(/node2: FAILED: .*(lost the connection to node2|did not answer|did not complete the SSH login)/);
      for (const node of ['node1', 'node3']) expect(run.stdout).toContain(`${node}: done (applied and verified)`);
      expect(run.stdout).toContain('setup stopped at "Host entries"');
    } finally {
      await onNode(lab, 'node2', FAST_CP);
    }
    const hosts = await onNode(lab, 'node2', 'cat /etc/hosts');
    expect([original.node2, wanted]).toContain(hosts);
    process.stderr.write(`[setup-faults] node2's hosts after the silence: the ${hosts === wanted ? 'new' : 'old'} file\n`);

    const again = await startCli(args()).done;
    expect(again.code, again.stdout).toBe(0);
    expect(await onNode(lab, 'node2', 'cat /etc/hosts')).toBe(wanted);
  });

  it('a mount that never returns on node2: killed at --command-timeout, reported with the command and how to raise the bound, nothing left running; the re-run completes', async () => {
    // node2's `mount` becomes a script that ignores SIGTERM and sleeps: the kill must escalate to SIGKILL.
    await onNode(lab, 'node2', `set -e
umount -l ${MOUNT}
printf '#!/bin/sh\\ntrap "" TERM\\nsleep 4242\\n' > /run/gc-hung-mount
chmod 755 /run/gc-hung-mount
mount --bind /run/gc-hung-mount /usr/bin/mount`);
    try {
      const started = Date.now();
      const run = await startCli(args('--command-timeout', '5')).done;
      process.stderr.write(`[setup-faults] hung mount: the run ended after ${Date.now() - started} ms\n`);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toContain('note: a command that runs longer than 5 s on a host is killed (installs and mkfs: 75 s)');
      expect(run.stdout).toMatch(/node2: FAILED: node2: `mount \/data\/shared` did not finish within 5s; it ignored SIGTERM and was killed \(SIGKILL\); raise it with --command-timeout or the setting commandTimeoutMs\n/);
      expect(run.stdout).toContain('    the command: mount /data/shared');
      // Gone on the node itself, not only from the console's view (the node's own PID namespace).
      expect(await onNode(lab, 'node2', "ps -eo args | grep -c '^sleep 4242' || true")).toBe('0\n');
    } finally {
      await onNode(lab, 'node2', 'umount /usr/bin/mount; rm -f /run/gc-hung-mount');
    }
    const again = await startCli(args()).done;
    expect(again.code, again.stdout).toBe(0);
    expect(await onNode(lab, 'node2', `findmnt -rn -o SOURCE,FSTYPE ${MOUNT}`)).toBe('localhost:/gv0 fuse.glusterfs\n');
  });

  it('node2\'s sshd dies while the host entries step writes its /etc/hosts: node2 fails at once, the others finish; hosts is old or new; after a reboot the re-run completes', async () => {
    const wanted = await onNode(lab, 'node2', 'cat /etc/hosts');
    for (const node of ['node1', 'node2', 'node3']) await onNode(lab, node, 'cat "$(ls /etc/hosts.gluster-console-* | sort | head -1)" > /etc/hosts');
    const original = await onNode(lab, 'node2', 'cat /etc/hosts');
    await onNode(lab, 'node2', SLOW_CP);
    const cli = startCli(args());
    await waitForOutput(cli.output, (o) => o.includes('node2: running: /etc/hosts'));
    expect(await killSshd(lab, 2)).toBeGreaterThan(1);
    const killed = Date.now();
    const run = await cli.done;
    process.stderr.write(`[setup-faults] sshd killed: the run ended after ${Date.now() - killed} ms\n`);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/node2: FAILED: .*node2/);
    for (const node of ['node1', 'node3']) expect(run.stdout).toContain(`${node}: done (applied and verified)`);
    expect(run.stdout).toContain('setup stopped at "Host entries"');

    // No sshd to ask: a power cycle brings it back (and drops the slow cp, a mount of the old boot).
    await labCrash(lab.dir, 2);
    await labBoot(lab.dir, 2);
    const hosts = await onNode(lab, 'node2', 'cat /etc/hosts');
    expect([original, wanted]).toContain(hosts);
    process.stderr.write(`[setup-faults] node2's hosts after its sshd died: the ${hosts === wanted ? 'new' : 'old'} file; left in /etc: ${JSON.stringify(await onNode(lab, 'node2', LEFTOVERS))}\n`);

    const again = await startCli(args()).done;
    expect(again.code, again.stdout).toBe(0);
    expect(await onNode(lab, 'node2', 'cat /etc/hosts')).toBe(wanted);
    await waitForBricksOnline(lab);
  });
});

async function waitForOutput(output: () => string, ok: (out: string) => boolean, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!ok(output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return output();
}


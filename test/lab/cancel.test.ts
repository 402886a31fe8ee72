// Ctrl-C in the real console while a setup step's command runs on a host: it
// asks, then stops the command on the host itself (the process is gone from the
// node, not only from the console's view), leaves the file it was writing as it
// was, reads the hosts again, and the step completes when run again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestLab, type TestLab } from './fixture.js';
import { applyStep, fillIntent, onNode, openSetupWithLabInventory } from './setup-support.js';
import { Tui } from './tui.js';

/** node2's cp, which the host entries write runs first (its backup), waits a long time, ignoring SIGTERM: only SIGKILL stops it. */
const STUCK_CP = `set -e
cp /usr/bin/cp /run/gc-real-cp
printf '#!/bin/sh\\ntrap "" TERM\\nsleep 4343\\nexec /run/gc-real-cp "$@"\\n' > /run/gc-stuck-cp
chmod 755 /run/gc-stuck-cp
mount --bind /run/gc-stuck-cp /usr/bin/cp`;
const REAL_CP = 'umount /usr/bin/cp; rm -f /run/gc-stuck-cp /run/gc-real-cp';
const SLEEPS = "ps -eo args | grep -c '^sleep 4343' || true";

describe.skipIf(inject('labSkipReason') !== '')('Ctrl-C cancels a running setup command, on the host', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-cancel-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    if (lab) await onNode(lab, 'node2', REAL_CP).catch(() => '');
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('asks, stops node2\'s stuck command there (SIGKILL after SIGTERM), leaves /etc/hosts as it was; run again, the step completes', async () => {
    const before = await onNode(lab, 'node2', 'cat /etc/hosts');
    await onNode(lab, 'node2', STUCK_CP);
    const tui = await Tui.start(['--config-dir', join(work, 'config')], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work);
    tuis.push(tui);
    await openSetupWithLabInventory(tui);
    await fillIntent(tui, 'gv0', 'replica 3');
    await tui.waitFor((s) => /❯ 1 Host entries/.test(s), 60_000);
    await tui.keys('Enter');
    await tui.waitFor('a applies it', 60_000);
    await tui.keys('a');
    await tui.waitFor('Apply "Host entries"?');
    await tui.keys('y');
    await tui.waitFor((s) => /node2\s+running/.test(s) && /node1\s+(verifying|done)/.test(s), 60_000);
    expect(await onNode(lab, 'node2', SLEEPS)).toBe('1\n');

    await tui.keys('C-c');
    const question = await tui.waitFor('Cancel "Host entries"?');
    expect(question).toContain('on node2 are stopped on their hosts');
    await tui.keys('y');
    const cancelled = await tui.waitFor((s) => s.includes('Cancelled "Host entries"') && s.includes('Not done on every host'), 60_000);
    expect(cancelled).toMatch(/node1\s+done/);
    expect(cancelled).toMatch(/node2\s+FAILED/);
    // Gone on the node itself, and the write never got past its backup: the file is as it was.
    expect(await onNode(lab, 'node2', SLEEPS)).toBe('0\n');
    expect(await onNode(lab, 'node2', 'cat /etc/hosts')).toBe(before);
    expect(tui.exitCode()).toBeNull(); // cancelling is not quitting

    await onNode(lab, 'node2', REAL_CP);
    await tui.keys('r');
    expect(await applyStep(tui, 'Host entries')).toContain('Done and verified on every host');
    expect(await onNode(lab, 'node2', 'getent hosts node1 node3')).toMatch(/node1[\s\S]*node3/);
    // Nothing runs now: Ctrl-C quits.
    await tui.keys('C-c');
    expect(await tui.waitForExit()).toBe(0);
  });
});

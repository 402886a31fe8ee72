// A power cut in the middle of a step, in the real console: node3 dies after
// the bricks plan is shown; applying gives node3 a clear error of its own
// while node1 and node2 finish; after `lab boot 3` the step checks again,
// plans only what node3 still needs, and the setup completes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { startTestLab, type TestLab } from './fixture.js';
import { Tui } from './tui.js';
import { applyStep, BRICK_MOUNT, expectWriteOnNode1ReadOnNode3, fillIntent, onNode, openSetupWithLabInventory, volumeSummary } from './setup-support.js';

describe.skipIf(inject('labSkipReason') !== '')('a power cut during the guided setup, on the lab', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-setup-crash-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the dead host its own error, lets the others finish, and resumes after boot', async () => {
    const tui = await Tui.start(['--config-dir', join(work, 'config')], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work);
    tuis.push(tui);
    await openSetupWithLabInventory(tui);
    await fillIntent(tui, 'gv0', 'replica 3');
    await tui.waitFor((s) => /❯ 1 Host entries/.test(s), 60_000);
    await tui.keys('Enter');
    expect(await applyStep(tui, 'Host entries')).toContain('Done and verified on every host');
    await tui.keys('n');
    expect(await applyStep(tui, 'Install')).toContain('Done and verified on every host');
    await tui.keys('n');
    await tui.waitFor('a applies it', 60_000);

    // The plan is on screen; node3 loses power before the operator applies it.
    await labCrash(lab.dir, 3);
    const failed = await applyStep(tui, 'Bricks', 'node3');
    expect(failed).toContain('Not done on every host: fix what is shown, then r checks again and resumes from the real state.');
    expect(failed).toMatch(/node1\s+done\s+\[5\/5\] applied and verified/);
    expect(failed).toMatch(/node2\s+done\s+\[5\/5\] applied and verified/);
    expect(failed).toMatch(/node3\s+FAILED\s+\[0\/7\]/);
    expect(failed).toMatch(/node3: .*(nothing accepts connections|refused the connection|lost the connection|did not answer|closed)/);
    expect(failed).toContain('the command: umount /mnt');
    expect(await onNode(lab, 'node1', `findmnt -rn -o FSTYPE ${BRICK_MOUNT}`)).toBe('xfs\n');

    // Power back: the boot mounts what the node's fstab lists (still the transient disk at /mnt).
    await labBoot(lab.dir, 3);
    await tui.keys('r');
    const again = await tui.waitFor((s) => s.includes('a applies it') && /node3\s+to do\s+\[0\/7\]/.test(s), 60_000);
    expect(again).toMatch(/node1\s+done/);
    expect(again).toMatch(/node2\s+done/);
    expect(again).not.toMatch(/node1: \d+ commands?/);
    expect(await applyStep(tui, 'Bricks', 'node3')).toMatch(/node3\s+done\s+\[7\/7\] applied and verified/);

    for (const title of ['Probe', 'Volume', 'Mount']) {
      await tui.keys('n');
      expect(await applyStep(tui, title)).toContain('Done and verified on every host');
    }
    await tui.waitFor('Setup complete: gv0 is started and mounted at /data/shared on every node.');
    expect(await volumeSummary(lab)).toMatchObject({ type: 'Replicate', status: 'Started', online: 3 });
    await expectWriteOnNode1ReadOnNode3(lab, 'after-the-crash.txt');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

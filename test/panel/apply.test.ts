// Running a confirmed plan: in order, on each step's host, stopping at the first failure.
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/panel/apply.js';
import { healPlan, mountAndStartPlan, startGlusterdPlan } from '../../src/panel/plans.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';

const noWait = async () => {};
const mountPlan = () =>
  mountAndStartPlan({ volume: 'datapoint', host: 'node3', brickPath: '/data/glusterfs/brick1/brick', mountPoint: '/data/glusterfs/brick1', glusterHost: 'node1', fromFstab: true });

describe('runPlan', () => {
  it('runs every step on its host, in order', async () => {
    const fake = new FakeExecutor().on('*', /.*/, { stdout: 'ok\n' });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.ok).toBe(true);
    expect(fake.calls).toEqual([
      { host: 'node3', command: 'mount /data/glusterfs/brick1' },
      { host: 'node3', command: 'mountpoint -q /data/glusterfs/brick1 && test -d /data/glusterfs/brick1/brick' },
      { host: 'node1', command: 'gluster --mode=script volume start datapoint force' },
    ]);
    expect(outcome.summary).toMatch(/done; the brick comes online/);
  });

  it('stops at a failed check: never starts the brick over an unmounted directory', async () => {
    const fake = new FakeExecutor().on('*', /.*/, { stdout: '' }).on('node3', /^mountpoint/, { code: 1 });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.ok).toBe(false);
    expect(fake.calls.map((c) => c.command)).not.toContain('gluster --mode=script volume start datapoint force');
    expect(outcome.summary).toMatch(/failed at step 2 of 3: stopped: the check failed: \/data\/glusterfs\/brick1 is a mount point/);
  });

  it('says what the failing command said', async () => {
    const fake = new FakeExecutor().on('node3', 'mount /data/glusterfs/brick1', { code: 32, stderr: 'mount: /data/glusterfs/brick1: can\'t find UUID=x.\n' });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.outcomes[0]!.error).toBe("mount /data/glusterfs/brick1 exited 32: mount: /data/glusterfs/brick1: can't find UUID=x.");
  });

  it('retries a heal while the self-heal daemon starts, then succeeds', async () => {
    let tries = 0;
    const fake = new FakeExecutor()
      .on('node1', /volume set/, { stdout: 'volume set: success\n' })
      .on('node1', 'gluster --mode=script volume heal datapoint', () =>
        ++tries < 3
          ? { code: 1, stdout: "Launching heal operation to perform index self heal on volume datapoint has been unsuccessful:\nGlusterd Syncop Mgmt brick op 'Heal' failed. Please check glustershd log file for details.\n" }
          : { stdout: 'Launching heal operation to perform index self heal on volume datapoint has been successful \n' },
      );
    const progress: number[] = [];
    const outcome = await runPlan(fake, healPlan('datapoint', 'node1', { enableShd: { disperse: false } }), { sleep: noWait, onProgress: (e) => progress.push(e.attempt) });
    expect(outcome.ok).toBe(true);
    expect(outcome.outcomes[1]!.attempts).toBe(3);
    expect(tries).toBe(3);
    expect(progress).toContain(3);
  });

  it('does not retry a refusal that will not change ("Self-heal-daemon is disabled")', async () => {
    const fake = new FakeExecutor().on('node1', /heal/, { code: 1, stdout: 'Self-heal-daemon is disabled. Heal will not be triggered on volume datapoint\n' });
    const outcome = await runPlan(fake, healPlan('datapoint', 'node1'), { sleep: noWait });
    expect(outcome.ok).toBe(false);
    expect(fake.calls).toHaveLength(1);
  });

  it('reports an SSH failure as the step\'s failure', async () => {
    const fake = new FakeExecutor().on('node2', /.*/, { error: new SshError('unreachable', 'node2', 'node2: nothing accepts connections') });
    const outcome = await runPlan(fake, startGlusterdPlan('node2', false), { sleep: noWait });
    expect(outcome).toMatchObject({ ok: false, summary: expect.stringContaining('node2: nothing accepts connections') });
  });
});

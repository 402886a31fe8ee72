// Running a confirmed fix: in order, on each step's host, stopping at the first
// failure, every command audited, and "done" only when checking again shows it fixed.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/config/audit.js';
import { findingGoal, runFix, type FixDeps } from '../../src/panel/fix.js';
import type { ClusterReport, Finding } from '../../src/panel/report.js';
import type { Plan } from '../../src/panel/plans.js';
import { healPlan, mountAndStartPlan, startGlusterdPlan } from '../../src/panel/plans.js';
import { SshError } from '../../src/ssh/types.js';
import type { Executor } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';

// Without a goal: the commands' outcome only ("ran", never "fixed").
function runPlan(executor: Executor, plan: Plan, extra: Partial<FixDeps> = {}) {
  return runFix(plan, undefined, { executor, ...extra });
}

const noWait = async () => {};
const mountPlan = () =>
  mountAndStartPlan({ volume: 'datapoint', host: 'node3', brickPath: '/data/glusterfs/brick1/brick', mountPoint: '/data/glusterfs/brick1', glusterHost: 'node1', fromFstab: true });

describe('running a fix', () => {
  it('runs every step on its host, in order', async () => {
    const fake = new FakeExecutor().on('*', /.*/, { stdout: 'ok\n' });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.ok).toBe(true);
    expect(fake.calls).toEqual([
      { host: 'node3', command: 'mount /data/glusterfs/brick1' },
      { host: 'node3', command: 'mountpoint -q /data/glusterfs/brick1 && test -d /data/glusterfs/brick1/brick' },
      { host: 'node1', command: 'gluster --mode=script volume start datapoint force' },
    ]);
    expect(outcome.summary).toMatch(/: ran; the brick comes online/);
    expect(outcome.summary).not.toMatch(/done/);
  });

  it('stops at a failed check: never starts the brick over an unmounted directory', async () => {
    const fake = new FakeExecutor().on('*', /.*/, { stdout: '' }).on('node3', /^mountpoint/, { code: 1 });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.ok).toBe(false);
    expect(fake.calls.map((c) => c.command)).not.toContain('gluster --mode=script volume start datapoint force');
    expect(outcome.summary).toMatch(/failed at step 2 of 3: stopped: check: \/data\/glusterfs\/brick1 is a mount point/);
  });

  it('says what the failing command said', async () => {
    const fake = new FakeExecutor().on('node3', 'mount /data/glusterfs/brick1', { code: 32, stderr: 'mount: /data/glusterfs/brick1: can\'t find UUID=x.\n' });
    const outcome = await runPlan(fake, mountPlan(), { sleep: noWait });
    expect(outcome.outcomes[0]!.error).toBe("exit 32: mount: /data/glusterfs/brick1: can't find UUID=x.");
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
    const outcome = await runPlan(fake, healPlan('datapoint', 'node1', { enableShd: { disperse: false } }), { sleep: noWait, onLines: (lines) => progress.push(lines.some((l) => l.includes('(try 3)')) ? 3 : 0) });
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

describe('a fix is done only when checking again shows it fixed', () => {
  const offline: Finding = { id: 'brick-offline:gv0:node3:/b', kind: 'brick-offline', severity: 'degraded', volume: 'gv0', host: 'node3', title: 'Brick node3:/b of gv0 is offline', explanation: [] };
  const rejected: Finding = { id: 'peer-rejected:node3', kind: 'peer-rejected', severity: 'degraded', host: 'node3', title: 'node3 is a rejected peer', explanation: [] };
  const report = (...findings: Finding[]) => ({ findings }) as unknown as ClusterReport;
  const plan = (): Plan => ({ id: 'start-force:gv0', title: 'Start the offline brick of gv0', steps: [{ host: 'node1', command: { text: 'gluster --mode=script volume start gv0 force', argv: [] } as never, why: 'start it' }] });
  let clock = 0;
  const deps = (executor: Executor, reports: ClusterReport[], audit: AuditEntry[] = []): FixDeps => ({
    executor,
    audit: { record: (e) => audit.push(e) },
    // Each check again reads the next report; the last one stays.
    recheck: async () => (reports.length > 1 ? reports.shift()! : (reports[0] ?? null)),
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });

  it('says "ran, but" and names the likely cause when the finding stays (a brick of a rejected peer)', async () => {
    clock = 0;
    const fake = new FakeExecutor().on('node1', /volume start/, { stdout: 'volume start: gv0: success\n' });
    const outcome = await runFix(plan(), findingGoal(offline), deps(fake, [report(offline, rejected)]));
    expect(outcome).toMatchObject({ ok: false, ran: true });
    expect(outcome.summary).toBe('Start the offline brick of gv0: ran, but it is not fixed: Brick node3:/b of gv0 is offline; the panel also sees: node3 is a rejected peer');
    expect(outcome.lines.at(-1)).toMatch(/^checked again: still Brick node3/);
  });

  it('waits for the cluster to settle, then says done', async () => {
    clock = 0;
    const fake = new FakeExecutor().on('node1', /volume start/, { stdout: 'volume start: gv0: success\n' });
    const outcome = await runFix(plan(), findingGoal(offline), deps(fake, [report(offline), report(offline), report()]));
    expect(outcome).toMatchObject({ ok: true, ran: true, summary: 'Start the offline brick of gv0: done, and checking again shows it fixed' });
    expect(clock).toBe(2000);
  });

  it('audits every command it ran, failed ones too, under the panel', async () => {
    clock = 0;
    const audit: AuditEntry[] = [];
    const fake = new FakeExecutor().on('node1', /volume start/, { code: 1, stderr: 'volume start: gv0: failed: Commit failed on node3. Please check log file for details.\n' });
    const outcome = await runFix(plan(), findingGoal(offline), deps(fake, [report(offline)], audit));
    expect(outcome.summary).toMatch(/failed at step 1 of 1: exit 1: volume start: gv0: failed: Commit failed on node3/);
    expect(audit).toEqual([expect.objectContaining({ host: 'node1', step: 'panel: Start the offline brick of gv0', command: 'gluster --mode=script volume start gv0 force', exitCode: 1 })]);
  });
});

// A heal (h, H) is "done" only when heal info, read again after the heal
// command, has every brick answer with 0 and every brick's host runs its
// self-heal daemon; otherwise the outcome says what is still true (the count
// now against the count before, or which brick's count is unknown), after a
// bounded wait on an injected clock.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/panel/analyze.js';
import { healPlanFor } from '../../src/panel/findings.js';
import { runFix, type FixOutcome } from '../../src/panel/fix.js';
import { HEAL_DONE, healGoalFor } from '../../src/panel/heal-goal.js';
import { ClusterPoller } from '../../src/panel/poller.js';
import { answerOf, LAB_HOSTS, replay, type Scenario } from './replay.js';

const SUMMARY = /volume heal datapoint info summary --xml$/;
const HEAL = 'gluster --mode=script volume heal datapoint';
const HEAL_FULL = 'gluster --mode=script volume heal datapoint full';

/** heal info summary as recorded with 9 entries pending on node1 and node2, with `n` instead. */
function pending(n: number): string {
  return (answerOf('shd-off-pending', 'node1', SUMMARY).stdout ?? '').replace(/>9</g, `>${n}<`);
}
/** heal info summary with node3's brick not reached (node3 crashed): its counts are unknown. */
const node3Silent = () => answerOf('node3-crashed', 'node1', SUMMARY).stdout ?? '';
const recordedAnswer = (scenario: Scenario, command: RegExp) => ({ stdout: answerOf(scenario, 'node1', command).stdout ?? '' });

interface Run {
  outcome: FixOutcome;
  /** Milliseconds on the injected clock from the heal to the outcome. */
  waited: number;
  /** heal info answers given after the heal command. */
  reads: number;
}

/**
 * The healthy lab's answers, with heal info summary answering `before` until
 * the heal command runs and then each of `after` in turn (the last one stays).
 * Optional overrides for volume status / volume get (the self-heal daemons).
 */
async function heal(before: string, after: string[], options: { full?: boolean; status?: Scenario; options?: Scenario } = {}): Promise<Run> {
  // The wait's clock, and the poller's (heal info's answers are timed with it). The poller's moves
  // only with each query, so the recording's brick-filesystem checks never fall due again.
  let clock = 1_000_000;
  let pollerClock = 5_000_000;
  let healed = false;
  let reads = 0;
  const fake = replay('healthy');
  fake.on('node1', SUMMARY, () => {
    if (!healed) return { stdout: before };
    reads++;
    return { stdout: after.length > 1 ? after.shift()! : after[0]! };
  });
  if (options.status) fake.on('node1', /volume status all --xml$/, recordedAnswer(options.status, /volume status all --xml$/));
  if (options.options) fake.on('node1', /get datapoint all/, recordedAnswer(options.options, /get datapoint all/));
  fake.on('node1', options.full ? HEAL_FULL : HEAL, () => {
    healed = true;
    clock += 50;
    pollerClock += 50;
    return { stdout: `Launching heal operation to perform ${options.full ? 'full' : 'index'} self heal on volume datapoint has been successful \n` };
  });
  const poller = new ClusterPoller({ executor: fake, hosts: LAB_HOSTS, now: () => pollerClock });
  const report = analyze(await poller.refresh(), pollerClock);
  const plan = healPlanFor(report, 'datapoint', options.full === true);
  if ('refused' in plan) throw new Error(plan.refused);
  const start = clock;
  const outcome = await runFix(plan, healGoalFor(report, 'datapoint', { now: () => pollerClock }), {
    executor: fake,
    recheck: async () => {
      // Each heal info takes a moment on the injected clock, as on a real cluster.
      clock += 100;
      pollerClock += 100;
      return analyze(await poller.refresh(), pollerClock);
    },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  poller.stop();
  return { outcome, waited: clock - start, reads };
}

describe('the goal of a heal', () => {
  it('is done when heal info read again shows 0 on every brick, and says exactly that', async () => {
    const run = await heal(pending(9), [pending(9), pending(4), pending(0)]);
    expect(run.outcome).toMatchObject({ ok: true, ran: true, summary: `Heal datapoint: done: ${HEAL_DONE}` });
    expect(HEAL_DONE).toBe('0 entries pending on every brick');
    expect(run.outcome.lines.at(-1)).toBe('checked again: 0 entries pending on every brick');
    expect(run.waited).toBeLessThan(10_000);
  });

  it('a backlog still healing after the bounded wait: progress with the count before, never "done"', async () => {
    const run = await heal(pending(9), [pending(9), pending(7), pending(4)]);
    expect(run.outcome).toMatchObject({ ok: false, ran: true, summary: 'Heal datapoint: heal started; checking again: 4 entries still pending (was 9)' });
    expect(run.outcome.summary).not.toMatch(/done/);
    expect(run.outcome.lines.at(-1)).toBe('checked again: 4 entries still pending (was 9)');
    // Bounded: about 30 s, not the hours a large backlog takes.
    expect(run.waited).toBeGreaterThanOrEqual(30_000);
    expect(run.waited).toBeLessThan(35_000);
  });

  it('a brick that does not answer heal info: its count is unknown, never 0, never done', async () => {
    const run = await heal(pending(9), [node3Silent()]);
    expect(run.outcome.ok).toBe(false);
    expect(run.outcome.summary).toBe(
      'Heal datapoint: heal started; checking again: brick node3:/data/glusterfs/brick1/brick did not answer: its count is unknown; at least 6 entries still pending on the others (was 9)',
    );
  });

  it('0 entries everywhere but no self-heal daemon running: not done', async () => {
    const run = await heal(pending(9), [pending(0)], { status: 'shd-off-pending' });
    expect(run.outcome.ok).toBe(false);
    expect(run.outcome.summary).toBe('Heal datapoint: heal started; checking again: the self-heal daemon is not running on node1, node2, node3');
  });

  it('says done only on heal info read after the heal, not on the answer the first check may share with a query begun before it', async () => {
    const run = await heal(pending(0), [pending(0)]);
    expect(run.outcome).toMatchObject({ ok: true, summary: `Heal datapoint: done: ${HEAL_DONE}` });
    expect(run.reads).toBeGreaterThanOrEqual(2);
  });

  it('a full heal (H) has the same goal', async () => {
    const run = await heal(pending(0), [pending(3), pending(0)], { full: true });
    expect(run.outcome).toMatchObject({ ok: true, summary: `Full heal of datapoint: done: ${HEAL_DONE}` });
    const still = await heal(pending(0), [pending(3)], { full: true });
    expect(still.outcome.summary).toBe('Full heal of datapoint: heal started; checking again: 3 entries still pending (was 0)');
  });
});

// The setup as a dependency graph (steps/setup.ts): steps that do not need
// each other run together, a step starts only once its needs are done, and
// after a step that is not done nothing new starts.
import { describe, expect, it } from 'vitest';
import { runGraph, SETUP_STEPS, STEP_NEEDS, type AnyStep } from '../../src/steps/setup.js';
import type { StepOutcome } from '../../src/steps/engine.js';
import type { StepId } from '../../src/steps/types.js';

const outcome = (done: boolean): StepOutcome => ({ done, applied: done, declined: false, plan: { hosts: [], notes: [] }, hosts: [] });

/** Runs the graph with steps that finish when the test says so; records what started when. */
function harness(notDone: StepId[] = []) {
  const started: StepId[] = [];
  const finish = new Map<StepId, () => void>();
  const one = (step: AnyStep) =>
    new Promise<StepOutcome>((resolve) => {
      started.push(step.id);
      finish.set(step.id, () => resolve(outcome(!notDone.includes(step.id))));
    });
  const end = (id: StepId) => {
    const f = finish.get(id);
    if (!f) throw new Error(`${id} has not started`);
    f();
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { started, one, end, tick };
}

describe('the setup as a dependency graph', () => {
  it('runs host entries, install and bricks together once the inventory is done, and each later step only after its needs', async () => {
    const h = harness();
    const run = runGraph(SETUP_STEPS, h.one);
    await h.tick();
    expect(h.started).toEqual(['inventory']);
    h.end('inventory');
    await h.tick();
    expect(h.started).toEqual(['inventory', 'hosts', 'install', 'bricks']);
    h.end('install');
    await h.tick();
    expect(h.started).not.toContain('probe');
    h.end('hosts');
    await h.tick();
    expect(h.started.at(-1)).toBe('probe');
    h.end('probe');
    await h.tick();
    expect(h.started).not.toContain('volume');
    h.end('bricks');
    await h.tick();
    expect(h.started.at(-1)).toBe('volume');
    h.end('volume');
    await h.tick();
    h.end('mount');
    await run;
    expect(h.started).toEqual(['inventory', 'hosts', 'install', 'bricks', 'probe', 'volume', 'mount']);
  });

  it('after a step that is not done starts nothing new, and lets the running steps finish', async () => {
    const h = harness(['hosts']);
    const run = runGraph(SETUP_STEPS, h.one);
    await h.tick();
    h.end('inventory');
    await h.tick();
    h.end('hosts');
    await h.tick();
    h.end('install');
    h.end('bricks');
    await run;
    expect(h.started).toEqual(['inventory', 'hosts', 'install', 'bricks']);
  });

  it('takes the steps before the first one given as done', async () => {
    const h = harness();
    const run = runGraph(SETUP_STEPS.slice(4), h.one);
    await h.tick();
    expect(h.started).toEqual(['probe']);
    h.end('probe');
    await h.tick();
    h.end('volume');
    await h.tick();
    h.end('mount');
    await run;
  });

  it('every need is an earlier step of the runbook, so the order in a line is one the graph allows', () => {
    const ids = SETUP_STEPS.map((s) => s.id);
    for (const id of ids) for (const need of STEP_NEEDS[id]) expect(ids.indexOf(need)).toBeLessThan(ids.indexOf(id));
  });
});

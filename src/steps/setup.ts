// The runbook in order, and the loop over it that the `setup` command and the
// console share: each step runs through the engine; a step starts only once
// the steps it needs (STEP_NEEDS) are done on every host. In order by default;
// with `parallel`, steps that do not need each other run together (host
// entries, glusterd and the bricks), each still checked again before "done".
import { runStep, type RunOptions, type StepOutcome } from './engine.js';
import { bricksStep } from './bricks.js';
import { hostsStep } from './hosts.js';
import { installStep } from './install.js';
import { inventoryStep } from './inventory.js';
import { mountStep } from './mount.js';
import { probeStep } from './probe.js';
import { volumeStep } from './volume.js';
import type { StepContext, StepDefinition, StepId } from './types.js';

// Each step keeps its own facts type; the list only needs the common shape.
export type AnyStep = StepDefinition<any>;

export const SETUP_STEPS: readonly AnyStep[] = [inventoryStep, hostsStep, installStep, bricksStep, probeStep, volumeStep, mountStep];

export function stepById(id: StepId): AnyStep {
  const step = SETUP_STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

export const STEP_IDS: readonly StepId[] = SETUP_STEPS.map((s) => s.id);

/**
 * What each step needs done first. The probe goes by name (host entries) to a
 * running glusterd (install); the volume needs the pool and every brick; the
 * bricks step needs no glusterd on a fresh host (its check reads glusterd's
 * store, see bricks.ts), so it does not wait for the install step.
 */
export const STEP_NEEDS: Readonly<Record<StepId, readonly StepId[]>> = {
  inventory: [],
  hosts: ['inventory'],
  install: ['inventory'],
  bricks: ['inventory'],
  probe: ['hosts', 'install'],
  volume: ['probe', 'bricks'],
  mount: ['volume'],
};

export interface SetupOptions extends RunOptions {
  /** Start here (earlier steps are taken as done); default: the first step. */
  from?: StepId;
  onStepStart?(step: AnyStep): void;
  onStepEnd?(step: AnyStep, outcome: StepOutcome): void;
  /** Run steps whose needs are done together (not in a dry run, which previews in order). */
  parallel?: boolean;
  /** One step's own callbacks (plan, hosts, output, approval), over the common ones: needed when steps run together. */
  forStep?(step: AnyStep): RunOptions;
}

export interface SetupResult {
  /** Every step verified done on every host. */
  done: boolean;
  outcomes: Array<{ step: StepId; outcome: StepOutcome }>;
  /** The step the setup stopped at (not done), if any. */
  stoppedAt?: StepId;
}

/**
 * Runs the steps in order. A step that is not done stops the setup there
 * (except in a dry run, which previews every step as the hosts are now).
 */
export async function runSetup(ctx: StepContext, options: SetupOptions = {}): Promise<SetupResult> {
  const steps = SETUP_STEPS.slice(Math.max(options.from ? STEP_IDS.indexOf(options.from) : 0, 0));
  const outcomes: SetupResult['outcomes'] = [];
  const one = async (step: AnyStep) => {
    options.onStepStart?.(step);
    const outcome = await runStep(step, ctx, { ...options, ...options.forStep?.(step) });
    outcomes.push({ step: step.id, outcome });
    options.onStepEnd?.(step, outcome);
    return outcome;
  };
  if (options.parallel && !options.dryRun) await runGraph(steps, one, ctx.signal);
  else {
    for (const step of steps) {
      if (ctx.signal?.aborted) break;
      if (!(await one(step)).done && !options.dryRun) break;
    }
  }
  // In the runbook's order, whatever order they finished in: the first not done is where the setup stopped.
  outcomes.sort((a, b) => STEP_IDS.indexOf(a.step) - STEP_IDS.indexOf(b.step));
  const stoppedAt = outcomes.find((o) => !o.outcome.done)?.step;
  return { done: stoppedAt === undefined && outcomes.length === steps.length && !ctx.signal?.aborted, outcomes, ...(stoppedAt ? { stoppedAt } : {}) };
}

/**
 * Starts every step whose needs are done (a step before `from` counts as done),
 * as soon as they are. After a step that is not done, nothing new starts; the
 * steps already running finish.
 */
export async function runGraph(steps: readonly AnyStep[], one: (step: AnyStep) => Promise<StepOutcome>, signal?: AbortSignal): Promise<void> {
  const pending = new Set(steps.map((s) => s.id));
  const done = new Set(STEP_IDS.filter((id) => !pending.has(id)));
  const running = new Map<StepId, Promise<{ id: StepId; outcome: StepOutcome }>>();
  let stopped = false;
  for (;;) {
    if (!stopped && !signal?.aborted) {
      for (const step of steps) {
        if (!pending.has(step.id) || !STEP_NEEDS[step.id].every((n) => done.has(n))) continue;
        pending.delete(step.id);
        running.set(step.id, one(step).then((outcome) => ({ id: step.id, outcome })));
      }
    }
    if (running.size === 0) return;
    const { id, outcome } = await Promise.race(running.values());
    running.delete(id);
    if (outcome.done) done.add(id);
    else stopped = true;
  }
}

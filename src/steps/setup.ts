// The runbook in order, and the loop over it that the `setup` command and the
// console share: each step runs through the engine; the setup goes on only
// while every host of a step is done, because each step needs the one before.
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

export interface SetupOptions extends RunOptions {
  /** Start here (earlier steps are taken as done); default: the first step. */
  from?: StepId;
  onStepStart?(step: AnyStep): void;
  onStepEnd?(step: AnyStep, outcome: StepOutcome): void;
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
  const start = options.from ? STEP_IDS.indexOf(options.from) : 0;
  const outcomes: SetupResult['outcomes'] = [];
  let stoppedAt: StepId | undefined;
  for (const step of SETUP_STEPS.slice(Math.max(start, 0))) {
    if (ctx.signal?.aborted) break;
    options.onStepStart?.(step);
    const outcome = await runStep(step, ctx, options);
    outcomes.push({ step: step.id, outcome });
    options.onStepEnd?.(step, outcome);
    if (!outcome.done) {
      stoppedAt ??= step.id;
      if (!options.dryRun) break;
    }
  }
  return { done: stoppedAt === undefined && outcomes.length === SETUP_STEPS.length - Math.max(start, 0) && !ctx.signal?.aborted, outcomes, ...(stoppedAt ? { stoppedAt } : {}) };
}

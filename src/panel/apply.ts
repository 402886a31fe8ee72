// Runs a plan the operator confirmed: step by step, on the step's host, until
// one fails. Output is kept so the operator sees what each command said.
import { SshError, type Executor, type ExecResult } from '../ssh/types.js';
import type { Plan, PlanStep } from './plans.js';

export interface StepOutcome {
  step: PlanStep;
  ok: boolean;
  attempts: number;
  result?: ExecResult;
  /** Why it failed, in one line. */
  error?: string;
}

export interface PlanOutcome {
  ok: boolean;
  outcomes: StepOutcome[];
  /** One line for the status bar. */
  summary: string;
}

export interface RunPlanOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Before each attempt of each step, and after it ends. */
  onProgress?(event: { step: PlanStep; index: number; attempt: number; outcome?: StepOutcome }): void;
  sleep?(ms: number): Promise<void>;
}

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';

export async function runPlan(executor: Executor, plan: Plan, options: RunPlanOptions = {}): Promise<PlanOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const outcomes: StepOutcome[] = [];
  for (const [index, step] of plan.steps.entries()) {
    let outcome: StepOutcome | undefined;
    const attempts = step.retry?.attempts ?? 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      options.onProgress?.({ step, index, attempt });
      try {
        const result = await executor.exec(step.host, step.command, {
          timeoutMs: options.timeoutMs ?? 120_000,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const said = `${result.stdout}\n${result.stderr}`;
        if (result.code === 0) {
          outcome = { step, ok: true, attempts: attempt, result };
          break;
        }
        outcome = {
          step,
          ok: false,
          attempts: attempt,
          result,
          error: step.check ? `stopped: ${step.why.replace(/^check: /, 'the check failed: ')}` : `${step.command.text} exited ${result.code}: ${lastLine(said) || 'no output'}`,
        };
        if (step.retry && attempt < attempts && step.retry.when.test(said)) {
          await sleep(step.retry.delayMs);
          continue;
        }
        break;
      } catch (err) {
        const message = err instanceof SshError ? err.message : err instanceof Error ? err.message : String(err);
        outcome = { step, ok: false, attempts: attempt, error: `${step.host}: ${message}` };
        break;
      }
    }
    const done = outcome ?? { step, ok: false, attempts: 0, error: 'not run' };
    outcomes.push(done);
    options.onProgress?.({ step, index, attempt: done.attempts, outcome: done });
    if (!done.ok) return { ok: false, outcomes, summary: `${plan.title}: failed at step ${index + 1} of ${plan.steps.length}: ${done.error}` };
  }
  return { ok: true, outcomes, summary: `${plan.title}: done${plan.after ? `; ${plan.after}` : ''}` };
}

// Running a fix the operator confirmed, and saying "done" only when checking
// the cluster again shows its goal reached. The commands go through the one
// runner (audited like the setup's); then the panel refreshes and the goal is
// judged on that fresh report, for a while if the cluster needs time to settle
// (a brick takes seconds to come online). "Ran, but ..." names what is still
// wrong and what else the report says about the same host or volume: the
// cause is often another finding (a brick offline because its peer is rejected).
import type { AuditSink } from '../config/audit.js';
import { runItems, type ItemOutcome } from '../plan/runner.js';
import type { Executor } from '../ssh/types.js';
import type { Plan, PlanStep } from './plans.js';
import type { ClusterReport, Finding } from './report.js';

export interface Goal {
  /**
   * What is still wrong in this report, or null when the fix reached its goal.
   * May read the hosts itself (a split-brain's copies are not in the report).
   */
  unmet(report: ClusterReport): string | null | Promise<string | null>;
  /** How long the cluster may take to show the result (default 20 s). */
  settleMs?: number;
  /** Between two checks (default 1 s). */
  pollMs?: number;
  /**
   * The outcome in the goal's own words, for goals whose "not yet" is progress
   * rather than a fix that did not work (a heal of a large backlog takes
   * hours): `met` is what is true when the goal is reached, `unmet` turns what
   * is still true into the summary. Without it: "done, and checking again
   * shows it fixed" or "ran, but it is not fixed: ...".
   */
  words?: { met: string; unmet(still: string): string };
}

export interface FixDeps {
  executor: Executor;
  audit?: AuditSink;
  /** A fresh report, read after the fix ran (null: the cluster could not be read). */
  recheck?(): Promise<ClusterReport | null>;
  signal?: AbortSignal;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  /** The progress lines, whenever they change. */
  onLines?(lines: string[]): void;
}

export interface FixOutcome {
  /** The commands ran and, where there is a goal, checking again showed it reached. */
  ok: boolean;
  /** Every command exited 0 (whatever checking again showed). */
  ran: boolean;
  lines: string[];
  /** One line for the status bar. */
  summary: string;
  outcomes: ItemOutcome[];
}

/**
 * The goal of a finding's fix: the finding is gone (and, where its plan says
 * so, every finding of the kinds it names). Other findings on its host or
 * volume are the likely cause.
 */
export function findingGoal(finding: Finding): Goal {
  const alsoGone = finding.plan?.alsoGone ?? [];
  return {
    unmet(report) {
      const still = report.findings.find((f) => f.id === finding.id) ?? report.findings.find((f) => alsoGone.includes(f.kind));
      if (!still) return null;
      const related = report.findings.filter(
        (f) => f.id !== still.id && f.severity !== 'warning' && ((still.host !== undefined && f.host === still.host) || (still.volume !== undefined && f.volume === still.volume && f.host !== undefined)),
      );
      const cause = related.length > 0 ? `; the panel also sees: ${related.map((f) => f.title).join('; ')}` : '';
      return `${still.title}${cause}`;
    },
    ...(finding.plan?.settleMs !== undefined ? { settleMs: finding.plan.settleMs } : {}),
  };
}

function progressHead(step: PlanStep, index: number, total: number): string {
  return `${index + 1}/${total} on ${step.host}: ${step.command.text}`;
}

export async function runFix(plan: Plan, goal: Goal | undefined, deps: FixDeps): Promise<FixOutcome> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lines: string[] = [];
  const show = () => deps.onLines?.([...lines]);
  const total = plan.steps.length;
  const put = (head: string, line: string) => {
    if (lines.length > 0 && lines[lines.length - 1]!.startsWith(head)) lines[lines.length - 1] = line;
    else lines.push(line);
    show();
  };
  const run = await runItems(plan.steps, {
    executor: deps.executor,
    source: `panel: ${plan.title}`,
    ...(deps.audit ? { audit: deps.audit } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    onStart(item, index, attempt) {
      const head = progressHead(item, index, total);
      put(head, `${head}${attempt > 1 ? ` (try ${attempt})` : ''} …`);
    },
    onEnd(outcome, index) {
      const head = progressHead(outcome.item, index, total);
      put(head, `${head}: ${outcome.ok ? 'ok' : outcome.item.check ? `stopped: ${outcome.error}` : outcome.error}`);
    },
  });
  if (!run.ok) {
    const index = run.outcomes.length - 1;
    const failed = run.failed!;
    const why = failed.item.check ? `stopped: ${failed.error}` : failed.error;
    return { ok: false, ran: false, lines, outcomes: run.outcomes, summary: `${plan.title}: failed at step ${index + 1} of ${total}: ${why}` };
  }
  if (!goal || !deps.recheck) {
    // Nothing to check against: say what ran, never that the problem is gone.
    return { ok: true, ran: true, lines, outcomes: run.outcomes, summary: `${plan.title}: ran${plan.after ? `; ${plan.after}` : ''}` };
  }
  lines.push('checking the cluster again …');
  show();
  const deadline = now() + (goal.settleMs ?? 20_000);
  const words = goal.words;
  let unmet: string | null = 'the cluster could not be read again';
  for (;;) {
    const report = await deps.recheck();
    unmet = report ? await goal.unmet(report) : 'the cluster could not be read again';
    if (unmet === null || now() >= deadline || deps.signal?.aborted) break;
    if (words) {
      // Progress while it waits: what checking again shows so far.
      lines[lines.length - 1] = `checking again: ${unmet} …`;
      show();
    }
    await sleep(goal.pollMs ?? 1000);
  }
  if (words) lines[lines.length - 1] = `checked again: ${unmet ?? words.met}`;
  else lines[lines.length - 1] = unmet === null ? 'checked again: fixed' : `checked again: still ${unmet}`;
  show();
  if (unmet === null) return { ok: true, ran: true, lines, outcomes: run.outcomes, summary: words ? `${plan.title}: done: ${words.met}` : `${plan.title}: done, and checking again shows it fixed` };
  return { ok: false, ran: true, lines, outcomes: run.outcomes, summary: `${plan.title}: ${words ? words.unmet(unmet) : `ran, but it is not fixed: ${unmet}`}` };
}

// The one loop every step runs, per host: check → plan → (show, confirm) →
// apply → verify. Dry-run, the preview, the audit log, resume and idempotency
// are decided here once: a step only says how to read the hosts and what
// commands a state needs. Hosts run in parallel and fail on their own.
import { runItems } from '../plan/runner.js';
import { isHostDone, type CheckResult, type Destruction, type HostPlan, type HostRun, type PlanItem, type StepContext, type StepDefinition, type StepPlan } from './types.js';

export interface RunOptions {
  /** Check and plan only: nothing but the read-only checks runs. */
  dryRun?: boolean;
  /** Sees the plan before anything runs; false stops the step with nothing changed. Absent: apply. */
  approve?(plan: StepPlan): Promise<boolean>;
  /** Before the items of a host that destroy data: the operator types the host name. Absent: refused. */
  confirmDestroy?(host: string, destruction: Destruction): Promise<boolean>;
  /** Every host's state, whenever it changes. */
  onHostRun?(run: HostRun): void;
  /** The plan as soon as it is known (before approve). */
  onPlan?(plan: StepPlan): void;
  /** Output of the running commands as it arrives. */
  onOutput?(host: string, chunk: string): void;
  /** How often to re-check while the state settles. */
  pollIntervalMs?: number;
  now?(): number;
}

export interface StepOutcome {
  done: boolean;
  /** At least one command ran. */
  applied: boolean;
  /** The operator saw the plan and said no. */
  declined: boolean;
  plan: StepPlan;
  hosts: HostRun[];
}

const OUTPUT_KEEP = 4000;
/** Between re-checks while a step settles: each re-check is itself a round trip, so a short pause costs little. */
const POLL_INTERVAL_MS = 250;

export function hostRunFromPlan(host: string, check: CheckResult<unknown>, plan: StepPlan): HostRun {
  const base: HostRun = { host, status: 'todo', doneItems: 0, totalItems: 0, output: '' };
  const error = check.hostErrors[host];
  if (error !== undefined) return { ...base, status: 'failed', message: error };
  const hostPlan = plan.hosts.find((h) => h.host === host);
  if (!hostPlan) return { ...base, status: 'failed', message: 'the check learned nothing about this host' };
  const totalItems = hostPlan.items.length;
  if (hostPlan.blocked !== undefined) return { ...base, status: 'blocked', message: hostPlan.blocked, totalItems };
  if (totalItems > 0) return { ...base, status: 'todo', totalItems, message: `${totalItems} command${totalItems === 1 ? '' : 's'} to run` };
  if (hostPlan.waiting !== undefined) return { ...base, status: 'waiting', message: hostPlan.waiting };
  return { ...base, status: 'done' };
}

/** The hosts' states a check and its plan imply (what the overview shows). */
export function hostRunsFromPlan(hosts: readonly string[], check: CheckResult<unknown>, plan: StepPlan): HostRun[] {
  return hosts.map((h) => hostRunFromPlan(h, check, plan));
}

export function planItems(plan: StepPlan): PlanItem[] {
  return plan.hosts.flatMap((h) => h.items);
}

/** Every host done by this plan: nothing to run, nothing blocked or waiting, every host answered. */
export function stepDoneBy(hosts: readonly string[], check: CheckResult<unknown>, plan: StepPlan): boolean {
  return hosts.every((h) => check.hostErrors[h] === undefined && plan.hosts.some((p) => p.host === h && isHostDone(p)));
}

/** Check (read only) and plan: the preview, and the first half of every run. */
export async function previewStep<F>(step: StepDefinition<F>, ctx: StepContext): Promise<{ check: CheckResult<F>; plan: StepPlan; hosts: HostRun[] }> {
  const check = await step.check(ctx);
  const plan = step.plan(check, ctx.intent, ctx.inventory);
  const hosts = hostRunsFromPlan(ctx.inventory.hosts.map((h) => h.name), check, plan);
  return { check, plan, hosts };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function runStep<F>(step: StepDefinition<F>, ctx: StepContext, options: RunOptions = {}): Promise<StepOutcome> {
  const now = options.now ?? Date.now;
  const names = ctx.inventory.hosts.map((h) => h.name);
  const runs = new Map<string, HostRun>();
  const update = (run: HostRun) => {
    runs.set(run.host, run);
    options.onHostRun?.(run);
  };
  for (const host of names) update({ host, status: 'checking', doneItems: 0, totalItems: 0, output: '' });

  const first = await previewStep(step, ctx);
  for (const run of first.hosts) update(run);
  options.onPlan?.(first.plan);
  const outcome = (extra: Partial<StepOutcome> = {}): StepOutcome => {
    const hosts = names.map((h) => runs.get(h)!);
    return { done: hosts.every((h) => h.status === 'done'), applied: false, declined: false, plan: first.plan, hosts, ...extra };
  };

  const items = planItems(first.plan);
  if (options.dryRun) return outcome();
  const waiting = first.hosts.some((h) => h.status === 'waiting');
  if (items.length === 0 && !waiting) return outcome();

  let applied = false;
  if (items.length > 0) {
    if (options.approve && !(await options.approve(first.plan))) return outcome({ declined: true });
    const toApply = first.plan.hosts.filter((h) => h.items.length > 0 && first.check.hostErrors[h.host] === undefined && h.blocked === undefined);
    applied = toApply.length > 0;
    await Promise.all(toApply.map((hostPlan) => applyHost(step.id, hostPlan, ctx, options, runs, update, now)));
  }
  // Cancelled (Ctrl-C): the running commands were stopped. What the hosts have now is still read, once
  // and without the cancelled signal (reads change nothing), so no host is left saying "verifying".
  const cancelled = ctx.signal?.aborted === true;
  const { signal: _cancelledSignal, ...readOnly } = ctx;
  const checkCtx: StepContext = cancelled ? readOnly : ctx;

  // Verify from the real state: re-check until every host is done, or the step's settle time runs out.
  const failedInApply = new Set([...runs.values()].filter((r) => r.status === 'failed').map((r) => r.host));
  const pending = () => names.filter((h) => !failedInApply.has(h));
  for (const host of pending()) {
    const run = runs.get(host)!;
    if (run.status !== 'done') update({ ...run, status: 'verifying', message: 'checking the result', running: undefined });
  }
  const deadline = now() + (step.settleMs ?? 0);
  let last = first;
  for (;;) {
    last = await previewStep(step, checkCtx);
    const allDone = pending().every((h) => last.hosts.find((r) => r.host === h)?.status === 'done');
    if (allDone || now() >= deadline || cancelled) break;
    await sleep(options.pollIntervalMs ?? POLL_INTERVAL_MS, ctx.signal);
  }
  for (const host of pending()) {
    const seen = last.hosts.find((r) => r.host === host)!;
    const previous = runs.get(host)!;
    const keep = { output: previous.output, doneItems: previous.doneItems, totalItems: previous.totalItems };
    if (seen.status === 'done') update({ ...seen, ...keep, status: 'done', message: previous.totalItems > 0 ? 'applied and verified' : 'verified' });
    else if (cancelled) update({ ...seen, ...keep, message: `cancelled: ${seen.message ?? seen.status}` });
    else if (seen.status === 'todo') {
      const left = last.plan.hosts.find((p) => p.host === host)?.items[0];
      update({ ...seen, ...keep, status: 'failed', message: `verification: the check still plans "${left?.why ?? '?'}" after applying` });
    } else if (seen.status === 'waiting') update({ ...seen, ...keep, status: 'failed', message: `verification: still ${seen.message ?? 'waiting'}` });
    else update({ ...seen, ...keep });
  }

  const verified = names.filter((h) => runs.get(h)!.status === 'done');
  if (applied && step.verifyApplied && verified.length > 0 && cancelled) {
    // Its final test (e.g. the mount's write-then-read) changes the hosts: not after a cancel.
    for (const host of verified) update({ ...runs.get(host)!, message: 'applied and checked; its final test did not run (cancelled): r runs it' });
  } else if (applied && step.verifyApplied && verified.length > 0) {
    const problems = await step.verifyApplied(ctx, last.check as CheckResult<F>, verified);
    for (const [host, problem] of Object.entries(problems)) {
      const run = runs.get(host);
      if (run && problem) update({ ...run, status: 'failed', message: `verification: ${problem}` });
    }
  }
  return outcome({ applied });
}

async function applyHost(
  stepId: string,
  hostPlan: HostPlan,
  ctx: StepContext,
  options: RunOptions,
  runs: Map<string, HostRun>,
  update: (run: HostRun) => void,
  now: () => number,
): Promise<void> {
  const host = hostPlan.host;
  let run: HostRun = { ...runs.get(host)!, totalItems: hostPlan.items.length, doneItems: 0, output: '' };
  if (hostPlan.destroys) {
    const ok = options.confirmDestroy ? await options.confirmDestroy(host, hostPlan.destroys) : false;
    if (!ok) {
      update({ ...run, status: 'failed', message: `not confirmed: ${hostPlan.destroys.device} holds ${hostPlan.destroys.holds}; nothing was run on ${host}` });
      return;
    }
  }
  const outcome = await runItems(hostPlan.items, {
    executor: ctx.executor,
    source: stepId,
    ...(ctx.audit ? { audit: ctx.audit } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.commandTimeout ? { timeoutMs: ctx.commandTimeout.ms, timeoutHint: ctx.commandTimeout.hint } : {}),
    now,
    onStart(item) {
      run = { ...run, status: 'running', message: item.why, running: { command: item.command.text, why: item.why, since: now(), long: item.long ?? false }, output: '' };
      update(run);
    },
    onOutput(_item, chunk) {
      run = { ...run, output: (run.output + chunk).slice(-OUTPUT_KEEP) };
      update(run);
      options.onOutput?.(host, chunk);
    },
    onEnd(done) {
      if (done.ok) {
        run = { ...run, doneItems: run.doneItems + 1, running: undefined };
        update(run);
      }
    },
  });
  if (outcome.failed?.cancelled) return;
  if (outcome.failed) {
    const failed = outcome.failed;
    update({ ...run, status: 'failed', running: undefined, failedCommand: failed.item.command.text, message: failed.error ?? 'failed' });
    return;
  }
  update({ ...run, status: 'verifying', message: 'checking the result' });
}

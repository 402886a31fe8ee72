// The one runner that changes hosts. The setup's steps (per host) and the
// panel's fixes hand it their items; it runs them in order, stops at the first
// failure, retries what the item says is transient, and records every
// changing command in the audit log, whichever screen or subcommand asked.
// "Done" is never decided here: the caller checks the hosts again.
import { outputTail, type AuditSink } from '../config/audit.js';
import { describeError } from '../ssh/describe.js';
import { SshError, type ExecResult, type Executor } from '../ssh/types.js';
import type { PlanItem } from './item.js';
import { failureReason } from './reason.js';

/** An ordinary command's bound, unless the caller passes the operator's (setting commandTimeoutMs). */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Package installs and mkfs get this many times the ordinary bound: one knob for the operator, 30 min by default. */
export const LONG_FACTOR = 15;
export const LONG_TIMEOUT_MS = LONG_FACTOR * DEFAULT_TIMEOUT_MS;

/** How long an item may run: its own bound, else the ordinary one (times LONG_FACTOR for a long item). */
export function itemTimeoutMs(item: Pick<PlanItem, 'timeoutMs' | 'long'>, ordinaryMs = DEFAULT_TIMEOUT_MS): number {
  return item.timeoutMs ?? (item.long ? ordinaryMs * LONG_FACTOR : ordinaryMs);
}

export interface ItemOutcome {
  item: PlanItem;
  ok: boolean;
  attempts: number;
  result?: ExecResult;
  /** Why it failed, in one line: the command's own reason, or the connection's. */
  error?: string;
  /** The outcome on the host is unknown (connection lost, timed out, cancelled): the SSH layer's account. */
  sshError?: SshError;
  /** The run was cancelled before this item started: nothing ran. */
  cancelled?: boolean;
}

export interface RunOutcome {
  ok: boolean;
  outcomes: ItemOutcome[];
  /** The first failure, if any. */
  failed?: ItemOutcome;
}

export interface RunnerOptions {
  executor: Executor;
  audit?: AuditSink;
  /** What asked for these commands, for the audit log: a setup step id, or "panel: <plan>". */
  source: string;
  signal?: AbortSignal;
  /** The ordinary command's bound (see itemTimeoutMs). */
  timeoutMs?: number;
  /** How the operator raises that bound, said when a command hits it, e.g. "raise it with --command-timeout". */
  timeoutHint?: string;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  onStart?(item: PlanItem, index: number, attempt: number): void;
  onOutput?(item: PlanItem, chunk: string): void;
  onEnd?(outcome: ItemOutcome, index: number): void;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function runOne(item: PlanItem, index: number, options: RunnerOptions): Promise<ItemOutcome> {
  const now = options.now ?? Date.now;
  const attempts = item.retry?.attempts ?? 1;
  let outcome: ItemOutcome = { item, ok: false, attempts: 0, error: 'not run' };
  const first = now();
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (options.signal?.aborted) return { item, ok: false, attempts: attempt - 1, error: 'cancelled before it ran', cancelled: true };
    options.onStart?.(item, index, attempt);
    const started = new Date(now()).toISOString();
    let output = '';
    const onChunk = (chunk: string) => {
      output += chunk;
      options.onOutput?.(item, chunk);
    };
    try {
      const result = await options.executor.exec(item.host, item.command, {
        timeoutMs: itemTimeoutMs(item, options.timeoutMs),
        onStdout: onChunk,
        onStderr: onChunk,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!item.check) {
        options.audit?.record({ time: started, host: item.host, step: options.source, command: item.command.text, exitCode: result.code, outputTail: outputTail(output || `${result.stdout}${result.stderr}`) });
      }
      if (result.code === 0) return { item, ok: true, attempts: attempt, result };
      const reason = item.check ? item.why : failureReason(result.stdout, result.stderr);
      outcome = { item, ok: false, attempts: attempt, result, error: item.check ? reason : `exit ${result.code ?? `by signal ${result.signal ?? '?'}`}: ${reason}` };
      const transient = item.retry?.when.test(`${result.stdout}\n${result.stderr}`) ?? false;
      if (item.retry && transient && attempt < attempts) {
        await (options.sleep ?? ((ms: number) => wait(ms, options.signal)))(item.retry.delayMs * (item.retry.backoff ?? 1) ** (attempt - 1));
        continue;
      }
      // Said plainly: waiting did not help, and for how long it was tried.
      if (transient && attempts > 1) outcome = { ...outcome, error: `${outcome.error}: still so after ${attempts} attempts over ${Math.round((now() - first) / 1000)} s` };
      return outcome;
    } catch (err) {
      if (!(err instanceof SshError)) throw err;
      let message = describeError(err, item.host);
      if (err.kind === 'timeout' && options.timeoutHint && item.timeoutMs === undefined) {
        // The SSH layer's generic "raise its timeout" becomes how, here.
        message = `${message.replace(/\.\s*If it needs longer, raise its timeout\.$/, '')}; ${options.timeoutHint}`;
      }
      if (!item.check) {
        options.audit?.record({ time: started, host: item.host, step: options.source, command: item.command.text, exitCode: null, error: message, outputTail: outputTail(output) });
      }
      return { item, ok: false, attempts: attempt, error: message, sshError: err };
    }
  }
  return outcome;
}

/** Runs the items in order; stops at the first failure. */
export async function runItems(items: readonly PlanItem[], options: RunnerOptions): Promise<RunOutcome> {
  const outcomes: ItemOutcome[] = [];
  for (const [index, item] of items.entries()) {
    const outcome = await runOne(item, index, options);
    outcomes.push(outcome);
    options.onEnd?.(outcome, index);
    if (!outcome.ok) return { ok: false, outcomes, failed: outcome };
  }
  return { ok: true, outcomes };
}

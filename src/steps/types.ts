// The shape every runbook step shares. A step is data: check the hosts (read
// only) → facts; plan(facts, intent) → the commands still needed, per host
// (pure); apply runs them; verify checks the real state again. Dry-run,
// preview, the audit log, resume and idempotency live once in engine.ts.
import type { AuditSink } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import type { Executor } from '../ssh/types.js';
import type { SetupIntent } from './intent.js';

export type StepId = 'inventory' | 'hosts' | 'install' | 'bricks' | 'probe' | 'volume' | 'mount';

/** A step's command: the one plan model (plan/item.ts), run by the one runner (plan/runner.ts). */
export type { PlanItem } from '../plan/item.js';
import type { PlanItem } from '../plan/item.js';

/** Data on a host is destroyed: the operator must type the host name first. */
export interface Destruction {
  device: string;
  /** What is on it now, e.g. 'ext4 "ephemeral0", mounted at /mnt'. */
  holds: string;
  lines: string[];
}

export interface HostPlan {
  host: string;
  items: PlanItem[];
  /** Nothing can be done on this host until the operator acts: why and what to do. */
  blocked?: string;
  /** Not done, but nothing runs on this host itself: what it waits for. */
  waiting?: string;
  /** Warnings and explanations shown with the plan. */
  notes: string[];
  /** Typed confirmation needed before the items run. */
  destroys?: Destruction;
}

export interface StepPlan {
  hosts: HostPlan[];
  /** Step-wide warnings and facts (e.g. differing GlusterFS versions, the chosen layout). */
  notes: string[];
}

export interface CheckResult<F> {
  facts: F;
  /** Hosts whose state could not be read, with the reason (unreachable, glusterd down...). */
  hostErrors: Record<string, string>;
}

export interface StepContext {
  executor: Executor;
  inventory: Inventory;
  intent: SetupIntent;
  signal?: AbortSignal;
  /** Where every command that changes a host is recorded. */
  audit?: AuditSink;
  /** The operator's bound on one command (setting commandTimeoutMs), and how to raise it, said when a command hits it. */
  commandTimeout?: { ms: number; hint: string };
}

export interface StepDefinition<F = unknown> {
  id: StepId;
  /** 0-based position in the runbook. */
  number: number;
  title: string;
  /** One line: what the step does. */
  summary: string;
  /** Read only. Must not throw for one host's trouble: put it in hostErrors. */
  check(ctx: StepContext): Promise<CheckResult<F>>;
  /** Pure: the same facts and intent always give the same plan. */
  plan(check: CheckResult<F>, intent: SetupIntent, inventory: Inventory): StepPlan;
  /**
   * After apply, the state may take a moment to settle (peers connecting,
   * bricks starting): the engine re-checks until every host is done or this
   * many milliseconds pass. Default 0: one re-check.
   */
  settleMs?: number;
  /**
   * Extra verification once the re-check shows every host done; it may write
   * (a test file through a mount), so it runs only after something was applied,
   * on the hosts that are done (a failed host is not asked again). Returns a
   * problem per host, or null.
   */
  verifyApplied?(ctx: StepContext, check: CheckResult<F>, hosts: string[]): Promise<Record<string, string | null>>;
}

export type HostStatus = 'checking' | 'done' | 'todo' | 'waiting' | 'blocked' | 'running' | 'verifying' | 'failed';

export interface HostRun {
  host: string;
  status: HostStatus;
  /** Why it is blocked/failed/waiting, or what it is doing. */
  message?: string;
  /** The command that failed (its text). */
  failedCommand?: string;
  /** The command running now and when it started (ms since epoch). */
  running?: { command: string; why: string; since: number; long: boolean };
  /** How many of the plan's items on this host have finished. */
  doneItems: number;
  totalItems: number;
  /** The last lines of output of the running or last command. */
  output: string;
}

export function isHostDone(plan: HostPlan): boolean {
  return plan.items.length === 0 && plan.blocked === undefined && plan.waiting === undefined;
}

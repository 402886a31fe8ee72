// The one plan model: a command for one host, and why it is needed. The setup's
// steps and the panel's fixes both plan in these; plan/runner.ts runs them.
import type { Command } from '../shell/command.js';

export interface RetryRule {
  /** Output that means "try again shortly", not failure. */
  when: RegExp;
  attempts: number;
  delayMs: number;
  /** Each wait is this many times the one before (default 1: a fixed delay). */
  backoff?: number;
}

export interface PlanItem {
  host: string;
  command: Command;
  /** Why this command is needed, in the operator's terms. */
  why: string;
  /** Package installs and the like: the output streams live, and the timeout is the long one. */
  long?: boolean;
  /** Overrides the runner's default (and the long) timeout. */
  timeoutMs?: number;
  /** A read-only guard before what follows: its failure stops the plan with `why` as the reason. Not audited. */
  check?: boolean;
  retry?: RetryRule;
}

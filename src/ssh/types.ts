// What the rest of the program sees of SSH: an Executor that runs a Command on
// a named host and returns what happened. A nonzero exit code is a result (the
// caller knows what it means for its command); an SshError means we could not
// learn the command's outcome, or the host must not be trusted.
import type { Command } from '../shell/command.js';

export interface ExecOptions {
  /**
   * How long the command may run once it has started on the host (default
   * 60000). Connecting is bounded by the pool's connectTimeoutMs; waiting for a
   * free channel is bounded only by `signal`. At the deadline the remote
   * command is killed and exec rejects with kind 'timeout'.
   */
  timeoutMs?: number;
  /** Aborting kills the remote command and rejects with kind 'cancelled'. */
  signal?: AbortSignal;
  /** Output as it arrives, decoded as UTF-8 (a character is never split across chunks). */
  onStdout?(chunk: string): void;
  onStderr?(chunk: string): void;
  /** Written to the command's stdin; stdin is closed after it (or at once when absent). */
  stdin?: string;
}

export interface ExecResult {
  /** The inventory name of the host. */
  host: string;
  /** The command's text as the operator saw it (without our sudo/kill wrapper). */
  command: string;
  /** Exit status; null when the command ended by a signal or the server sent none. */
  code: number | null;
  /** The signal that ended it, as ssh2 reports it (e.g. "SIGTERM"). */
  signal?: string;
  stdout: string;
  stderr: string;
  /** From the channel opening to its closing: the command's own run time. */
  durationMs: number;
}

export type SshErrorKind =
  | 'timeout'
  | 'cancelled'
  | 'connection-lost'
  | 'unreachable'
  | 'auth'
  | 'host-key-changed'
  | 'host-key-rejected'
  | 'sudo-password'
  | 'config';

export class SshError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    /** The inventory name of the host (or the jump host's name when it failed). */
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SshError';
  }
}

export interface ExecAllEntry {
  host: string;
  result?: ExecResult;
  error?: SshError;
}

export interface Executor {
  exec(host: string, command: Command, options?: ExecOptions): Promise<ExecResult>;
  /** Runs on every host in parallel; never rejects: each host gets a result or an error. */
  execAll(hosts: string[], command: Command | ((host: string) => Command), options?: ExecOptions): Promise<ExecAllEntry[]>;
  close(): Promise<void>;
}

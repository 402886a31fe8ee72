// One piece of what the panel knows, with how old it is and how the latest
// attempt to refresh it ended. A query that timed out leaves the section
// "unknown": the old value stays visible (with its age) but is not a fact any
// more, so it can make nothing healthy and nothing down.
import { SshError, type SshErrorKind } from '../ssh/types.js';
import { TRANSACTION_BUSY } from '../gluster/errors.js';
import { GLUSTERD_NOT_ANSWERING } from '../gluster/glusterd.js';
import { GlusterXmlError } from '../gluster/xml/cli-output.js';

export type SectionState =
  /** Never answered yet. */
  | 'pending'
  /** The latest attempt succeeded: `value` is current. */
  | 'ok'
  /** The latest attempt timed out or could not tell: `value` (if any) is only what it was. */
  | 'unknown'
  /** The latest attempt got a definite answer that is a failure (host refuses SSH, glusterd is down...). */
  | 'failed';

export type QueryErrorKind =
  | 'timeout'
  /** SSH could not connect or the connection broke: the host is down or cut off. */
  | 'unreachable'
  /** SSH connected but refused us (keys, host key, sudo). */
  | 'refused'
  /** The gluster CLI could not talk to glusterd on that host. */
  | 'glusterd-down'
  /** gluster answered with a failure (opRet != 0), or printed something unusable. */
  | 'failed'
  /** glusterd is busy with another transaction (its cluster lock is held): no answer, ask again. */
  | 'busy'
  /** An answer that cannot be right (a started volume with nothing in volume status): no answer either. */
  | 'implausible';

export interface QueryError {
  kind: QueryErrorKind;
  message: string;
  /** For 'refused': what the SSH layer refused (authentication, a host key, sudo, settings). */
  sshKind?: SshErrorKind;
}

export interface Section<T> {
  state: SectionState;
  /** From the latest successful attempt. */
  value?: T;
  /** When `value` was gathered (ms since the epoch). */
  at?: number;
  /** When the latest attempt ended. */
  checkedAt?: number;
  error?: QueryError;
  /** A query is running now, since then. */
  busySince?: number;
  /** The host that answered. */
  source?: string;
}

export function pendingSection<T>(): Section<T> {
  return { state: 'pending' };
}

/** The value only while it is current. */
export function current<T>(section: Section<T> | undefined): T | undefined {
  return section?.state === 'ok' ? section.value : undefined;
}

export function succeeded<T>(_previous: Section<T> | undefined, value: T, at: number, source?: string): Section<T> {
  return { state: 'ok', value, at, checkedAt: at, ...(source !== undefined ? { source } : {}) };
}

export function failedSection<T>(previous: Section<T> | undefined, error: QueryError, at: number, source?: string): Section<T> {
  const { busySince: _busy, error: _old, ...rest } = previous ?? { state: 'pending' as const };
  return {
    ...rest,
    state: UNKNOWN_KINDS.has(error.kind) ? 'unknown' : 'failed',
    error,
    checkedAt: at,
    ...(source !== undefined ? { source } : {}),
  };
}

export function busySection<T>(previous: Section<T> | undefined, since: number): Section<T> {
  return { ...(previous ?? { state: 'pending' }), busySince: since };
}

/** Outcomes that tell nothing about the cluster: its state is unknown, not failed. */
const UNKNOWN_KINDS = new Set<QueryErrorKind>(['timeout', 'busy', 'implausible']);


/** Thrown by a query when the command ran but its answer is a failure. */
export class QueryFailure extends Error {
  constructor(readonly kind: QueryErrorKind, message: string) {
    super(message);
    this.name = 'QueryFailure';
  }
}

/** What went wrong, in the panel's terms. */
export function classifyError(err: unknown): QueryError {
  if (err instanceof QueryFailure) return { kind: err.kind, message: err.message };
  if (err instanceof SshError) {
    switch (err.kind) {
      case 'timeout':
        // The SSH layer's advice to raise the timeout does not apply here: the panel's limits are fixed, no setting changes them.
        return { kind: 'timeout', message: err.message.replace(/\s*If it needs longer, raise its timeout\.?/, ' (a fixed limit of the console)') };
      case 'unreachable':
      case 'connection-lost':
        return { kind: 'unreachable', message: err.message };
      case 'cancelled':
        return { kind: 'timeout', message: err.message };
      default:
        return { kind: 'refused', message: err.message, sshKind: err.kind };
    }
  }
  if (err instanceof GlusterXmlError) {
    if (TRANSACTION_BUSY.test(err.message)) return { kind: 'busy', message: err.message };
    return GLUSTERD_NOT_ANSWERING.test(err.message) ? { kind: 'glusterd-down', message: err.message } : { kind: 'failed', message: err.message };
  }
  return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
}

/** The CLI's own words when it cannot reach glusterd (exit 1, no XML). */
export function isGlusterdDownText(text: string): boolean {
  return GLUSTERD_NOT_ANSWERING.test(text);
}

export function isCancelled(err: unknown): boolean {
  return err instanceof SshError && err.kind === 'cancelled';
}

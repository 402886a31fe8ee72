// An SSH failure in the operator's terms, for a host's row and the audit log.
import { SshError } from './types.js';

export function describeError(err: unknown, host: string): string {
  if (err instanceof SshError) {
    if (err.kind === 'connection-lost') return `lost the connection to ${host} (${err.message}): is the host down?`;
    return err.message;
  }
  return `${host}: ${err instanceof Error ? err.message : String(err)}`;
}

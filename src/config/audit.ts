// The audit log: every command that changed (or tried to change) a host,
// appended as one JSON line to audit.log in the config directory: when, where,
// what, its exit status and the end of its output. It can be exported as a
// plain shell script of what was done, host by host.
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AuditEntry {
  /** ISO 8601, UTC. */
  time: string;
  host: string;
  /** The setup step it belongs to, e.g. "bricks". */
  step: string;
  /** The command's text exactly as shown to the operator. */
  command: string;
  /** null: the command's outcome is unknown (connection lost, timeout). */
  exitCode: number | null;
  /** Why the outcome is unknown. */
  error?: string;
  /** The last lines of stdout and stderr. */
  outputTail: string;
}

export interface AuditSink {
  record(entry: AuditEntry): void;
}

export const AUDIT_FILE = 'audit.log';

export class AuditLog implements AuditSink {
  constructor(readonly path: string) {}

  /** The audit log next to the console's settings file. */
  static beside(settingsPath: string): AuditLog {
    return new AuditLog(join(dirname(settingsPath), AUDIT_FILE));
  }

  record(entry: AuditEntry): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fresh = !existsSync(this.path);
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    if (fresh) chmodSync(this.path, 0o600);
  }

  /** Every entry, oldest first; lines that are not entries (a torn last write) are skipped. */
  read(): AuditEntry[] {
    if (!existsSync(this.path)) return [];
    return parseAuditLog(readFileSync(this.path, 'utf8'));
  }
}

export function parseAuditLog(text: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as Partial<AuditEntry>;
      if (typeof e.time === 'string' && typeof e.host === 'string' && typeof e.command === 'string') {
        entries.push({
          time: e.time,
          host: e.host,
          step: typeof e.step === 'string' ? e.step : '',
          command: e.command,
          exitCode: typeof e.exitCode === 'number' ? e.exitCode : null,
          ...(typeof e.error === 'string' ? { error: e.error } : {}),
          outputTail: typeof e.outputTail === 'string' ? e.outputTail : '',
        });
      }
    } catch {
      // A line cut short by a crash: the rest of the log is still good.
    }
  }
  return entries;
}

/** The last `lines` lines of a command's output, for the log. */
export function outputTail(output: string, lines = 20): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * A shell script that replays what was done: one ssh command line per command
 * that succeeded, in order, built by `reach` (the inventory's user, port, key
 * and known_hosts; see ssh/replay.ts); failed and unknown ones stay as
 * comments, so running the script does what the log says happened.
 */
export function auditScript(entries: readonly AuditEntry[], reach: (host: string, command: string) => string): string {
  const out = [
    '#!/bin/sh',
    '# What gluster-console ran on the hosts, exported from its audit log.',
    '# Commands that failed or whose outcome is unknown are commented out.',
    '# Each runs as root on its host (through sudo -n for other logins).',
    'set -e',
    '',
  ];
  for (const e of entries) {
    const status = e.exitCode === 0 ? 'ok' : e.exitCode === null ? `unknown: ${e.error ?? 'no exit status'}` : `exit ${e.exitCode}`;
    out.push(`# ${e.time} ${e.host} [${e.step}] ${status.replace(/\n/g, ' ')}`);
    const line = reach(e.host, e.command);
    out.push(e.exitCode === 0 ? line : line.split('\n').map((l) => `# ${l}`).join('\n'));
    out.push('');
  }
  return `${out.join('\n')}`;
}

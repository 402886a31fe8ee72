// Process bookkeeping for the lab: it only ever signals processes it started,
// identified by pid *and* start time, so a recycled pid is never killed.
import { readFileSync } from 'node:fs';

export interface ProcessRef {
  pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks after boot; unique with the pid. */
  startTime: string;
}

export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export function refOf(pid: number): ProcessRef | null {
  const startTime = startTimeOf(pid);
  return startTime === null ? null : { pid, startTime };
}

/** True when the very process we recorded still runs (and is not a zombie). */
export function isAlive(ref: ProcessRef | undefined): boolean {
  if (!ref) return false;
  if (startTimeOf(ref.pid) !== ref.startTime) return false;
  try {
    const stat = readFileSync(`/proc/${ref.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function killRef(ref: ProcessRef | undefined, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (!ref || !isAlive(ref)) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The children of a process, from /proc/PID/task/PID/children. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Polls until the condition holds or the deadline passes; resolves whether it held. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// Locks that keep concurrent lab commands (`lab boot 2 & lab boot 3`) from
// losing each other's records. They are flock(2) locks, taken by util-linux's
// `flock` on a file descriptor this process opened and lends it: the lock
// belongs to the open file, which only this process keeps open once flock has
// exited, so the kernel drops it when this process closes the file or dies,
// even by SIGKILL. A killed lab command therefore never leaves a stale lock.
// (Node opens files close-on-exec, so the nodes this process starts do not
// inherit the file and cannot keep the lock.)
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { findProgram } from './preflight.js';

/** flock's exit status when the wait ran out (distinct from its own errors, exit 1). */
const CONFLICT = 75;

export type LockMode = 'shared' | 'exclusive';

export class LockTimeout extends Error {
  constructor(readonly path: string, readonly waitedMs: number) {
    super(`another lab command has held ${path} for ${Math.round(waitedMs / 1000)} s; try again when it has finished`);
    this.name = 'LockTimeout';
  }
}

/** Takes the lock on `path` (created if missing); resolves with its release. */
export async function acquireLock(path: string, mode: LockMode, timeoutMs = 120_000): Promise<() => void> {
  const fd = openSync(path, 'a', 0o600);
  const started = Date.now();
  try {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(findProgram('flock') ?? 'flock', [mode === 'shared' ? '--shared' : '--exclusive', '--conflict-exit-code', String(CONFLICT), '--wait', String(Math.max(1, Math.ceil(timeoutMs / 1000))), '3'], {
        stdio: ['ignore', 'ignore', 'pipe', fd],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    if (result.code === CONFLICT) throw new LockTimeout(path, Date.now() - started);
    if (result.code !== 0) throw new Error(`cannot lock ${path}: flock exited ${result.code}: ${result.stderr.trim()}`);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    closeSync(fd);
  };
}

/** Runs `fn` holding the lock on `path`; releases it however `fn` ends. */
export async function withLock<T>(path: string, mode: LockMode, fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  const release = await acquireLock(path, mode, timeoutMs);
  try {
    return await fn();
  } finally {
    release();
  }
}

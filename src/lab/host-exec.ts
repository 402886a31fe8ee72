// Running programs on this machine (not over SSH): the lab builds its nodes
// with losetup, mkfs, ssh-keygen and unshare. Always argv arrays, never a shell.
import { execFile } from 'node:child_process';

export interface LocalResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class LocalCommandError extends Error {
  constructor(readonly argv: string[], readonly result: LocalResult) {
    super(`${argv.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`);
    this.name = 'LocalCommandError';
  }
}

/** Runs a program and resolves with its result whatever the exit code. */
export function runLocal(program: string, args: string[], timeoutMs = 60_000): Promise<LocalResult> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 127) : 0;
      resolve({ code: err && code === 0 ? 1 : code, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
    });
  });
}

/** Runs a program and throws a LocalCommandError naming it when it fails. */
export async function mustRun(program: string, args: string[], timeoutMs?: number): Promise<string> {
  const result = await runLocal(program, args, timeoutMs);
  if (result.code !== 0) throw new LocalCommandError([program, ...args], result);
  return result.stdout;
}

// Lab test files run in parallel workers (vitest.config.ts), each on a lab net
// of its own so their nodes never share an address: worker 1 keeps the base net
// (GLUSTER_CONSOLE_LAB_NET, default 127.1.1), worker K moves the second octet
// up by K-1 (127.2.1, 127.3.1, ...). Everything a test starts (lab up, dist/cli.js)
// inherits the variable, and the lab reads it at each call, never at import.
import { DEFAULT_LAB_NET } from '../../src/lab/paths.js';

export function workerLabNet(base: string, worker: number): string {
  const [a, b, c] = base.split('.');
  const second = Number(b) + worker - 1;
  if (a !== '127' || c === undefined || !(second >= 0 && second <= 255)) {
    throw new Error(`lab worker ${worker} has no net next to ${base}: use a base net like 127.1.N`);
  }
  return `${a}.${second}.${c}`;
}

/** The nets the workers of one run use, for the preflight to check up front. */
export function allWorkerNets(base: string, workers: number): string[] {
  return Array.from({ length: workers }, (_, i) => workerLabNet(base, i + 1));
}

export const LAB_BASE_NET = process.env.GLUSTER_CONSOLE_LAB_BASE_NET || process.env.GLUSTER_CONSOLE_LAB_NET || DEFAULT_LAB_NET;

/** How many lab files run at once: GLUSTER_CONSOLE_LAB_WORKERS, default 3. */
export function labWorkers(value = process.env.GLUSTER_CONSOLE_LAB_WORKERS): number {
  if (value === undefined || value === '') return 3;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`GLUSTER_CONSOLE_LAB_WORKERS must be a whole number from 1 to 8 (got "${value}")`);
  return n;
}

// setupFiles of the lab project: gives this test file's process a lab net of
// its own before the file runs (see worker-net.ts). Vitest's VITEST_POOL_ID is
// not unique when the unit and lab projects run in one `vitest run` (two files
// at once were seen with the same id), so each process claims a free slot
// itself: an exclusive lock file per slot holding its pid, taken over when
// that pid is gone, released when the process exits.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_BASE_NET, labWorkers, workerLabNet } from './worker-net.js';

const base = process.env.GLUSTER_CONSOLE_LAB_BASE_NET || LAB_BASE_NET;
const slots = labWorkers();
const lockOf = (slot: number) => join(tmpdir(), `gluster-console-lab-slot-${base}-${slot}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryClaim(slot: number): boolean {
  const path = lockOf(slot);
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readFileSync(path, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || alive(holder))) return holder === process.pid;
  // The holder is gone (a crashed worker): remove its lock and race for it once more.
  try {
    unlinkSync(path);
  } catch {
    // another process took it over first
  }
  return false;
}

async function claim(): Promise<number> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    for (let slot = 1; slot <= slots; slot++) if (tryClaim(slot) || tryClaim(slot)) return slot;
    if (Date.now() > deadline) throw new Error(`no free lab slot of ${slots} for 30 minutes (locks ${lockOf(1)} ...)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const slot = await claim();
process.on('exit', () => {
  try {
    if (readFileSync(lockOf(slot), 'utf8').trim() === String(process.pid)) unlinkSync(lockOf(slot));
  } catch {
    // already gone
  }
});
process.env.GLUSTER_CONSOLE_LAB_BASE_NET = base;
process.env.GLUSTER_CONSOLE_LAB_NET = workerLabNet(base, slot);

// setupFiles of the lab project: gives this test file's process a lab net of
// its own before the file runs (see worker-net.ts). Vitest's VITEST_POOL_ID is
// not unique when the unit and lab projects run in one `vitest run` (two files
// at once were seen with the same id), so each process claims a free slot
// itself: a lock file per slot holding its pid, in a directory global-setup.ts
// makes fresh for each run (so no lock is ever stale from an earlier run), made
// with link() so that it never exists without the pid in it. A lock whose
// process is gone (its file finished) is free again.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_BASE_NET, labWorkers, workerLabNet } from './worker-net.js';

const base = process.env.GLUSTER_CONSOLE_LAB_BASE_NET || LAB_BASE_NET;
const slots = labWorkers();
const dir = process.env.GLUSTER_CONSOLE_LAB_SLOTS_DIR || tmpdir();
const lockOf = (slot: number) => join(dir, `gluster-console-lab-slot-${base}-${slot}.lock`);

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
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    linkSync(mine, path); // atomic: fails when the slot's lock exists
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(mine);
  }
  let holder = 0;
  try {
    holder = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return false; // released meanwhile: the next round tries again
  }
  if (holder === process.pid) return true;
  if (alive(holder)) return false;
  // The holder finished without releasing it (killed): free the slot for the next round.
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === holder) unlinkSync(path);
  } catch {
    // gone already
  }
  return false;
}

async function claim(): Promise<number> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    for (let slot = 1; slot <= slots; slot++) if (tryClaim(slot)) return slot;
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

// The lab's record of what it created: nodes, their disks and processes.
// Written atomically (temp file + rename), and every read-modify-write holds
// the state lock, so lab commands running at once never lose each other's
// records; `lab down` relies on it to undo exactly what `up` did.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLock, type LockMode } from './lock.js';
import { labStatePath } from './paths.js';
import type { LabNodeSpec } from './node-files.js';
import type { ProcessRef } from './procs.js';

export interface LabNodeState extends LabNodeSpec {
  /** The `unshare` process (on the machine) and the node's init, PID 1 inside. */
  unshare?: ProcessRef;
  init?: ProcessRef;
  bootedAt?: string;
  /** Every packet to and from its address is dropped (lab silence). */
  silenced?: boolean;
}

export interface LabState {
  version: 1;
  dir: string;
  createdAt: string;
  nodes: LabNodeState[];
}

export function readLabState(dir: string): LabState | null {
  const path = labStatePath(dir);
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`the lab state ${path} is unreadable (${(err as Error).message}); nothing was changed`);
  }
  const state = data as LabState;
  if (state?.version !== 1 || !Array.isArray(state.nodes)) {
    throw new Error(`the lab state ${path} is not one this version understands; nothing was changed`);
  }
  return state;
}

let writes = 0;

/** Replaces lab.json in one rename; callers other than up and down go through updateLabState. */
export function writeLabState(state: LabState): void {
  const path = labStatePath(state.dir);
  const tmp = `${path}.${process.pid}.${++writes}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/*
 * Three kinds of lock, always taken in this order (so never a deadlock):
 *   lab     exclusive for up and down, shared for the commands on one node;
 *   nodeN   exclusive for crash, boot, silence and unsilence of node N, so two
 *           boots of one node do not start it twice, while different nodes
 *           boot in parallel;
 *   state   exclusive around every read-modify-write of lab.json.
 * They live in DIR/locks/, which down leaves in place (empty files): a command
 * waiting on a lock file that down removed would not exclude the next one.
 */
const locksDir = (dir: string) => join(dir, 'locks');

export async function withLabLock<T>(dir: string, mode: LockMode, fn: () => Promise<T>): Promise<T> {
  mkdirSync(locksDir(dir), { recursive: true, mode: 0o700 });
  // up and down of a large lab, or a boot waiting for glusterd, can take minutes.
  return withLock(join(locksDir(dir), 'lab'), mode, fn, 600_000);
}

export async function withNodeLock<T>(dir: string, index: number, fn: () => Promise<T>): Promise<T> {
  mkdirSync(locksDir(dir), { recursive: true, mode: 0o700 });
  return withLock(join(locksDir(dir), `node${index}`), 'exclusive', fn, 300_000);
}

/**
 * Reads lab.json, lets `change` edit it (and do what must happen under the same
 * lock, such as loading firewall rules made from it), and writes it back.
 * Throws when there is no lab.
 */
export async function updateLabState<T>(dir: string, change: (state: LabState) => T | Promise<T>): Promise<T> {
  mkdirSync(locksDir(dir), { recursive: true, mode: 0o700 });
  return withLock(join(locksDir(dir), 'state'), 'exclusive', async () => {
    const state = readLabState(dir);
    if (!state) throw new Error(`no lab in ${dir}: start one with "gluster-console lab up"`);
    const result = await change(state);
    writeLabState(state);
    return result;
  }, 60_000);
}

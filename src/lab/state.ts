// The lab's record of what it created: nodes, their disks and processes.
// Written atomically; `lab down` relies on it to undo exactly what `up` did.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { labStatePath } from './paths.js';
import type { LabNodeSpec } from './node-files.js';
import type { ProcessRef } from './procs.js';

export interface LabNodeState extends LabNodeSpec {
  /** The `unshare` process (on the machine) and the node's init, PID 1 inside. */
  unshare?: ProcessRef;
  init?: ProcessRef;
  bootedAt?: string;
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

export function writeLabState(state: LabState): void {
  const path = labStatePath(state.dir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

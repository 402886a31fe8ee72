// Where the lab keeps its state. Everything the lab creates lives under one
// directory so that `lab down` can find and undo all of it, even after a crash.
import { join } from 'node:path';

export const DEFAULT_LAB_DIR = '/var/lib/gluster-console/lab';

export function defaultLabDir(): string {
  return process.env.GLUSTER_CONSOLE_LAB_DIR || DEFAULT_LAB_DIR;
}

/** The inventory `lab up` writes: the format every `--inventory FILE` reads. */
export function labInventoryPath(dir: string): string {
  return join(dir, 'inventory.yaml');
}

export function labStatePath(dir: string): string {
  return join(dir, 'lab.json');
}

export function nodeDir(dir: string, index: number): string {
  return join(dir, `node${index}`);
}

/** Node I listens on 127.1.1.I: loopback only, one address per node. */
export function nodeAddress(index: number): string {
  return `127.1.1.${index}`;
}

export function nodeName(index: number): string {
  return `node${index}`;
}

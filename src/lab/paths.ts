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

export const DEFAULT_LAB_NET = '127.1.1';

/**
 * The first three octets of the nodes' addresses. Always inside 127.0.0.0/8
 * (all of it routes to lo); another net lets a second lab run beside the first,
 * e.g. a developer's lab next to the test suite's.
 */
export function labNet(value = process.env.GLUSTER_CONSOLE_LAB_NET || DEFAULT_LAB_NET): string {
  const octets = value.split('.');
  const ok = octets.length === 3 && octets[0] === '127' && octets.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255);
  if (!ok) throw new Error(`the lab net must be three octets inside 127.0.0.0/8, like 127.1.1 (got "${value}")`);
  return value;
}

/** Node I listens on NET.I (127.1.1.I by default): loopback only, one address per node. */
export function nodeAddress(index: number, net = labNet()): string {
  return `${net}.${index}`;
}

export function nodeName(index: number): string {
  return `node${index}`;
}

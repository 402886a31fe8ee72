// Which directory under the brick mount is the brick of the volume the
// operator asked for. The cluster is the truth: a volume that exists has its
// bricks wherever `volume info` says (never moved). A new volume gets
// `${brickMount}/brick` while no existing volume uses that directory (every
// cluster the setup made before volumes had directories of their own has its
// brick there, and a first volume keeps that name), and otherwise a directory
// named after itself, `${brickMount}/${volume}`, as gluster's own docs lay out
// several volumes on one brick filesystem. Each volume needs its own brick
// directory: a directory carrying another volume's id is that volume's brick.
import type { Inventory } from '../config/inventory.js';
import type { VolumeInfo } from '../gluster/xml/index.js';
import { brickDir, ownBrickDir, type SetupIntent } from './intent.js';

export type BrickPlace =
  /** The volume exists: its bricks on this host, as volume info has them (none: it has no brick here). */
  | { kind: 'existing'; paths: string[] }
  /** The volume is to be created: its brick on every host. */
  | { kind: 'new'; path: string }
  /** Nobody could say which volumes exist: no directory can be chosen. */
  | { kind: 'unknown' }
  /** No directory under the brick mount can be this volume's brick. */
  | { kind: 'refused'; why: string };

/** The directories a check reads: the first volume's and the volume's own (one when the volume is called "brick"). */
export function brickCandidates(intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>): string[] {
  const legacy = brickDir(intent);
  if (intent.volumeName === '') return [legacy];
  const own = ownBrickDir(intent);
  return own === legacy ? [legacy] : [legacy, own];
}

const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);

/** The inventory host a brick of volume info is on (bricks name the host as it was probed: name or address). */
export function brickOwner(brickHost: string, inventory: Pick<Inventory, 'hosts'>): string | undefined {
  return inventory.hosts.find((h) => h.name.toLowerCase() === brickHost.toLowerCase() || h.address === brickHost)?.name;
}

/** Every volume any host knows, once each (a host not yet in the pool knows none of them). */
export function knownVolumes(perHost: ReadonlyArray<readonly VolumeInfo[] | null | undefined>): VolumeInfo[] | null {
  const answered = perHost.filter((v): v is readonly VolumeInfo[] => Array.isArray(v));
  if (answered.length === 0) return null;
  const byName = new Map<string, VolumeInfo>();
  for (const list of answered) for (const v of list) if (!byName.has(v.name)) byName.set(v.name, v);
  return [...byName.values()];
}

/** The brick directory of a volume that does not exist yet, the same on every host. */
export function newBrickDir(intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>, volumes: readonly VolumeInfo[]): { path: string } | { why: string } {
  const others = volumes.filter((v) => v.name !== intent.volumeName).flatMap((v) => v.bricks.map((b) => ({ volume: v.name, brick: b })));
  // By path on any host: a directory name that is a brick somewhere is not handed to another volume anywhere.
  const legacy = brickDir(intent);
  const path = others.some((o) => o.brick.path === legacy) ? ownBrickDir(intent) : legacy;
  const clash = others.find((o) => inside(path, o.brick.path) || inside(o.brick.path, path));
  if (clash) {
    return { why: `${path} would be or overlap ${clash.volume}'s brick ${clash.brick.host}:${clash.brick.path}: each volume needs a brick directory of its own; choose another brick mount or volume name` };
  }
  return { path };
}

/** Where the intended volume's brick is (or goes) on this host. */
export function brickPlace(host: string, intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>, volumes: readonly VolumeInfo[] | null, inventory: Pick<Inventory, 'hosts'>): BrickPlace {
  if (volumes === null) return { kind: 'unknown' };
  const existing = volumes.find((v) => v.name === intent.volumeName);
  if (existing) return { kind: 'existing', paths: existing.bricks.filter((b) => (brickOwner(b.host, inventory) ?? b.host) === host).map((b) => b.path) };
  const chosen = newBrickDir(intent, volumes);
  return 'why' in chosen ? { kind: 'refused', why: chosen.why } : { kind: 'new', path: chosen.path };
}

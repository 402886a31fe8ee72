// Which bricks a volume gains when hosts join, or why it cannot. Pure: the
// volume as `volume info --xml` gives it, the inventory (zones, devices), the
// hosts the operator names, in; an add-brick the layout validator accepts, or
// every reason to refuse, out. The rules:
// - one brick per new host, at the path the volume's bricks already use (the
//   setup's layout: one brick filesystem per host, the brick a directory in it);
// - whole replica or disperse sets, each set on distinct hosts;
// - each new set spread over as many zones as the new hosts allow (the
//   validator's spreadOrder deals them like cards), and where a set cannot
//   reach as many zones as the volume has, the reason says which zones lack hosts;
// - hosts that already hold a brick of the volume add nothing: a re-run after
//   success plans nothing.
import { posix } from 'node:path';
import type { Inventory } from '../config/inventory.js';
import { validateAddBrick, type ExistingVolume } from '../gluster/layout/add-brick.js';
import { distinct, groupSets, hostIdentity, spreadOrder } from '../gluster/layout/sets.js';
import type { BrickInput, PeerFacts, Verdict } from '../gluster/layout/types.js';
import { layoutString, type VolumeInfo } from '../gluster/xml/volume-info.js';
// The shrink plan's readings of a volume: one definition of a set's size and of a brick's inventory host.
import { inventoryHostOf, setSize } from '../shrink/plan.js';

export interface GrowInput {
  volume: VolumeInfo;
  inventory: Inventory;
  /** Inventory names of the hosts that join. */
  hosts: readonly string[];
  /** The pool as a member sees it (itself included); absent: the validator reports peers as not checked. */
  peers?: PeerFacts[];
  glusterVersion?: string;
}

export interface GrowPlan {
  ok: true;
  volume: string;
  /** The add-brick words (the new bricks, set by set); empty: nothing to add. */
  words: string[];
  /** The new sets, each a list of HOST:/PATH. */
  sets: string[][];
  layoutBefore: string;
  layoutAfter: string;
  /** The validator's verdict on exactly these words; null when there is nothing to add. */
  verdict: Verdict | null;
  /** Hosts that join (in set order), and hosts named that already hold a brick. */
  joining: string[];
  already: string[];
  notes: string[];
}

export interface GrowRefusal {
  ok: false;
  volume: string;
  reasons: string[];
}

export type GrowDecision = GrowPlan | GrowRefusal;


/** The brick directory new hosts get: the path most of the volume's bricks use (the setup gives all of them one). */
export function growBrickPath(volume: VolumeInfo): string | null {
  const counts = new Map<string, number>();
  for (const b of volume.bricks) counts.set(b.path, (counts.get(b.path) ?? 0) + 1);
  let best: string | null = null;
  for (const [path, n] of counts) if (best === null || n > counts.get(best)!) best = path;
  return best;
}

/** Where the new hosts' brick filesystem is mounted: the directory above the brick (the setup's brick mount). */
export function growBrickMount(volume: VolumeInfo): string | null {
  const path = growBrickPath(volume);
  return path === null ? null : posix.dirname(path);
}

export function existingVolume(volume: VolumeInfo, inventory: Inventory): ExistingVolume {
  const status = volume.statusStr.toLowerCase();
  return {
    name: volume.name,
    replica: volume.replicaCount,
    arbiter: volume.arbiterCount,
    disperse: volume.disperseCount,
    redundancy: volume.redundancyCount,
    bricks: volume.bricks.map((b) => {
      const zone = inventoryHostOf(b.host, inventory)?.zone;
      return { host: b.host, path: b.path, ...(zone ? { zone } : {}) };
    }),
    status: status === 'started' ? 'started' : status === 'stopped' ? 'stopped' : 'created',
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function planGrow(input: GrowInput): GrowDecision {
  const { volume, inventory } = input;
  const refuse = (reasons: string[]): GrowRefusal => ({ ok: false, volume: volume.name, reasons });
  const reasons: string[] = [];
  const size = setSize(volume);
  const path = growBrickPath(volume);
  if (path === null) return refuse([`${volume.name} has no bricks to take the brick directory from`]);

  const unknown = input.hosts.filter((h) => !inventory.hosts.some((i) => i.name === h));
  if (unknown.length > 0) reasons.push(`${unknown.join(', ')}: not in the inventory (add ${unknown.length === 1 ? 'it' : 'them'} with zone and device first)`);
  const twice = input.hosts.filter((h, i) => input.hosts.indexOf(h) !== i);
  if (twice.length > 0) reasons.push(`${distinct(twice).join(', ')} named twice: each host takes one brick`);
  const holders = new Set(volume.bricks.map((b) => inventoryHostOf(b.host, inventory)?.name ?? b.host.toLowerCase()));
  const named = distinct(input.hosts).filter((h) => !unknown.includes(h));
  const already = named.filter((h) => holders.has(h));
  const joining = named.filter((h) => !holders.has(h));
  const noDevice = joining.filter((h) => {
    const host = inventory.hosts.find((i) => i.name === h)!;
    return !host.device && !host.transientDevice;
  });
  if (noDevice.length > 0) reasons.push(`${noDevice.join(', ')}: the inventory names no brick device (add device: or transientDevice:)`);
  if (reasons.length > 0) return refuse(reasons);

  const base = { ok: true as const, volume: volume.name, layoutBefore: layoutString(volume), already, notes: [] as string[] };
  if (joining.length === 0) {
    return { ...base, words: [], sets: [], layoutAfter: base.layoutBefore, verdict: null, joining: [], notes: [`${already.join(', ')} already ${already.length === 1 ? 'holds a brick' : 'hold bricks'} of ${volume.name}: nothing to add`] };
  }
  if (already.length > 0) base.notes.push(`${already.join(', ')} already ${already.length === 1 ? 'holds a brick' : 'hold bricks'} of ${volume.name}: left as ${already.length === 1 ? 'it is' : 'they are'}`);
  if (joining.length % size !== 0) {
    const more = size - (joining.length % size);
    return refuse([
      `${plural(joining.length, 'new host')} do not make whole sets of ${size} (one brick per host): name ${plural(more, 'more host')}${joining.length > size ? ` or ${plural(joining.length % size, 'host')} fewer` : ''}`,
    ]);
  }

  const zoneOf = (h: string) => inventory.hosts.find((i) => i.name === h)!.zone;
  const storageOf = (h: string) => (inventory.hosts.find((i) => i.name === h)!.device ? 'volume' : 'transient');
  const bricks: BrickInput[] = joining.map((h) => ({ host: h, path, zone: zoneOf(h), storage: storageOf(h) }));
  const id = hostIdentity(input.peers);
  const order = spreadOrder(bricks, size, id);
  const ordered = order.map((i) => bricks[i]!);
  const sets = groupSets(ordered.length, size).map((s) => s.map((i) => ordered[i]!));

  // Zones: the volume's and the new hosts', as the inventory has them.
  const volumeZones = distinct([...existingVolume(volume, inventory).bricks.map((b) => b.zone), ...ordered.map((b) => b.zone)].filter((z): z is string => z !== undefined));
  const want = Math.min(size, volumeZones.length);
  const newZones = distinct(ordered.map((b) => b.zone!));
  sets.forEach((set, k) => {
    const zones = distinct(set.map((b) => b.zone!));
    if (size > 1 && zones.length < want) {
      const missing = volumeZones.filter((z) => !newZones.includes(z));
      const crowded = newZones.filter((z) => ordered.filter((b) => b.zone === z).length > sets.length);
      const why = missing.length > 0 ? `no new host is in ${missing.join(', ')}` : `${crowded.join(', ')} ${crowded.length === 1 ? 'has' : 'have'} more new hosts than there are new sets`;
      base.notes.push(`new set ${k + 1} (${set.map((b) => b.host).join(', ')}) spans ${plural(zones.length, 'zone')}, not ${want}: ${why}; losing ${zones[0]} takes out more of it than necessary`);
    }
  });
  const words = ordered.map((b) => `${b.host}:${b.path}`);
  const verdict = validateAddBrick({
    volume: existingVolume(volume, inventory),
    bricks: ordered,
    zones: volumeZones,
    ...(input.peers ? { peers: input.peers } : {}),
    ...(input.glusterVersion ? { glusterVersion: input.glusterVersion } : {}),
  });
  const setCount = Math.max(volume.distCount, 1) + sets.length;
  const layoutAfter = layoutString({ ...volume, distCount: setCount, brickCount: volume.brickCount + ordered.length });
  return {
    ...base,
    words,
    sets: sets.map((s) => s.map((b) => `${b.host}:${b.path}`)),
    layoutAfter,
    verdict,
    joining: ordered.map((b) => b.host),
  };
}

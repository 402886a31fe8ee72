// Which bricks leave when hosts leave, or why they may not. Pure: the volume as
// `volume info --xml` gives it, the inventory's zones and the hosts the
// operator names, in; the bricks to remove (in the volume's order) or every
// reason to refuse, out. The rules:
// - remove-brick takes whole replica or disperse sets (gluster refuses part of
//   a set with "Remove brick incorrect brick count of 2 for replica 3", and a
//   set left short would be a lower replica the console never chose);
// - at least one set stays (removing every brick is deleting the volume);
// - the hosts that still hold the volume's bricks are at least as many as a
//   set's bricks, so each set can keep one brick per host;
// - a zone that loses hosts keeps at least its minimum (the setting
//   zoneMinimums, or --min-per-zone), counted in hosts that hold the volume's
//   bricks: the servers that zone gives the volume.
import type { Inventory, InventoryHost } from '../config/inventory.js';
import { groupSets } from '../gluster/layout/sets.js';
import { layoutString, type VolumeInfo } from '../gluster/xml/volume-info.js';

export interface ShrinkInput {
  volume: VolumeInfo;
  inventory: Inventory;
  /** Inventory names of the hosts that leave. */
  hosts: readonly string[];
  /** The fewest hosts a zone may keep. */
  minPerZone(zone: string): number;
}

export interface ShrinkPlan {
  ok: true;
  volume: string;
  /** The bricks to remove, in the volume's order: whole sets. */
  bricks: string[];
  /** The sets that leave, counted from 1 in volume info's order. */
  sets: number[];
  layoutBefore: string;
  layoutAfter: string;
  /** Hosts of the volume's bricks after the removal, per zone. */
  zonesAfter: Record<string, string[]>;
  notes: string[];
}

export interface ShrinkRefusal {
  ok: false;
  volume: string;
  reasons: string[];
}

export type ShrinkDecision = ShrinkPlan | ShrinkRefusal;

/** Bricks per set: the replica count (arbiter included), the disperse count, or 1 for plain distribute. */
export function setSize(v: Pick<VolumeInfo, 'replicaCount' | 'disperseCount'>): number {
  return v.disperseCount > 0 ? v.disperseCount : Math.max(1, v.replicaCount);
}

/** The inventory host a brick's host part names: by name (case does not matter) or by address. */
export function inventoryHostOf(brickHost: string, inventory: Inventory): InventoryHost | undefined {
  const lower = brickHost.toLowerCase();
  return inventory.hosts.find((h) => h.name.toLowerCase() === lower || h.address === brickHost);
}

/** The inventory name of a brick's host; an unknown host stands for itself. */
function hostName(brickHost: string, inventory: Inventory): string {
  return inventoryHostOf(brickHost, inventory)?.name ?? brickHost;
}

/** Hosts (inventory names) that hold the bricks, per zone; hosts outside the inventory have no zone and are left out. */
function hostsPerZone(bricks: VolumeInfo['bricks'], inventory: Inventory): Map<string, Set<string>> {
  const zones = new Map<string, Set<string>>();
  for (const b of bricks) {
    const host = inventoryHostOf(b.host, inventory);
    if (!host) continue;
    const set = zones.get(host.zone) ?? new Set<string>();
    set.add(host.name);
    zones.set(host.zone, set);
  }
  return zones;
}

/** A zone's minimum: --min-per-zone when given, else the setting zoneMinimums for the zone, else its "*", else 1. */
export function zoneMinimum(minimums: Readonly<Record<string, number>>, override?: number): (zone: string) => number {
  return (zone) => override ?? (Object.hasOwn(minimums, zone) ? minimums[zone]! : Object.hasOwn(minimums, '*') ? minimums['*']! : 1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function planShrink(input: ShrinkInput): ShrinkDecision {
  const { volume: v, inventory } = input;
  const reasons: string[] = [];
  const leaving = new Set<string>();
  for (const name of input.hosts) {
    const host = inventoryHostOf(name, inventory);
    if (!host) reasons.push(`${name} is not in the inventory: name the hosts as the inventory does`);
    else leaving.add(host.name);
  }
  if (v.status !== 1) reasons.push(`${v.name} is ${v.statusStr.toLowerCase()}: remove-brick moves the data off the bricks first, which needs the volume started`);
  const size = setSize(v);
  const sets = groupSets(v.bricks.length, size);
  const removed: number[] = [];
  sets.forEach((set, s) => {
    const out = set.filter((i) => leaving.has(hostName(v.bricks[i]!.host, inventory)));
    if (out.length === 0) return;
    if (out.length === set.length) {
      removed.push(s);
      return;
    }
    const staying = set.filter((i) => !out.includes(i)).map((i) => hostName(v.bricks[i]!.host, inventory));
    const gone = out.map((i) => hostName(v.bricks[i]!.host, inventory));
    reasons.push(
      `set ${s + 1} (${set.map((i) => hostName(v.bricks[i]!.host, inventory)).join(', ')}) would lose ${gone.join(', ')} but keep ${staying.join(', ')}: ` +
        `remove-brick takes whole sets of ${size}; name every host of the set, or move the brick to another host instead (replace-brick)`,
    );
  });
  const keptBricks = v.bricks.filter((_, i) => !removed.includes(Math.floor(i / size)));
  if (removed.length > 0 && removed.length === sets.length) {
    reasons.push(`that removes every set of ${v.name}: at least one set must stay (the console does not delete volumes)`);
  }
  const hostsAfter = new Set(keptBricks.map((b) => hostName(b.host, inventory)));
  if (removed.length > 0 && keptBricks.length > 0 && hostsAfter.size < size) {
    reasons.push(`${v.name} would keep ${plural(hostsAfter.size, 'host')} (${[...hostsAfter].join(', ')}), fewer than the ${size} bricks of a set: each set needs its bricks on different hosts`);
  }
  const before = hostsPerZone(v.bricks, inventory);
  const after = hostsPerZone(keptBricks, inventory);
  for (const [zone, hosts] of [...before.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const left = after.get(zone) ?? new Set<string>();
    const min = input.minPerZone(zone);
    if (left.size < hosts.size && left.size < min) {
      reasons.push(`${zone} would keep ${plural(left.size, 'host')} of ${v.name}${left.size > 0 ? ` (${[...left].join(', ')})` : ''}, below its minimum of ${min} (the setting zoneMinimums, or --min-per-zone)`);
    }
  }
  if (reasons.length > 0) return { ok: false, volume: v.name, reasons };
  const removedBricks = v.bricks.filter((_, i) => removed.includes(Math.floor(i / size)));
  const notes: string[] = [];
  const withoutBricks = [...leaving].filter((h) => !v.bricks.some((b) => hostName(b.host, inventory) === h));
  if (withoutBricks.length > 0 && removedBricks.length > 0) notes.push(`${withoutBricks.join(', ')} ${withoutBricks.length === 1 ? 'holds' : 'hold'} no brick of ${v.name}`);
  const left = { ...v, distCount: sets.length - removed.length, brickCount: keptBricks.length };
  return {
    ok: true,
    volume: v.name,
    bricks: removedBricks.map((b) => b.name),
    sets: removed.map((s) => s + 1),
    layoutBefore: layoutString(v),
    layoutAfter: layoutString(left),
    zonesAfter: Object.fromEntries([...after.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([z, hs]) => [z, [...hs].sort()])),
    notes,
  };
}

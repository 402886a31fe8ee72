// Gluster names hosts as they were probed (a name or an address); the
// inventory names them its own way. Match either, ignoring case.
import type { InventoryHost } from '../config/inventory.js';
import { splitBrickName } from '../gluster/xml/brick-name.js';

/** The host part of a brick name, split where gluster splits it (the last ':'). */
export function brickHostOf(brick: string): string {
  return splitBrickName(brick).host;
}

export function inventoryHostFor(hosts: readonly InventoryHost[], name: string): InventoryHost | undefined {
  const wanted = name.toLowerCase();
  return hosts.find((h) => h.name.toLowerCase() === wanted) ?? hosts.find((h) => h.address.toLowerCase() === wanted);
}

/** The inventory name for a gluster host name, or the name itself when the inventory does not know it. */
export function hostKey(hosts: readonly InventoryHost[], name: string): string {
  return inventoryHostFor(hosts, name)?.name ?? name;
}

export function isHealed(volumeType: { replicaCount: number; disperseCount: number }): boolean {
  return volumeType.replicaCount > 1 || volumeType.disperseCount > 0;
}

/** Bricks per replica/disperse set (1 for distribute). */
export function setSizeOf(v: { replicaCount: number; disperseCount: number }): number {
  if (v.disperseCount > 0) return v.disperseCount;
  if (v.replicaCount > 1) return v.replicaCount;
  return 1;
}

/**
 * A volume's backlog from per-brick counts: each copy of a set lists the same
 * entries, so take the largest count within a set and add up the sets.
 */
export function volumeCount(
  v: { replicaCount: number; disperseCount: number; bricks: ReadonlyArray<{ name: string }> },
  counts: ReadonlyMap<string, number>,
): number {
  const size = setSizeOf(v);
  let total = 0;
  for (let i = 0; i < v.bricks.length; i += size) {
    total += Math.max(0, ...v.bricks.slice(i, i + size).map((b) => counts.get(b.name) ?? 0));
  }
  return total;
}

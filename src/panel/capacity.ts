// How full a volume is, and per inventory zone: its hosts, bricks, used and
// free space there, and which way the free space goes over the refreshes.
// Usable space follows the layout: a replica set holds one copy, so it can take
// what its smallest data brick can (arbiters hold no data); a disperse set takes
// its smallest brick times its data bricks; a distribute brick is itself. A brick
// whose filesystem could not be measured is unknown, and so is every sum it is
// part of: never counted as free, never as full.
import type { InventoryHost } from '../config/inventory.js';
import { inventoryHostFor, setSizeOf } from './names.js';
import type { BrickReport } from './report.js';
import type { SpaceSample } from './space-history.js';
import { ratePerMs, type Trend } from './trend.js';

const DAY_MS = 86_400_000;
/** The setting capacityThresholdPercent's default (config/settings.ts; a test keeps the two equal). */
export const DEFAULT_CAPACITY_THRESHOLD_PERCENT = 80;

export interface SpaceTrend {
  /** Of the free space: 'falling' means the zone fills up. */
  direction: Trend['direction'];
  /** Free bytes gained per day over the samples (negative: filling up); absent before two samples. */
  freePerDay?: number;
  /** At that rate, days until nothing is free; only while free space shrinks. */
  daysLeft?: number;
  samples: number;
  /** From the first sample used to the last. */
  spanMs: number;
}

export interface ZoneCapacity {
  zone: string;
  /** Hosts of the zone that hold bricks of the volume. */
  hosts: string[];
  bricks: number;
  /** Bricks whose filesystem size is not known now: while any, the sums below are absent. */
  unknownBricks: number;
  /** Over the distinct filesystems of the volume's bricks in the zone. */
  totalBytes?: number;
  freeBytes?: number;
  usedBytes?: number;
  usedPercent?: number;
  trend: SpaceTrend;
}

export interface VolumeCapacity {
  thresholdPercent: number;
  /** Bricks per replica or disperse set: how many hosts one grow step adds. */
  setSize: number;
  /** What clients can store, by the layout; absent while a data brick's size is unknown. */
  usableTotalBytes?: number;
  usableFreeBytes?: number;
  usedPercent?: number;
  zones: ZoneCapacity[];
}

export interface CapacityLayout {
  replicaCount: number;
  disperseCount: number;
  redundancyCount: number;
}

type Sized = Pick<BrickReport, 'name' | 'host' | 'set' | 'arbiter' | 'freeBytes' | 'totalBytes' | 'device' | 'mountPoint' | 'path'>;

const percent = (used: number, total: number) => (total > 0 ? (used / total) * 100 : undefined);

/** The usable space of the volume by its sets; undefined when any data brick is not measured. */
export function usableSpace(layout: CapacityLayout, bricks: readonly Sized[]): { totalBytes: number; freeBytes: number } | undefined {
  const perSet = new Map<number, Sized[]>();
  for (const b of bricks) perSet.set(b.set, [...(perSet.get(b.set) ?? []), b]);
  const dataBricks = layout.disperseCount > 0 ? layout.disperseCount - layout.redundancyCount : 1;
  let totalBytes = 0;
  let freeBytes = 0;
  for (const members of perSet.values()) {
    const data = members.filter((b) => !b.arbiter);
    if (data.length === 0 || data.some((b) => b.totalBytes === undefined || b.freeBytes === undefined)) return undefined;
    totalBytes += Math.min(...data.map((b) => b.totalBytes!)) * dataBricks;
    freeBytes += Math.min(...data.map((b) => b.freeBytes!)) * dataBricks;
  }
  return perSet.size > 0 ? { totalBytes, freeBytes } : undefined;
}

/** One filesystem per host and device (or mount point): two bricks on one disk share its space. */
function filesystemKey(b: Sized): string {
  return `${b.host}\u0000${b.device ?? b.mountPoint ?? b.path}`;
}

/** A zone's free space over the samples: only samples that measured every one of its filesystems count. */
export function zoneTrend(bricks: readonly Sized[], history: readonly SpaceSample[]): SpaceTrend {
  const points = history.flatMap((sample) => {
    const values = bricks.map((b) => sample.free[b.name]);
    return values.every((x) => x !== undefined) ? [{ at: sample.at, value: (values as number[]).reduce((a, x) => a + x, 0) }] : [];
  });
  const rate = ratePerMs(points);
  const spanMs = points.length > 0 ? points[points.length - 1]!.at - points[0]!.at : 0;
  const base: SpaceTrend = { direction: rate === undefined ? 'new' : rate < 0 ? 'falling' : rate > 0 ? 'rising' : 'steady', samples: points.length, spanMs };
  if (rate === undefined) return base;
  const freePerDay = rate * DAY_MS;
  const free = points[points.length - 1]!.value;
  return { ...base, freePerDay, ...(freePerDay < 0 ? { daysLeft: free / -freePerDay } : {}) };
}

export function volumeCapacity(
  layout: CapacityLayout,
  bricks: readonly Sized[],
  hosts: readonly InventoryHost[],
  history: readonly SpaceSample[],
  thresholdPercent: number,
): VolumeCapacity {
  const usable = usableSpace(layout, bricks);
  const zoneOf = (b: Sized) => inventoryHostFor(hosts, b.host)?.zone ?? '(not in the inventory)';
  const zones = [...new Set(bricks.map(zoneOf))].sort().map((zone): ZoneCapacity => {
    const mine = bricks.filter((b) => zoneOf(b) === zone);
    const unknownBricks = mine.filter((b) => b.totalBytes === undefined || b.freeBytes === undefined).length;
    const distinct = [...new Map(mine.map((b) => [filesystemKey(b), b])).values()];
    const totalBytes = distinct.reduce((a, b) => a + (b.totalBytes ?? 0), 0);
    const freeBytes = distinct.reduce((a, b) => a + (b.freeBytes ?? 0), 0);
    const usedPercent = percent(totalBytes - freeBytes, totalBytes);
    return {
      zone,
      hosts: [...new Set(mine.map((b) => b.host))],
      bricks: mine.length,
      unknownBricks,
      ...(unknownBricks === 0 ? { totalBytes, freeBytes, usedBytes: Math.max(0, totalBytes - freeBytes), ...(usedPercent !== undefined ? { usedPercent } : {}) } : {}),
      trend: zoneTrend(distinct, history),
    };
  });
  const usedPercent = usable ? percent(usable.totalBytes - usable.freeBytes, usable.totalBytes) : undefined;
  return {
    thresholdPercent,
    setSize: setSizeOf(layout),
    ...(usable ? { usableTotalBytes: usable.totalBytes, usableFreeBytes: usable.freeBytes } : {}),
    ...(usedPercent !== undefined ? { usedPercent } : {}),
    zones,
  };
}

// Capacity in words, for the finding, `status` and the panel's zone lines.
import type { SpaceTrend, VolumeCapacity, ZoneCapacity } from './capacity.js';
import { formatBytes } from './format.js';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "in about 3 days", "in about 5 hours", "in more than a year". */
export function fullInText(days: number): string {
  const hours = days * 24;
  if (days > 365) return 'in more than a year';
  if (days >= 2) return `in about ${Math.round(days)} days`;
  if (hours >= 2) return `in about ${Math.round(hours)} hours`;
  if (hours * 60 >= 2) return `in about ${Math.round(hours * 60)} minutes`;
  return 'within minutes';
}

/** "falling 120 MiB/day over 4 checks in 2m", "no trend yet (1 check)". */
export function trendWords(t: SpaceTrend): string {
  if (t.freePerDay === undefined) return `no trend yet (${plural(t.samples, 'check')})`;
  const span = t.spanMs >= 3_600_000 ? `${Math.round(t.spanMs / 3_600_000)}h` : `${Math.max(1, Math.round(t.spanMs / 60_000))}m`;
  const rate = t.freePerDay === 0 ? 'steady' : `${t.freePerDay < 0 ? 'falling' : 'rising'} ${formatBytes(Math.abs(t.freePerDay))}/day`;
  return `${rate} over ${t.samples} checks in ${span}`;
}

export function zoneLine(z: ZoneCapacity): string {
  const space =
    z.freeBytes !== undefined && z.usedBytes !== undefined
      ? `${formatBytes(z.usedBytes)} used${z.usedPercent !== undefined ? ` (${Math.round(z.usedPercent)}%)` : ''}, ${formatBytes(z.freeBytes)} free, ${trendWords(z.trend)}`
      : `space unknown (${plural(z.unknownBricks, 'brick')} not measured)`;
  return `${z.zone}: ${plural(z.hosts.length, 'host')}, ${plural(z.bricks, 'brick')}, ${space}`;
}


/** "usable: 1.7 GiB of 2.0 GiB used (85%, threshold 80%), 300 MiB free". */
export function capacityLine(c: VolumeCapacity): string {
  if (c.usableTotalBytes === undefined || c.usableFreeBytes === undefined) return `usable space unknown (a data brick's filesystem was not measured); threshold ${c.thresholdPercent}%`;
  const used = c.usedPercent !== undefined ? `${Math.round(c.usedPercent)}%, ` : '';
  return `usable: ${formatBytes(c.usableTotalBytes - c.usableFreeBytes)} of ${formatBytes(c.usableTotalBytes)} used (${used}threshold ${c.thresholdPercent}%), ${formatBytes(c.usableFreeBytes)} free`;
}

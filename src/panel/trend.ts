// Which way the heal backlog goes between refreshes, and how fast a value
// changes over timed samples (a zone's free space).
import type { HealSample } from './snapshot.js';

export interface Trend {
  /** 'new': only one sample so far. */
  direction: 'new' | 'rising' | 'falling' | 'steady';
  /** Change since the previous sample. */
  delta: number;
  previous?: number;
  /** Pending counts of the recent samples, oldest first. */
  recent: number[];
}

export function healTrend(history: readonly HealSample[] | undefined, keep = 10): Trend {
  const samples = history ?? [];
  const last = samples[samples.length - 1];
  const before = samples[samples.length - 2];
  const recent = samples.slice(-keep).map((s) => s.pending);
  if (!last || !before) return { direction: 'new', delta: 0, recent };
  const delta = last.pending - before.pending;
  return { direction: delta > 0 ? 'rising' : delta < 0 ? 'falling' : 'steady', delta, previous: before.pending, recent };
}

/**
 * Change per millisecond over timed samples (least squares, so one odd sample
 * does not decide it); undefined with fewer than two distinct times.
 */
export function ratePerMs(points: readonly { at: number; value: number }[]): number | undefined {
  if (points.length < 2) return undefined;
  const meanAt = points.reduce((sum, p) => sum + p.at, 0) / points.length;
  const meanValue = points.reduce((sum, p) => sum + p.value, 0) / points.length;
  let spread = 0;
  let together = 0;
  for (const p of points) {
    spread += (p.at - meanAt) ** 2;
    together += (p.at - meanAt) * (p.value - meanValue);
  }
  return spread > 0 ? together / spread : undefined;
}

/** Change of one brick's pending count since the previous sample. */
export function brickDelta(history: readonly HealSample[] | undefined, brick: string): number | undefined {
  const samples = history ?? [];
  const last = samples[samples.length - 1]?.perBrick[brick];
  const before = samples[samples.length - 2]?.perBrick[brick];
  return last === undefined || before === undefined ? undefined : last - before;
}

/** "6", "4 ↓2", "9 ↑3" */
export function trendText(pending: number, trend: Trend): string {
  if (trend.direction === 'rising') return `${pending} ↑${trend.delta}`;
  if (trend.direction === 'falling') return `${pending} ↓${-trend.delta}`;
  return String(pending);
}

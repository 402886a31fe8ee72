// Layouts worth choosing for the bricks at hand, best first: each one is
// placed (bricks ordered so sets span hosts and zones), validated like any
// other layout, and ranked by what it survives, then by how much of the raw
// space it keeps usable. Keys 1-9 take a suggestion in the UI.
import { brickLabel } from './brick-checks.js';
import { validateCreate } from './rules.js';
import { distinct, hostIdentity, spreadOrder } from './sets.js';
import type { BrickInput, HostFacts, LayoutSpec, LayoutSummary, Verdict } from './types.js';

export interface SuggestInput extends HostFacts {
  glusterVersion?: string;
  volumeName?: string;
  /** The bricks the operator could use, any order. */
  bricks: BrickInput[];
  limit?: number;
}

export interface Suggestion {
  key: string;
  title: string;
  why: string;
  layout: LayoutSpec;
  /** The bricks to use, in command order. */
  bricks: BrickInput[];
  /** The words after the volume name. */
  words: string[];
  summary: LayoutSummary;
  verdict: Verdict;
}

/** The option words for a layout, in the order the CLI expects them. */
export function layoutWords(spec: LayoutSpec): string[] {
  const words: string[] = [];
  if (spec.stripe !== undefined) words.push('stripe', String(spec.stripe));
  if (spec.replica !== undefined) words.push('replica', String(spec.replica));
  if (spec.arbiter !== undefined) words.push('arbiter', String(spec.arbiter));
  if (spec.thinArbiter !== undefined) words.push('thin-arbiter', String(spec.thinArbiter));
  if (spec.disperse !== undefined) words.push('disperse', ...(spec.disperse > 0 ? [String(spec.disperse)] : []));
  if (spec.disperseData !== undefined) words.push('disperse-data', String(spec.disperseData));
  if (spec.redundancy !== undefined) words.push('redundancy', String(spec.redundancy));
  if (spec.transport !== undefined && spec.transport !== 'tcp') words.push('transport', spec.transport);
  return words;
}

const CANDIDATES: { spec: LayoutSpec; setSize: number; name: string }[] = [
  { spec: { replica: 3, arbiter: 1 }, setSize: 3, name: 'replica 3 arbiter 1' },
  { spec: { replica: 3 }, setSize: 3, name: 'replica 3' },
  { spec: { disperse: 6, redundancy: 2 }, setSize: 6, name: 'disperse 6 redundancy 2' },
  { spec: { disperse: 3, redundancy: 1 }, setSize: 3, name: 'disperse 3 redundancy 1' },
  { spec: { disperse: 5, redundancy: 1 }, setSize: 5, name: 'disperse 5 redundancy 1' },
  { spec: { disperse: 10, redundancy: 2 }, setSize: 10, name: 'disperse 10 redundancy 2' },
  { spec: { disperse: 11, redundancy: 3 }, setSize: 11, name: 'disperse 11 redundancy 3' },
  { spec: { replica: 2 }, setSize: 2, name: 'replica 2' },
  { spec: {}, setSize: 1, name: 'distribute' },
];

/** Share of the raw space that holds data (an arbiter brick holds metadata only). */
function efficiency(spec: LayoutSpec): number {
  if (spec.disperse !== undefined && spec.redundancy !== undefined) return (spec.disperse - spec.redundancy) / spec.disperse;
  if (spec.arbiter !== undefined) return 1 / 2;
  return 1 / (spec.replica ?? 1);
}

const STORAGE_RANK = { volume: 0, unknown: 1, transient: 2, root: 3 } as const;

export function suggestLayouts(input: SuggestInput): Suggestion[] {
  const id = hostIdentity(input.peers);
  // Root-partition bricks only when nothing else is there; attached volumes first.
  const usable = input.bricks.filter((b) => b.storage !== 'root');
  const pool = (usable.length > 0 ? usable : input.bricks).slice().sort((a, b) => STORAGE_RANK[a.storage ?? 'unknown'] - STORAGE_RANK[b.storage ?? 'unknown']);
  const hosts = distinct(pool.map((b) => id(b.host))).length;
  const results: (Suggestion & { score: number })[] = [];
  for (const c of CANDIDATES) {
    if (c.setSize > hosts || c.setSize > pool.length) continue;
    // The most bricks that still give every set distinct hosts.
    let chosen: BrickInput[] | null = null;
    for (let n = pool.length - (pool.length % c.setSize); n >= c.setSize && !chosen; n -= c.setSize) {
      const take = pickSpread(pool, n, id);
      const order = spreadOrder(take, c.setSize, id).map((i) => take[i]!);
      const distinctSets = chunk(order, c.setSize).every((s) => new Set(s.map((b) => id(b.host))).size === s.length);
      if (distinctSets) chosen = order;
    }
    if (!chosen) continue;
    const verdict = validateCreate({ ...input, layout: c.spec, bricks: chosen, force: false });
    if (!verdict.accepted || !verdict.summary) continue;
    const s = verdict.summary;
    const serious = verdict.warnings.filter((w) => !['disperse-default-redundancy', 'unverified-version', 'fewer-zones'].includes(w.code)).length;
    // Among layouts that survive the same, full copies come before small disperse
    // sets: replica 3 is what operators run (the runbook's layout), heals copy
    // whole files, and a 3- to 5-brick disperse set buys space with CPU and
    // heal cost. A set that survives two failures (e.g. 4 + 2) still wins on perSet.
    const fullCopies = c.spec.replica !== undefined && c.spec.replica >= 3 && c.spec.arbiter === undefined ? 60 : 0;
    const score =
      (s.survives.oneZone ? 1000 : 0) + (s.survives.oneHost ? 500 : 0) + 200 * Math.min(s.survives.perSet, 2) +
      100 * efficiency(c.spec) + fullCopies + 50 * (chosen.length / pool.length) - 30 * serious + (c.spec.arbiter ? 5 : 0);
    const left = pool.length - chosen.length;
    results.push({
      key: '',
      title: `${c.name}: ${s.text}`,
      why: `${s.survives.text}; ${Math.round(efficiency(c.spec) * 100)}% of the raw space holds data${left > 0 ? `; leaves ${left} brick${left === 1 ? '' : 's'} unused` : ''}`,
      layout: c.spec,
      bricks: chosen,
      words: [...layoutWords(c.spec), ...chosen.map(brickLabel)],
      summary: s,
      verdict,
      score,
    });
  }
  return results
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.min(input.limit ?? 5, 9))
    .map(({ score: _score, ...s }, i) => ({ ...s, key: String(i + 1) }));
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** n bricks taken round-robin over hosts, so no host is left out while another gives two. */
function pickSpread(pool: readonly BrickInput[], n: number, id: (h: string) => string): BrickInput[] {
  const byHost = new Map<string, BrickInput[]>();
  for (const b of pool) byHost.set(id(b.host), [...(byHost.get(id(b.host)) ?? []), b]);
  const queues = [...byHost.values()];
  const out: BrickInput[] = [];
  for (let round = 0; out.length < n; round++) {
    let took = false;
    for (const q of queues) {
      if (out.length < n && q[round] !== undefined) {
        out.push(q[round]!);
        took = true;
      }
    }
    if (!took) break;
  }
  return out;
}

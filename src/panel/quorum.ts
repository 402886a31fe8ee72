// Can a replica or disperse set still serve I/O? GlusterFS 10.x:
// - client quorum (cluster.quorum-type): auto = more than half of the set, or
//   exactly half including the set's first brick; fixed = cluster.quorum-count;
//   none = any brick. Without it I/O fails with "Transport endpoint is not
//   connected" (ENOTCONN); the volume does not turn read-only.
// - disperse: at least (disperse - redundancy) bricks of the set.
// - distribute: each brick holds its own files.
// Bricks whose state is unknown make the answer unknown only when they decide it.
export type Tri = 'yes' | 'no' | 'unknown';

export interface QuorumRule {
  kind: 'replica' | 'disperse' | 'distribute';
  /** cluster.quorum-type for replica sets: auto | fixed | none. */
  quorumType?: string;
  quorumCount?: number;
  /** Data bricks per disperse set. */
  dataCount?: number;
}

export interface SetQuorum {
  state: 'met' | 'lost' | 'unknown';
  online: number;
  size: number;
  /** What the rule asks for, in words. */
  rule: string;
}

function meets(up: boolean[], rule: QuorumRule): boolean {
  const n = up.length;
  const count = up.filter(Boolean).length;
  if (rule.kind === 'distribute') return count === n;
  if (rule.kind === 'disperse') return count >= (rule.dataCount ?? n);
  switch (rule.quorumType) {
    case 'none':
      return count >= 1;
    case 'fixed':
      return count >= Math.max(1, rule.quorumCount ?? 1);
    default: // auto
      if (count * 2 > n) return true;
      return count * 2 === n && up[0] === true;
  }
}

export function describeRule(rule: QuorumRule, size: number): string {
  if (rule.kind === 'distribute') return 'every brick (distribute: each brick holds its own files)';
  if (rule.kind === 'disperse') return `at least ${rule.dataCount ?? size} of ${size} bricks (disperse)`;
  switch (rule.quorumType) {
    case 'none':
      return `any of ${size} bricks (client quorum off)`;
    case 'fixed':
      return `at least ${rule.quorumCount ?? 1} of ${size} bricks (quorum-type fixed)`;
    default:
      return size % 2 === 1 ? `at least ${Math.floor(size / 2) + 1} of ${size} bricks (quorum-type auto)` : `more than ${size / 2} of ${size} bricks, or ${size / 2} including the first (quorum-type auto)`;
  }
}

export function setQuorum(states: readonly Tri[], rule: QuorumRule): SetQuorum {
  const unknown = states.map((s, i) => (s === 'unknown' ? i : -1)).filter((i) => i >= 0);
  const base = states.map((s) => s === 'yes');
  const outcomes = new Set<boolean>();
  // Every way the unknown bricks could be (sets are small; cap the work).
  const combos = unknown.length > 10 ? 0 : 1 << unknown.length;
  if (combos === 0) outcomes.add(true).add(false);
  for (let mask = 0; mask < combos; mask++) {
    const up = [...base];
    unknown.forEach((index, bit) => (up[index] = (mask & (1 << bit)) !== 0));
    outcomes.add(meets(up, rule));
  }
  const state = outcomes.size > 1 ? 'unknown' : outcomes.has(true) ? 'met' : 'lost';
  return { state, online: base.filter(Boolean).length, size: states.length, rule: describeRule(rule, states.length) };
}

/** glusterd's server quorum: active peers (itself included) >= ceil(total * ratio / 100); without a ratio, more than half. */
export function serverQuorumMet(active: number, total: number, ratioText: string | undefined): boolean {
  const ratio = ratioText === undefined ? NaN : Number.parseFloat(ratioText.replace('%', ''));
  const needed = Number.isFinite(ratio) && ratio > 0 ? Math.ceil((total * ratio) / 100) : Math.floor(total / 2) + 1;
  return active >= needed;
}

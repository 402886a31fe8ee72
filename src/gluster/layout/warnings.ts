// What glusterd accepts but an operator should think twice about: two copies
// that cannot outvote each other, sets crowded into fewer zones than the
// bricks allow, sets that live only on transient disks, and `force` covering
// a real problem.
import { groupSets, spreadOrder, zonesOf, distinct, type HostId } from './sets.js';
import { brickLabel } from './brick-checks.js';
import { canonicalPath } from './bricks.js';
import type { ResolvedLayout } from './resolve.js';
import type { GlusterRules } from './version.js';
import type { BrickInput, Problem, Warning } from './types.js';

/** "set 2 (bricks 4-6)", or "brick 3" when sets are single bricks. */
function setLabel(set: readonly number[]): string {
  const first = set[0]! + 1;
  const last = set[set.length - 1]! + 1;
  return first === last ? `brick ${first}` : `set ${Math.floor(set[0]! / set.length) + 1} (bricks ${first}-${last})`;
}

function labels(sets: readonly (readonly number[])[]): string {
  const all = sets.map(setLabel);
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

export function layoutWarnings(l: ResolvedLayout, bricks: readonly BrickInput[], rules: GlusterRules, id: HostId, allZones?: readonly string[]): Warning[] {
  const warnings: Warning[] = [];
  if (l.kind === 'replicate' && l.replica === 2 && !l.thinArbiter) {
    warnings.push({
      code: 'replica-2',
      message: 'replica 2 without an arbiter risks split-brain: when the two copies disagree, neither can outvote the other (gluster asks first; --mode=script says yes)',
      fix: 'use replica 3 arbiter 1 (one small extra brick per set holds only metadata) or replica 3',
    });
  }
  if (l.kind === 'distribute' || (l.kind === 'stripe' && l.replica === 1)) {
    warnings.push({
      code: 'no-redundancy',
      message: l.kind === 'distribute' ? 'a distributed volume keeps one copy of each file: a lost brick loses its files' : 'stripe without replica keeps one copy: a lost brick damages every striped file',
      fix: 'use replica 3 (or replica 3 arbiter 1), or disperse for space efficiency',
    });
  }
  if (l.transport !== 'tcp' && rules.volfileLimits) {
    warnings.push({
      code: 'rdma',
      message: `GlusterFS ${rules.version.text} has no RDMA transport any more: the volume is created but "volume start" fails`,
      fix: 'use transport tcp (the default)',
    });
  }

  const sets = groupSets(bricks.length, l.setSize);
  if (l.setSize > 1) {
    const zones = distinct([...(allZones ?? []), ...bricks.map((b) => b.zone).filter((z): z is string => z !== undefined)]);
    if (zones.length > 1 && bricks.every((b) => b.zone !== undefined)) {
      const want = Math.min(l.setSize, zones.length);
      const short = sets.filter((s) => zonesOf(s, bricks).length < want);
      if (short.length > 0) {
        const order = spreadOrder(bricks, l.setSize, id);
        const better = groupSets(order.length, l.setSize).map((s) => s.map((k) => order[k]!)).filter((s) => zonesOf(s, bricks).length < want).length;
        const reorder = better < short.length ? `reorder the bricks: ${order.map((i) => brickLabel(bricks[i]!)).join(' ')}` : `add bricks in ${zones.filter((z) => !bricks.some((b) => b.zone === z)).join(', ') || 'the other zones'} so each set can reach ${want} zones`;
        warnings.push({
          code: 'fewer-zones',
          message: `${labels(short)} ${short.length === 1 ? 'spans' : 'span'} fewer zones than ${want}: losing one zone takes out more of ${short.length === 1 ? 'that set' : 'those sets'} than necessary`,
          fix: reorder,
          bricks: short.flat(),
        });
      }
    }
  }
  const transientSets = sets.filter((s) => s.every((i) => bricks[i]!.storage === 'transient'));
  if (transientSets.length > 0) {
    warnings.push({
      code: 'transient-only-set',
      message: `${labels(transientSets)} ${transientSets.length === 1 ? 'lives' : 'live'} only on transient disks (volume-less zone): if those VMs are stopped or rebuilt, ${l.setSize > 1 ? 'every copy of the set is gone' : 'those files are gone'}`,
      fix: 'put at least one brick of every set on an attached volume',
      bricks: transientSets.flat(),
    });
  }
  const sizes = sets.filter((s) => {
    const known = s.map((i) => bricks[i]!.sizeBytes).filter((n): n is number => n !== undefined);
    return known.length === s.length && Math.max(...known) > Math.min(...known) * 1.1;
  });
  if (sizes.length > 0 && l.setSize > 1) {
    warnings.push({
      code: 'unequal-sizes',
      message: `${labels(sizes)} ${sizes.length === 1 ? 'mixes' : 'mix'} brick sizes: a set holds only as much as its smallest brick`,
      fix: 'use bricks of the same size within each set',
      bricks: sizes.flat(),
    });
  }
  warnings.push(...pathDiffers(l, sets, bricks));
  if (!rules.verified) {
    warnings.push({
      code: 'unverified-version',
      message: `the rules for GlusterFS ${rules.version.text} come from its sources and release notes; only 10.x was measured against real glusterd`,
    });
  }
  return warnings;
}

/**
 * A data brick whose path differs from the path every other data brick of its
 * set shares: a typo in a pasted runbook (`h4:/gvl-vol-replica/` beside three
 * `/export/gvl-vol-replica/`) puts that copy on another filesystem, often the
 * root one. Arbiter bricks may live elsewhere on purpose and are left out.
 */
function pathDiffers(l: ResolvedLayout, sets: readonly (readonly number[])[], bricks: readonly BrickInput[]): Warning[] {
  if (l.setSize < 2) return [];
  const path = (i: number) => canonicalPath(bricks[i]!.path);
  /** The one brick of `group` (3 or more) whose path is not the one all the others share. */
  const oddOne = (group: readonly number[]): { odd: number; common: string } | null => {
    if (group.length < 3) return null;
    const first = group.filter((i) => path(i) === path(group[0]!));
    const common = first.length > 1 ? path(group[0]!) : path(group[1]!);
    const odd = group.filter((i) => path(i) !== common);
    return odd.length === 1 ? { odd: odd[0]!, common } : null;
  };
  const data = (set: readonly number[]) => (l.arbiter > 0 ? set.slice(0, -1) : [...set]);
  const found = sets.map((set) => ({ set, hit: oddOne(data(set)) })).filter((f) => f.hit !== null);
  // Sets of two cannot outvote a typo: then the whole volume's bricks are the measure.
  const whole = found.length === 0 ? oddOne(sets.flatMap(data)) : null;
  const hits = whole ? [{ set: sets.find((s) => s.includes(whole.odd))!, hit: whole, where: 'the other bricks of the volume' }]
    : found.map((f) => ({ ...f, where: `the other bricks of ${setLabel(f.set)}` }));
  return hits.map(({ hit, where }) => ({
    code: 'path-differs',
    message: `brick ${hit!.odd + 1} (${brickLabel(bricks[hit!.odd]!)}) has another path than ${where}, which all use ${hit!.common}: a typo puts that copy on another filesystem, often the root one`,
    fix: `if it is a typo, write ${bricks[hit!.odd]!.host}:${hit!.common}`,
    bricks: [hit!.odd],
  }));
}

/** The same-host rule: glusterd refuses a set with two bricks on one server unless force (older CLIs ask instead). */
export function sameHostProblems(l: ResolvedLayout, bricks: readonly BrickInput[], valid: readonly boolean[], id: HostId): Problem[] {
  if (l.kind === 'distribute' || (l.kind === 'stripe' && l.replica === 1)) return [];
  const groupSize = l.kind === 'stripe' ? l.replica : l.setSize;
  const kind = l.kind === 'disperse' ? 'disperse' : 'replicate';
  const problems: Problem[] = [];
  let spread: { order: number[]; ok: boolean } | undefined;
  const spreadFix = () => {
    if (!spread) {
      const order = spreadOrder(bricks, l.setSize, id);
      const ok = groupSets(order.length, groupSize).every((g) => new Set(g.map((k) => id(bricks[order[k]!]!.host))).size === g.length);
      spread = { order, ok };
    }
    return spread;
  };
  for (const set of groupSets(bricks.length, groupSize)) {
    const byHost = new Map<string, number[]>();
    for (const i of set) {
      if (!valid[i]) continue;
      const h = id(bricks[i]!.host);
      byHost.set(h, [...(byHost.get(h) ?? []), i]);
    }
    for (const list of byHost.values()) {
      if (list.length < 2) continue;
      const host = bricks[list[0]!]!.host;
      const { order, ok: spreadOk } = spreadFix();
      problems.push({
        code: 'same-host',
        message: `${setLabel(set)} has ${list.length} bricks on ${host} (bricks ${list.map((i) => i + 1).join(', ')}): losing ${host} loses ${list.length} ${l.kind === 'disperse' ? 'pieces' : 'copies'} at once`,
        fix: spreadOk
          ? `order the bricks so each set uses different hosts: ${order.map((i) => brickLabel(bricks[i]!)).join(' ')}`
          : `each set of ${groupSize} needs ${groupSize} different hosts: add hosts, or use a smaller ${l.kind === 'disperse' ? 'disperse count' : 'replica count'}`,
        gluster: `Multiple bricks of a ${kind} volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior.`,
        bricks: list,
        forceable: true,
      });
    }
  }
  return problems;
}

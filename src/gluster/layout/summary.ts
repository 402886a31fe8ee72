// The layout as the operator should see it before running anything: the
// string `gluster volume info` will print, each set with its hosts and zones,
// the usable capacity, and what the volume survives.
import { distinct, groupSets, type HostId } from './sets.js';
import type { ResolvedLayout } from './resolve.js';
import type { BrickInput, BrickSet, LayoutSummary, SetBrick, Survival, VolumeType } from './types.js';

function volumeType(l: ResolvedLayout, setCount: number): VolumeType {
  const dist = setCount > 1;
  switch (l.kind) {
    case 'distribute': return 'Distribute';
    case 'replicate': return dist ? 'Distributed-Replicate' : 'Replicate';
    case 'disperse': return dist ? 'Distributed-Disperse' : 'Disperse';
    case 'stripe':
      if (l.replica > 1) return dist ? 'Distributed-Striped-Replicate' : 'Striped-Replicate';
      return dist ? 'Distributed-Stripe' : 'Stripe';
  }
}

/** "Number of Bricks" as cli-rpc-ops.c prints it. */
export function layoutText(l: ResolvedLayout, brickCount: number): string {
  const sets = brickCount / l.setSize;
  switch (l.kind) {
    case 'distribute': return `${brickCount}`;
    case 'disperse': return `${sets} x (${l.disperse - l.redundancy} + ${l.redundancy}) = ${brickCount}`;
    case 'replicate': return l.arbiter > 0 ? `${sets} x (${l.replica - l.arbiter} + ${l.arbiter}) = ${brickCount}` : `${sets} x ${l.replica} = ${brickCount}`;
    case 'stripe': return l.replica > 1 ? `${sets} x ${l.stripe} x ${l.replica} = ${brickCount}` : `${sets} x ${l.stripe} = ${brickCount}`;
  }
}

/** Bricks of one set that may be lost while it stays readable and writable (client quorum 'auto' for 3 and more). */
export function tolerance(l: ResolvedLayout): number {
  switch (l.kind) {
    case 'distribute': return 0;
    case 'disperse': return l.redundancy;
    case 'stripe': return l.replica > 1 ? Math.max(1, Math.ceil(l.replica / 2) - 1) : 0;
    case 'replicate':
      if (l.thinArbiter || l.arbiter > 0 || l.replica === 2) return 1;
      return Math.ceil(l.replica / 2) - 1;
  }
}

/** Groups that each must keep enough bricks: replica sets inside stripes, otherwise the sets. */
function redundancyGroups(l: ResolvedLayout, count: number): number[][] {
  if (l.kind === 'stripe' && l.replica > 1) return groupSets(count, l.replica);
  if (l.kind === 'stripe') return groupSets(count, l.setSize);
  return groupSets(count, l.setSize);
}

function worst(groups: number[][], key: (i: number) => string | undefined, extra?: string): number {
  let max = 0;
  for (const g of groups) {
    const counts = new Map<string, number>();
    for (const i of g) {
      const k = key(i);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (extra !== undefined) counts.set(extra, (counts.get(extra) ?? 0) + 1);
    for (const n of counts.values()) max = Math.max(max, n);
  }
  return max;
}

function survival(l: ResolvedLayout, bricks: readonly BrickInput[], ta: BrickInput | undefined, id: HostId): Survival {
  const perSet = tolerance(l);
  if (perSet === 0) {
    return { perSet, oneHost: false, oneZone: false, text: l.kind === 'distribute' ? 'no redundancy: a lost brick takes its files with it' : 'no redundancy: a lost brick takes part of every striped file with it' };
  }
  const groups = redundancyGroups(l, bricks.length);
  const hostWorst = worst(groups, (i) => id(bricks[i]!.host), ta ? id(ta.host) : undefined);
  const zonesKnown = bricks.every((b) => b.zone !== undefined) && (!ta || ta.zone !== undefined);
  const zoneWorst = zonesKnown ? worst(groups, (i) => bricks[i]!.zone, ta?.zone) : Infinity;
  const oneHost = hostWorst <= perSet;
  const oneZone = zoneWorst <= perSet;
  const each = `${perSet} brick${perSet === 1 ? '' : 's'} per set`;
  const text = oneZone ? `survives the loss of any one host or any one zone (${each})`
    : oneHost ? `survives the loss of any one host (${each})${zonesKnown ? ', not of a whole zone' : '; zones unknown'}`
    : `does not survive the loss of any one host: a set has ${hostWorst} bricks on one host and tolerates ${perSet} lost`;
  return { perSet, oneHost, oneZone, text };
}

function capacity(l: ResolvedLayout, bricks: readonly BrickInput[]): { usable: number | null; raw: number | null } {
  if (bricks.some((b) => b.sizeBytes === undefined)) return { usable: null, raw: null };
  const size = (i: number) => bricks[i]!.sizeBytes!;
  const raw = bricks.reduce((n, b) => n + b.sizeBytes!, 0);
  let usable = 0;
  for (const set of groupSets(bricks.length, l.setSize)) {
    switch (l.kind) {
      case 'distribute':
        usable += size(set[0]!);
        break;
      case 'disperse':
        usable += Math.min(...set.map(size)) * (l.disperse - l.redundancy);
        break;
      case 'replicate': {
        const data = l.arbiter > 0 ? set.slice(0, l.replica - l.arbiter) : set;
        usable += Math.min(...data.map(size));
        break;
      }
      case 'stripe': {
        const replicas = groupSets(set.length, l.replica).map((g) => Math.min(...g.map((k) => size(set[k]!))));
        usable += Math.min(...replicas) * l.stripe;
        break;
      }
    }
  }
  return { usable, raw };
}

export function summarize(l: ResolvedLayout, bricks: readonly BrickInput[], ta: BrickInput | undefined, id: HostId): LayoutSummary {
  const sets: BrickSet[] = groupSets(bricks.length, l.setSize).map((group, index) => {
    const members: SetBrick[] = group.map((i, k) => ({
      index: i,
      host: bricks[i]!.host,
      path: bricks[i]!.path,
      ...(bricks[i]!.zone !== undefined ? { zone: bricks[i]!.zone } : {}),
      role: l.arbiter > 0 && k === group.length - 1 ? 'arbiter' : 'data',
    }));
    return {
      index,
      bricks: members,
      hosts: distinct(group.map((i) => bricks[i]!.host)),
      zones: distinct(group.map((i) => bricks[i]!.zone).filter((z): z is string => z !== undefined)),
    };
  });
  const { usable, raw } = capacity(l, bricks);
  return {
    type: volumeType(l, sets.length),
    text: layoutText(l, bricks.length),
    brickCount: bricks.length,
    setSize: l.setSize,
    setCount: sets.length,
    replica: l.replica,
    arbiter: l.arbiter,
    thinArbiter: l.thinArbiter,
    disperse: l.disperse,
    redundancy: l.redundancy,
    stripe: l.stripe,
    transport: l.transport,
    sets,
    ...(ta ? { thinArbiterBrick: { index: -1, host: ta.host, path: ta.path, ...(ta.zone !== undefined ? { zone: ta.zone } : {}), role: 'thin-arbiter' as const } } : {}),
    capacityBytes: usable,
    rawBytes: raw,
    survives: survival(l, bricks, ta, id),
  };
}

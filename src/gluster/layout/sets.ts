// Sets are consecutive bricks in command order. glusterd compares the hosts
// of a set by address, so two names of one peer are one server: peers' aliases
// map every name to the peer. Zones come from the operator's inventory.
import type { BrickInput, PeerFacts } from './types.js';

export type HostId = (host: string) => string;

/** Maps any name or address of a peer to the peer's name; unknown hosts stand for themselves. */
export function hostIdentity(peers?: readonly PeerFacts[]): HostId {
  const names = new Map<string, string>();
  for (const p of peers ?? []) {
    names.set(p.name.toLowerCase(), p.name);
    for (const a of p.aliases ?? []) names.set(a.toLowerCase(), p.name);
  }
  return (host) => names.get(host.toLowerCase()) ?? host.toLowerCase();
}

/** Brick indexes per set, in order. */
export function groupSets(count: number, setSize: number): number[][] {
  const sets: number[][] = [];
  for (let start = 0; start < count; start += setSize) {
    sets.push(Array.from({ length: Math.min(setSize, count - start) }, (_, k) => start + k));
  }
  return sets;
}

export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function zonesOf(group: readonly number[], bricks: readonly BrickInput[]): string[] {
  return distinct(group.map((i) => bricks[i]!.zone).filter((z): z is string => z !== undefined));
}

/**
 * An order that puts each set's bricks on different hosts and as many zones as
 * possible: bricks sorted zone by zone and host by host (largest first), then
 * dealt to the sets like cards. A host with no more bricks than there are sets
 * never lands twice in one set.
 */
export function spreadOrder(bricks: readonly BrickInput[], setSize: number, id: HostId): number[] {
  const setCount = Math.floor(bricks.length / setSize);
  if (setCount < 1 || bricks.length % setSize !== 0) return bricks.map((_, i) => i);
  const zones = new Map<string, Map<string, number[]>>();
  bricks.forEach((b, i) => {
    const zone = b.zone ?? '';
    const hosts = zones.get(zone) ?? new Map<string, number[]>();
    const host = id(b.host);
    hosts.set(host, [...(hosts.get(host) ?? []), i]);
    zones.set(zone, hosts);
  });
  const size = (hosts: Map<string, number[]>) => [...hosts.values()].reduce((n, l) => n + l.length, 0);
  const line = [...zones.values()]
    .sort((a, b) => size(b) - size(a))
    .flatMap((hosts) => [...hosts.values()].sort((a, b) => b.length - a.length).flat());
  const sets: number[][] = Array.from({ length: setCount }, () => []);
  line.forEach((brick, k) => sets[k % setCount]!.push(brick));
  return sets.flat();
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/inventory.js';
import type { VolumeInfo } from '../../src/gluster/xml/volume-info.js';
import { planShrink, setSize, zoneMinimum, type ShrinkInput } from '../../src/shrink/plan.js';

const BRICK = '/data/glusterfs/brick1/brick';

function volume(hosts: string[], replica: number, extra: Partial<VolumeInfo> = {}): VolumeInfo {
  return {
    name: 'gv0',
    id: '00000000-0000-0000-0000-000000000000',
    status: 1,
    statusStr: 'Started',
    brickCount: hosts.length,
    distCount: Math.max(1, Math.floor(hosts.length / replica)),
    replicaCount: replica,
    arbiterCount: 0,
    disperseCount: 0,
    redundancyCount: 0,
    type: replica > 1 ? 7 : 0,
    typeStr: replica > 1 ? 'Distributed-Replicate' : 'Distribute',
    bricks: hosts.map((h) => ({ name: `${h}:${BRICK}`, host: h, path: BRICK, hostUuid: `uuid-${h}`, isArbiter: false })),
    options: {},
    ...extra,
  };
}

function inventory(zones: Record<string, string>): Inventory {
  return { hosts: Object.entries(zones).map(([name, zone], i) => ({ name, address: `127.1.22.${i + 1}`, ssh: {}, zone })) };
}

// The lab test's cluster: a 2 x 3 volume, node1,node4 in zone-a, node2,node5 in zone-b, node3,node6 in zone-c.
const SIX = inventory({ node1: 'zone-a', node2: 'zone-b', node3: 'zone-c', node4: 'zone-a', node5: 'zone-b', node6: 'zone-c' });
const GV0 = volume(['node1', 'node2', 'node3', 'node4', 'node5', 'node6'], 3);
const input = (hosts: string[], min = 1, v = GV0, inv = SIX): ShrinkInput => ({ volume: v, inventory: inv, hosts, minPerZone: () => min });

describe('planShrink', () => {
  it('removes the second set when its three hosts leave: 2 x 3 becomes 1 x 3', () => {
    const plan = planShrink(input(['node4', 'node5', 'node6']));
    expect(plan).toEqual({
      ok: true,
      volume: 'gv0',
      bricks: [`node4:${BRICK}`, `node5:${BRICK}`, `node6:${BRICK}`],
      sets: [2],
      layoutBefore: '2 x 3 = 6',
      layoutAfter: '1 x 3 = 3',
      zonesAfter: { 'zone-a': ['node1'], 'zone-b': ['node2'], 'zone-c': ['node3'] },
      notes: [],
    });
  });

  it('refuses part of a set, naming the set and what to do', () => {
    const plan = planShrink(input(['node4', 'node5']));
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.reasons).toEqual([
      'set 2 (node4, node5, node6) would lose node4, node5 but keep node6: remove-brick takes whole sets of 3; name every host of the set, or move the brick to another host instead (replace-brick)',
    ]);
  });

  it('refuses to leave a zone below its minimum', () => {
    const plan = planShrink(input(['node4', 'node5', 'node6'], 2));
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.reasons).toHaveLength(3);
    expect(plan.reasons[0]).toBe('zone-a would keep 1 host of gv0 (node1), below its minimum of 2 (the setting zoneMinimums, or --min-per-zone)');
  });

  it('a zone already below its minimum is not held against a removal elsewhere', () => {
    const inv = inventory({ node1: 'zone-a', node2: 'zone-b', node3: 'zone-c', node4: 'zone-a', node5: 'zone-b', node6: 'zone-a' });
    const plan = planShrink({ ...input(['node4', 'node5', 'node6'], 1, GV0, inv), minPerZone: (z) => (z === 'zone-c' ? 2 : 1) });
    expect(plan.ok).toBe(true);
  });

  it('refuses to remove every set, and hosts the inventory does not know', () => {
    const plan = planShrink(input(['node1', 'node2', 'node3', 'node4', 'node5', 'node6', 'node9'], 0));
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.reasons[0]).toBe('node9 is not in the inventory: name the hosts as the inventory does');
    expect(plan.reasons[1]).toMatch(/removes every set of gv0: at least one set must stay/);
  });

  it('refuses to leave fewer hosts than a set has bricks', () => {
    // The first set was made with force, two bricks on node1: only node1 and node2 would be left for sets of 3.
    const v = volume(['node1', 'node1', 'node2', 'node3', 'node4', 'node5'], 3);
    const inv = inventory({ node1: 'a', node2: 'a', node3: 'a', node4: 'a', node5: 'a' });
    const plan = planShrink(input(['node3', 'node4', 'node5'], 0, v, inv));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reasons).toEqual(['gv0 would keep 2 hosts (node1, node2), fewer than the 3 bricks of a set: each set needs its bricks on different hosts']);
  });

  it('refuses a volume that is not started', () => {
    const plan = planShrink(input(['node4', 'node5', 'node6'], 1, { ...GV0, status: 2, statusStr: 'Stopped' }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reasons).toEqual(['gv0 is stopped: remove-brick moves the data off the bricks first, which needs the volume started']);
  });

  it('plans nothing once the hosts hold no brick (a second run)', () => {
    const after = volume(['node1', 'node2', 'node3'], 3);
    const plan = planShrink(input(['node4', 'node5', 'node6'], 1, after));
    expect(plan).toMatchObject({ ok: true, bricks: [], sets: [], layoutBefore: '1 x 3 = 3', layoutAfter: '1 x 3 = 3' });
  });

  it('matches bricks named by address, and plain distribute sets of one brick', () => {
    const v = volume(['127.1.22.1', '127.1.22.2', '127.1.22.3'], 1);
    const inv = inventory({ node1: 'a', node2: 'b', node3: 'b' });
    const plan = planShrink(input(['node3'], 1, v, inv));
    expect(plan).toMatchObject({ ok: true, bricks: [`127.1.22.3:${BRICK}`], layoutBefore: '3', layoutAfter: '2' });
  });

  it('a disperse set is its disperse count', () => {
    expect(setSize({ replicaCount: 1, disperseCount: 6 })).toBe(6);
    expect(setSize({ replicaCount: 3, disperseCount: 0 })).toBe(3);
    expect(setSize({ replicaCount: 0, disperseCount: 0 })).toBe(1);
  });
});

// Random volumes of 1-4 sets of 1-4 bricks on up to 8 hosts in up to 3 zones, random hosts leaving.
const scenario = fc
  .record({ sets: fc.integer({ min: 1, max: 4 }), size: fc.integer({ min: 1, max: 4 }), hostCount: fc.integer({ min: 1, max: 8 }), zoneCount: fc.integer({ min: 1, max: 3 }), min: fc.integer({ min: 0, max: 2 }) })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      placement: fc.array(fc.integer({ min: 0, max: s.hostCount - 1 }), { minLength: s.sets * s.size, maxLength: s.sets * s.size }),
      zoneOf: fc.array(fc.integer({ min: 0, max: s.zoneCount - 1 }), { minLength: s.hostCount, maxLength: s.hostCount }),
      leaving: fc.subarray(Array.from({ length: s.hostCount }, (_, i) => i)),
    }),
  )
  .map(({ s, placement, zoneOf, leaving }) => {
    const names = Array.from({ length: s.hostCount }, (_, i) => `h${i}`);
    const inv = inventory(Object.fromEntries(names.map((n, i) => [n, `z${zoneOf[i]}`])));
    const v = { ...volume(placement.map((p) => names[p]!), s.size), distCount: s.sets };
    return { v, inv, hosts: leaving.map((i) => names[i]!), min: s.min, size: s.size };
  });

describe('planShrink properties', () => {
  it('a plan removes exactly the bricks on the leaving hosts, in whole sets, and keeps every rule', () => {
    fc.assert(
      fc.property(scenario, ({ v, inv, hosts, min, size }) => {
        const plan = planShrink({ volume: v, inventory: inv, hosts, minPerZone: () => min });
        if (!plan.ok) return;
        const onLeaving = v.bricks.filter((b) => hosts.includes(b.host)).map((b) => b.name);
        expect(plan.bricks).toEqual(onLeaving);
        for (let s = 0; s < v.bricks.length / size; s++) {
          const set = v.bricks.slice(s * size, (s + 1) * size).map((b) => plan.bricks.includes(b.name));
          expect(set.every((x) => x === set[0])).toBe(true);
        }
        const kept = v.bricks.filter((b) => !plan.bricks.includes(b.name));
        expect(kept.length).toBeGreaterThan(0);
        if (plan.bricks.length > 0) expect(new Set(kept.map((b) => b.host)).size).toBeGreaterThanOrEqual(size);
        for (const zone of new Set(inv.hosts.map((h) => h.zone))) {
          const holders = (bricks: typeof kept) => new Set(bricks.filter((b) => inv.hosts.find((h) => h.name === b.host)!.zone === zone).map((b) => b.host)).size;
          const before = holders(v.bricks);
          const after = holders(kept);
          if (after < before) expect(after).toBeGreaterThanOrEqual(min);
        }
      }),
    );
  });

  it('a refusal always has a rule broken, and says so', () => {
    fc.assert(
      fc.property(scenario, ({ v, inv, hosts, min, size }) => {
        const plan = planShrink({ volume: v, inventory: inv, hosts, minPerZone: () => min });
        const removed = v.bricks.map((b) => hosts.includes(b.host));
        const partial = Array.from({ length: v.bricks.length / size }, (_, s) => removed.slice(s * size, (s + 1) * size)).some((set) => set.some((x) => x !== set[0]));
        const all = removed.every(Boolean);
        if (plan.ok) expect(partial || all).toBe(false);
        else expect(plan.reasons.length).toBeGreaterThan(0);
        if (partial || all) expect(plan.ok).toBe(false);
      }),
    );
  });

  it('after the plan is carried out, the same request plans nothing', () => {
    fc.assert(
      fc.property(scenario, ({ v, inv, hosts, min, size }) => {
        const plan = planShrink({ volume: v, inventory: inv, hosts, minPerZone: () => min });
        if (!plan.ok || plan.bricks.length === 0) return;
        const bricks = v.bricks.filter((b) => !plan.bricks.includes(b.name));
        const after = { ...v, bricks, brickCount: bricks.length, distCount: bricks.length / size };
        const again = planShrink({ volume: after, inventory: inv, hosts, minPerZone: () => min });
        expect(again).toMatchObject({ ok: true, bricks: [], layoutBefore: plan.layoutAfter });
      }),
    );
  });
});

describe('zoneMinimum', () => {
  it('takes --min-per-zone first, then the zone, then "*", then 1', () => {
    expect(zoneMinimum({ 'zone-a': 2, '*': 0 }, 3)('zone-a')).toBe(3);
    expect(zoneMinimum({ 'zone-a': 2, '*': 0 })('zone-a')).toBe(2);
    expect(zoneMinimum({ 'zone-a': 2, '*': 0 })('zone-b')).toBe(0);
    expect(zoneMinimum({})('zone-b')).toBe(1);
    expect(zoneMinimum({})('__proto__')).toBe(1);
  });
});

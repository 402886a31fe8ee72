import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/inventory.js';
import { validateAddBrick } from '../../src/gluster/layout/add-brick.js';
import { parseVolumeInfo, type VolumeInfo } from '../../src/gluster/xml/index.js';
import { existingVolume, growBrickMount, planGrow, type GrowPlan } from '../../src/grow/plan.js';

const BRICK = '/data/glusterfs/brick1/brick';

function volume(hosts: string[], setSize: number, kind: 'replica' | 'disperse' = 'replica'): VolumeInfo {
  const disperse = kind === 'disperse';
  return {
    name: 'gv0',
    id: '00000000-0000-0000-0000-000000000000',
    status: 1,
    statusStr: 'Started',
    brickCount: hosts.length,
    distCount: Math.max(1, Math.floor(hosts.length / setSize)),
    replicaCount: disperse ? 1 : setSize,
    arbiterCount: 0,
    disperseCount: disperse ? setSize : 0,
    redundancyCount: disperse ? 1 : 0,
    type: 0,
    typeStr: '',
    bricks: hosts.map((h) => ({ name: `${h}:${BRICK}`, host: h, path: BRICK, hostUuid: `uuid-${h}`, isArbiter: false })),
    options: {},
  };
}

function inventory(zones: Record<string, string>): Inventory {
  return { hosts: Object.entries(zones).map(([name, zone], i) => ({ name, address: `127.1.21.${i + 1}`, ssh: {}, zone, device: '/dev/vdc' })) };
}

// The lab test's cluster: node1,node4 zone-a; node2,node5 zone-b; node3,node6 zone-c.
const SIX = inventory({ node1: 'zone-a', node2: 'zone-b', node3: 'zone-c', node4: 'zone-a', node5: 'zone-b', node6: 'zone-c' });
const GV0 = volume(['node1', 'node2', 'node3'], 3);

describe('planGrow', () => {
  it('grows 1 x 3 to 2 x 3 with one brick per new host, the set over three zones', () => {
    const plan = planGrow({ volume: GV0, inventory: SIX, hosts: ['node4', 'node5', 'node6'] }) as GrowPlan;
    expect(plan.ok).toBe(true);
    expect(plan.words).toEqual([`node4:${BRICK}`, `node5:${BRICK}`, `node6:${BRICK}`]);
    expect(plan).toMatchObject({ layoutBefore: '1 x 3 = 3', layoutAfter: '2 x 3 = 6', notes: [], already: [] });
    expect(plan.verdict?.accepted).toBe(true);
    expect(plan.verdict?.summary?.sets).toHaveLength(2);
  });

  it('reads the brick path from volume info as captured', () => {
    const captured = parseVolumeInfo(readFileSync(new URL('../fixtures/gluster-10.3/volume-info.xml', import.meta.url), 'utf8'))[0]!;
    expect(growBrickMount(captured)).toBe('/data/glusterfs/brick1');
    const plan = planGrow({ volume: captured, inventory: SIX, hosts: ['node4', 'node5', 'node6'] });
    expect(plan.ok && plan.words[0]).toBe(`node4:${BRICK}`);
  });

  it('plans nothing for hosts that already hold its bricks (a re-run after success)', () => {
    const grown = volume(['node1', 'node2', 'node3', 'node4', 'node5', 'node6'], 3);
    const plan = planGrow({ volume: grown, inventory: SIX, hosts: ['node4', 'node5', 'node6'] });
    expect(plan).toMatchObject({ ok: true, words: [], verdict: null, already: ['node4', 'node5', 'node6'], layoutAfter: '2 x 3 = 6' });
  });

  it('refuses part of a set, with how many hosts to add or drop', () => {
    const plan = planGrow({ volume: GV0, inventory: SIX, hosts: ['node4', 'node5'] });
    expect(plan).toEqual({ ok: false, volume: 'gv0', reasons: ['2 new hosts do not make whole sets of 3 (one brick per host): name 1 more host'] });
    const four = planGrow({ volume: GV0, inventory: inventory({ ...Object.fromEntries(SIX.hosts.map((h) => [h.name, h.zone])), node7: 'zone-a' }), hosts: ['node4', 'node5', 'node6', 'node7'] });
    expect(four.ok ? [] : four.reasons[0]).toMatch(/name 2 more hosts or 1 host fewer/);
  });

  it('refuses hosts the inventory does not know, named twice, or without a brick device', () => {
    const noDevice: Inventory = { hosts: SIX.hosts.map((h) => (h.name === 'node6' ? { name: h.name, address: h.address, ssh: {}, zone: h.zone } : h)) };
    expect(planGrow({ volume: GV0, inventory: SIX, hosts: ['node4', 'node4', 'node9'] })).toMatchObject({ ok: false, reasons: [expect.stringMatching(/node9: not in the inventory/), expect.stringMatching(/node4 named twice/)] });
    expect(planGrow({ volume: GV0, inventory: noDevice, hosts: ['node4', 'node5', 'node6'] })).toMatchObject({ ok: false, reasons: [expect.stringMatching(/node6: the inventory names no brick device/)] });
  });

  it('says why a new set cannot span every zone', () => {
    const oneZone = inventory({ node1: 'zone-a', node2: 'zone-b', node3: 'zone-c', node4: 'zone-a', node5: 'zone-a', node6: 'zone-b' });
    const plan = planGrow({ volume: GV0, inventory: oneZone, hosts: ['node4', 'node5', 'node6'] }) as GrowPlan;
    expect(plan.ok).toBe(true);
    expect(plan.notes).toEqual([expect.stringMatching(/^new set 1 \(node4, node5, node6\) spans 2 zones, not 3: no new host is in zone-c/)]);
  });
});

// Any volume of whole sets, any new hosts over any zones: every proposal passes the validator, each set on distinct hosts, spread over as many zones as possible.
describe('planGrow, for any cluster', () => {
  const cluster = fc
    .record({
      setSize: fc.integer({ min: 1, max: 4 }),
      oldSets: fc.integer({ min: 1, max: 3 }),
      newSets: fc.integer({ min: 0, max: 3 }),
      extra: fc.integer({ min: 0, max: 2 }),
      zones: fc.integer({ min: 1, max: 4 }),
      disperse: fc.boolean(),
      seed: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
    })
    .map((c) => {
      const size = c.setSize;
      const kind: 'replica' | 'disperse' = c.disperse && size >= 3 ? 'disperse' : 'replica';
      const oldHosts = Array.from({ length: c.oldSets * size }, (_, i) => `old${i + 1}`);
      const newHosts = Array.from({ length: c.newSets * size + c.extra }, (_, i) => `new${i + 1}`);
      const zones: Record<string, string> = {};
      [...oldHosts, ...newHosts].forEach((h, i) => (zones[h] = `zone-${String.fromCharCode(97 + (c.seed[i % 40]! % c.zones))}`));
      return { size, kind, oldHosts, newHosts, inv: inventory(zones) };
    });

  it('proposes only add-bricks the validator accepts, or refuses with a reason', () => {
    fc.assert(
      fc.property(cluster, ({ size, kind, oldHosts, newHosts, inv }) => {
        const v = volume(oldHosts, size, kind);
        const zoneOf = (h: string) => inv.hosts.find((i) => i.name === h)!.zone;
        const plan = planGrow({ volume: v, inventory: inv, hosts: newHosts });
        if (!plan.ok) {
          expect(newHosts.length % size).not.toBe(0);
          expect(plan.reasons.length).toBeGreaterThan(0);
          return;
        }
        expect(newHosts.length % size).toBe(0);
        if (newHosts.length === 0) return;
        const bricks = plan.joining.map((h) => ({ host: h, path: BRICK, zone: inv.hosts.find((i) => i.name === h)!.zone }));
        const verdict = validateAddBrick({ volume: existingVolume(v, inv), bricks });
        expect(verdict.errors).toEqual([]);
        expect(plan.verdict?.accepted).toBe(true);
        for (const set of plan.sets) {
          const hosts = set.map((b) => b.split(':')[0]!);
          expect(new Set(hosts).size).toBe(size);
          // Spread: every zone's new hosts are dealt evenly over the new sets (counts differ by at most one).
          for (const zone of new Set(newHosts.map((h) => zoneOf(h)))) {
            const counts = plan.sets.map((s) => s.filter((b) => zoneOf(b.split(':')[0]!) === zone).length);
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

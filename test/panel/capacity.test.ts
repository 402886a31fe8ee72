// Capacity per zone: usable space by the layout, zone sums, the free-space
// trend, and the capacity finding's words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InventoryHost } from '../../src/config/inventory.js';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { capacityFindings } from '../../src/panel/capacity-findings.js';
import { fullInText, zoneLine } from '../../src/panel/capacity-text.js';
import { DEFAULT_CAPACITY_THRESHOLD_PERCENT, usableSpace, volumeCapacity, zoneTrend, type CapacityLayout } from '../../src/panel/capacity.js';
import type { BrickReport, VolumeReport } from '../../src/panel/report.js';
import type { SpaceSample } from '../../src/panel/space-history.js';

const GiB = 1024 ** 3;
const DAY = 86_400_000;
const REPLICA3: CapacityLayout = { replicaCount: 3, disperseCount: 0, redundancyCount: 0 };

function host(name: string, zone: string): InventoryHost {
  return { name, address: `127.0.0.${name.replace(/\D/g, '') || 1}`, ssh: { user: 'root', port: 22 }, zone, device: '/dev/vdc' };
}

const HOSTS = [host('n1', 'zone-a'), host('n2', 'zone-b'), host('n3', 'zone-c'), host('n4', 'zone-a'), host('n5', 'zone-b'), host('n6', 'zone-c')];

type Sized = Pick<BrickReport, 'name' | 'host' | 'set' | 'arbiter' | 'freeBytes' | 'totalBytes' | 'device' | 'mountPoint' | 'path'>;

function brick(hostName: string, set: number, totalGiB: number | undefined, freeGiB: number | undefined, extra: Partial<Sized> = {}): Sized {
  return {
    name: `${hostName}:/b/${set}`,
    host: hostName,
    path: `/b/${set}`,
    set,
    arbiter: false,
    device: `/dev/vdc-${set}`,
    ...(totalGiB !== undefined ? { totalBytes: totalGiB * GiB } : {}),
    ...(freeGiB !== undefined ? { freeBytes: freeGiB * GiB } : {}),
    ...extra,
  };
}

/** Samples of every brick's free space, falling by `perDay` bytes a day from `start` bytes. */
function falling(bricks: readonly Sized[], start: number, perDay: number, count: number, everyMs = 30_000): SpaceSample[] {
  return Array.from({ length: count }, (_, i) => ({ at: 1_000_000 + i * everyMs, free: Object.fromEntries(bricks.map((b) => [b.name, start - (perDay * i * everyMs) / DAY])) }));
}

function volume(bricks: Sized[], history: SpaceSample[], layout = REPLICA3, threshold = 80): VolumeReport {
  return {
    name: 'gv0',
    type: 'Replicate',
    layout: '1 x 3 = 3',
    status: 'Started',
    started: true,
    ...layout,
    arbiterCount: 0,
    options: { selfHealDaemon: 'on' },
    healed: true,
    bricks: bricks as BrickReport[],
    sets: [],
    capacity: volumeCapacity(layout, bricks, HOSTS, history, threshold),
    verdict: 'healthy',
    findings: [],
  };
}

describe('usable space by the layout', () => {
  it('a replica set stores its smallest brick, not the sum', () => {
    expect(usableSpace(REPLICA3, [brick('n1', 0, 10, 4), brick('n2', 0, 10, 3), brick('n3', 0, 8, 5)])).toEqual({ totalBytes: 8 * GiB, freeBytes: 3 * GiB });
  });

  it('two replica sets add up; an arbiter holds no data', () => {
    const bricks = [brick('n1', 0, 10, 5), brick('n2', 0, 10, 5), brick('n3', 0, 1, 0.1, { arbiter: true }), brick('n4', 1, 20, 10), brick('n5', 1, 20, 12), brick('n6', 1, 20, 11)];
    expect(usableSpace(REPLICA3, bricks)).toEqual({ totalBytes: 30 * GiB, freeBytes: 15 * GiB });
  });

  it('a disperse set stores its smallest brick times its data bricks', () => {
    const bricks = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((h, i) => brick(h, 0, 10 + i, 6 - i * 0.5));
    expect(usableSpace({ replicaCount: 1, disperseCount: 6, redundancyCount: 2 }, bricks)).toEqual({ totalBytes: 40 * GiB, freeBytes: 4 * 3.5 * GiB });
  });

  it('a data brick whose size is unknown makes the usable space unknown, never free', () => {
    expect(usableSpace(REPLICA3, [brick('n1', 0, 10, 4), brick('n2', 0, undefined, undefined), brick('n3', 0, 10, 4)])).toBeUndefined();
    expect(usableSpace(REPLICA3, [brick('n1', 0, 10, 4), brick('n2', 0, 10, undefined), brick('n3', 0, 10, 4)])).toBeUndefined();
  });

  it('property: never more than the smallest data brick of each set, and free never above total', () => {
    const sizes = fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(sizes, { minLength: 1, maxLength: 4 }), (sets) => {
        const bricks = sets.flatMap((set, s) => set.map(([total, free], i) => brick(`n${s * 3 + i + 1}`, s, total, Math.min(free, total))));
        const usable = usableSpace(REPLICA3, bricks)!;
        const smallest = sets.reduce((sum, set) => sum + Math.min(...set.map(([t]) => t)), 0) * GiB;
        expect(usable.totalBytes).toBe(smallest);
        expect(usable.freeBytes).toBeLessThanOrEqual(usable.totalBytes);
        expect(usable.totalBytes).toBeLessThanOrEqual(bricks.reduce((sum, b) => sum + b.totalBytes!, 0) / 3);
      }),
    );
  });
});

describe('per zone', () => {
  it('groups by the inventory zone of each brick host: hosts, bricks, used and free', () => {
    const bricks = [brick('n1', 0, 10, 2), brick('n2', 0, 10, 3), brick('n3', 0, 10, 4), brick('n4', 1, 10, 1), brick('n5', 1, 10, 1), brick('n6', 1, 10, 1)];
    const c = volumeCapacity(REPLICA3, bricks, HOSTS, [], 80);
    expect(c.setSize).toBe(3);
    expect(c.zones.map((z) => [z.zone, z.hosts, z.bricks, z.usedBytes! / GiB, z.freeBytes! / GiB])).toEqual([
      ['zone-a', ['n1', 'n4'], 2, 17, 3],
      ['zone-b', ['n2', 'n5'], 2, 16, 4],
      ['zone-c', ['n3', 'n6'], 2, 15, 5],
    ]);
    expect(c.usedPercent).toBeCloseTo(((20 - 3) / 20) * 100);
  });

  it('a zone with a brick of unknown size has no sums, and says how many are not measured', () => {
    const c = volumeCapacity(REPLICA3, [brick('n1', 0, 10, 2), brick('n2', 0, undefined, undefined), brick('n3', 0, 10, 4)], HOSTS, [], 80);
    const b = c.zones.find((z) => z.zone === 'zone-b')!;
    expect(b).not.toHaveProperty('freeBytes');
    expect(b.unknownBricks).toBe(1);
    expect(zoneLine(b)).toBe('zone-b: 1 host, 1 brick, space unknown (1 brick not measured)');
    expect(c).not.toHaveProperty('usedPercent');
  });

  it('two bricks on one filesystem are counted once', () => {
    const bricks = [brick('n1', 0, 10, 4, { device: '/dev/vdc' }), brick('n1', 1, 10, 4, { device: '/dev/vdc' })];
    const c = volumeCapacity({ replicaCount: 1, disperseCount: 0, redundancyCount: 0 }, bricks, HOSTS, [], 80);
    expect(c.zones[0]).toMatchObject({ zone: 'zone-a', bricks: 2, freeBytes: 4 * GiB, usedBytes: 6 * GiB });
  });
});

describe('the trend of free space', () => {
  const bricks = [brick('n1', 0, 10, 2)];

  it('is new with one sample, and has no date', () => {
    expect(zoneTrend(bricks, falling(bricks, 2 * GiB, GiB, 1))).toEqual({ direction: 'new', samples: 1, spanMs: 0 });
  });

  it('rising or steady free space gives no date', () => {
    expect(zoneTrend(bricks, falling(bricks, 2 * GiB, -GiB, 4))).toMatchObject({ direction: 'rising' });
    expect(zoneTrend(bricks, falling(bricks, 2 * GiB, -GiB, 4))).not.toHaveProperty('daysLeft');
    expect(zoneTrend(bricks, falling(bricks, 2 * GiB, 0, 4))).toMatchObject({ direction: 'steady', freePerDay: 0 });
  });

  it('skips samples that did not measure every filesystem of the zone', () => {
    const history = falling(bricks, 2 * GiB, GiB, 4);
    history[1] = { at: history[1]!.at, free: {} };
    expect(zoneTrend(bricks, history).samples).toBe(3);
  });

  it('property: a steady fall of R a day with F free left is full in F/R days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 2, max: 30 }), (freeMiB, perDayMiB, count) => {
        const start = freeMiB * 1024 ** 2 + (perDayMiB * 1024 ** 2 * (count - 1) * 30_000) / DAY;
        const t = zoneTrend(bricks, falling(bricks, start, perDayMiB * 1024 ** 2, count));
        expect(t.direction).toBe('falling');
        expect(t.daysLeft).toBeCloseTo(freeMiB / perDayMiB, 6);
      }),
    );
  });
});

describe('the capacity finding', () => {
  const set = [brick('n1', 0, 10, 1.5), brick('n2', 0, 10, 1.5), brick('n3', 0, 10, 1.5)];

  it('past the threshold with free space falling: which zone, when, and one set of hosts', () => {
    // Every 6 h for a day: zone-a and zone-c lose 0.1 GiB a day, zone-b 0.75 GiB (1.5 GiB left: 2 days). The first to fill is named.
    const faster = Array.from({ length: 5 }, (_, i) => ({
      at: i * (DAY / 4),
      free: { 'n1:/b/0': (1.5 + ((4 - i) * 0.1) / 4) * GiB, 'n2:/b/0': (1.5 + ((4 - i) * 0.75) / 4) * GiB, 'n3:/b/0': (1.5 + ((4 - i) * 0.1) / 4) * GiB },
    }));
    const [f] = capacityFindings(volume(set, faster));
    expect(f).toMatchObject({ id: 'capacity:gv0', kind: 'capacity', severity: 'warning', volume: 'gv0' });
    expect(f!.title).toBe('zone-b will be full in about 2 days at the current rate (gv0 is 85% used): add 3 hosts (one set)');
    expect(f!.explanation[0]).toBe('gv0 usable: 8.5 GiB of 10.0 GiB used (85%, threshold 80%), 1.5 GiB free (setting capacityThresholdPercent). Usable by the layout: one copy per replica set, its smallest data brick\'s worth.');
    expect(f!.explanation).toContain('zone-a: 1 host, 1 brick, 8.5 GiB used (85%), 1.5 GiB free, falling 102 MiB/day over 5 checks in 24h');
    expect(f!.manual).toEqual([
      'add 3 new hosts to the inventory file, one in each of zone-a, zone-b, zone-c, each with its brick device',
      'gluster-console expand --inventory FILE --volume gv0 --hosts NEW1,NEW2,NEW3 --dry-run   (shows the plan: setup of the new hosts, add-brick of one set, rebalance)',
      "gluster-console expand --inventory FILE --volume gv0 --hosts NEW1,NEW2,NEW3   (or the console's grow flow)",
    ]);
    expect(f!.plan).toBeUndefined();
  });

  it('no trend yet: says so instead of a number', () => {
    const [f] = capacityFindings(volume(set, falling(set, 1.5 * GiB, GiB, 1)));
    expect(f!.title).toBe('gv0 is 85% used, zone-a the fullest: no trend yet to tell when it will be full; add 3 hosts (one set)');
    expect(f!.title).not.toMatch(/\d+ days/);
  });

  it('free space not falling: says so instead of a number', () => {
    const [f] = capacityFindings(volume(set, falling(set, 1.5 * GiB, -GiB, 3)));
    expect(f!.title).toBe('gv0 is 85% used, zone-a the fullest: its free space is not falling now; add 3 hosts (one set) before it does');
  });

  it('below the threshold, or with a brick not measured, there is none', () => {
    expect(capacityFindings(volume([brick('n1', 0, 10, 3), brick('n2', 0, 10, 3), brick('n3', 0, 10, 3)], []))).toEqual([]);
    expect(capacityFindings(volume([brick('n1', 0, 10, 0.5), brick('n2', 0, undefined, undefined), brick('n3', 0, 10, 0.5)], []))).toEqual([]);
    // The threshold is the setting's.
    expect(capacityFindings(volume(set, [], REPLICA3, 90))).toEqual([]);
  });

  it('a disperse 4+2 adds six hosts; a distribute volume one', () => {
    const disperse = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((h) => brick(h, 0, 10, 1));
    expect(capacityFindings(volume(disperse, [], { replicaCount: 1, disperseCount: 6, redundancyCount: 2 }))[0]!.title).toMatch(/add 6 hosts \(one set\)$/);
    const single = [brick('n1', 0, 10, 1)];
    const [f] = capacityFindings(volume(single, [], { replicaCount: 1, disperseCount: 0, redundancyCount: 0 }));
    expect(f!.title).toMatch(/add 1 host \(one set\)$/);
    expect(f!.manual![0]).toBe('add 1 new host to the inventory file, in any zone, each with its brick device');
  });

  it('the default threshold is the setting default', () => {
    expect(DEFAULT_CAPACITY_THRESHOLD_PERCENT).toBe(DEFAULT_SETTINGS.capacityThresholdPercent);
  });
});

describe('when, in words', () => {
  it.each([
    [400, 'in more than a year'],
    [3.4, 'in about 3 days'],
    [2, 'in about 2 days'],
    [1.5, 'in about 36 hours'],
    [0.1, 'in about 2 hours'],
    [0.01, 'in about 14 minutes'],
    [0.0001, 'within minutes'],
  ])('%f days: %s', (days, text) => {
    expect(fullInText(days)).toBe(text);
  });
});

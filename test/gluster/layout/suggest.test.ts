import { describe, expect, it } from 'vitest';
import { checkCreateWords, layoutWords, suggestLayouts, type BrickInput } from '../../../src/gluster/layout/index.js';

const GiB = 1024 ** 3;
const brick = (host: string, zone: string, storage: BrickInput['storage'] = 'volume'): BrickInput => ({
  host,
  path: storage === 'transient' ? '/mnt/gv0/brick' : '/bricks/gv0/brick',
  zone,
  storage,
  sizeBytes: 100 * GiB,
});

describe('suggestions for the bricks at hand', () => {
  it('offers valid layouts, best first, each with a key, its words and its layout', () => {
    const bricks = ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) => brick(`h${i + 1}`, zone));
    const s = suggestLayouts({ bricks });
    expect(s.length).toBeGreaterThanOrEqual(3);
    expect(s.map((x) => x.key)).toEqual(s.map((_, i) => String(i + 1)));
    for (const x of s) {
      // Every suggestion is accepted by the same rules, word for word.
      expect(checkCreateWords(x.words).accepted).toBe(true);
      expect(x.verdict.accepted).toBe(true);
    }
    // Best first: what survives a zone comes before what does not.
    const zoneSafe = s.map((x) => x.summary.survives.oneZone);
    expect(zoneSafe).toEqual([...zoneSafe].sort((p, q) => Number(q) - Number(p)));
    expect(s[0]!.summary.survives.oneZone).toBe(true);
    expect(s[0]!.title).toMatch(/: \d+ x /);
  });

  it('orders the bricks so that each set spans hosts and zones', () => {
    const bricks = [brick('h1', 'a'), brick('h2', 'a'), brick('h3', 'a'), brick('h4', 'b'), brick('h5', 'b'), brick('h6', 'b')];
    const arbiter = suggestLayouts({ bricks, limit: 9 }).find((x) => x.title.startsWith('replica 3 arbiter 1'))!;
    expect(arbiter.summary.text).toBe('2 x (2 + 1) = 6');
    for (const set of arbiter.summary.sets) expect(new Set(set.zones).size).toBe(2);
  });

  it('leaves the root partition out while there are real disks, and says what is left unused', () => {
    const bricks = [brick('h1', 'a'), brick('h2', 'b'), brick('h3', 'c'), brick('h4', 'c'), { ...brick('h1', 'a', 'root'), path: '/data/brick' }];
    const s = suggestLayouts({ bricks, limit: 9 });
    expect(s.every((x) => x.bricks.every((b) => b.storage !== 'root'))).toBe(true);
    expect(s.find((x) => x.title.startsWith('replica 3:'))?.why).toContain('leaves 1 brick unused');
  });

  it('suggests nothing that needs more hosts than there are', () => {
    const s = suggestLayouts({ bricks: [brick('h1', 'a'), brick('h2', 'a')], limit: 9 });
    expect(s.map((x) => x.title.split(':')[0])).toEqual(['replica 2', 'distribute']);
  });

  it('writes layouts as the CLI expects them', () => {
    expect(layoutWords({ replica: 3, arbiter: 1 })).toEqual(['replica', '3', 'arbiter', '1']);
    expect(layoutWords({ disperse: 6, redundancy: 2, transport: 'tcp' })).toEqual(['disperse', '6', 'redundancy', '2']);
    expect(layoutWords({ disperse: 0 })).toEqual(['disperse']);
  });
});

describe('the default for a first cluster', () => {
  it('is replica 3 for three hosts, as in the runbook, and a two-failure disperse set when there are six', () => {
    const three = suggestLayouts({ bricks: ['a', 'b', 'c'].map((zone, i) => brick(`h${i + 1}`, zone)) });
    expect(three[0]!.title).toMatch(/^replica 3: 1 x 3 = 3/);
    const six = suggestLayouts({ bricks: ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) => brick(`h${i + 1}`, zone)), limit: 9 });
    expect(six[0]!.summary.survives.perSet).toBeGreaterThanOrEqual(1);
    expect(six[0]!.summary.survives.oneZone).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { checkCreateWords, validateCreate, type BrickInput } from '../../../src/gluster/layout/index.js';

const GiB = 1024 ** 3;
const brick = (host: string, zone: string, sizeGiB?: number, extra: Partial<BrickInput> = {}): BrickInput => ({
  host,
  path: '/bricks/gv0/brick',
  zone,
  ...(sizeGiB === undefined ? {} : { sizeBytes: sizeGiB * GiB }),
  ...extra,
});
const text = (words: string) => checkCreateWords(words.split(' ')).summary?.text;

describe('the layout string, as gluster volume info prints it', () => {
  it.each([
    ['h1:/b h2:/b h3:/b', '3', 'Distribute'],
    ['replica 3 h1:/b h2:/b h3:/b', '1 x 3 = 3', 'Replicate'],
    ['replica 3 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b', '2 x 3 = 6', 'Distributed-Replicate'],
    ['replica 3 arbiter 1 h1:/b h2:/b h3:/b', '1 x (2 + 1) = 3', 'Replicate'],
    ['replica 3 arbiter 1 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b', '2 x (2 + 1) = 6', 'Distributed-Replicate'],
    ['disperse 6 redundancy 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b', '1 x (4 + 2) = 6', 'Disperse'],
    ['disperse 3 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b', '2 x (2 + 1) = 6', 'Distributed-Disperse'],
  ])('%s → %s', (words, expected, type) => {
    const v = checkCreateWords(words.split(' '));
    expect(v.summary?.text).toBe(expected);
    expect(v.summary?.type).toBe(type);
  });

  it('groups sets from consecutive bricks and marks the arbiter', () => {
    const s = checkCreateWords('replica 3 arbiter 1 h1:/b h2:/b h3:/a h3:/b h1:/a h2:/a'.split(' ')).summary!;
    expect(s.sets.map((set) => set.hosts)).toEqual([['h1', 'h2', 'h3'], ['h3', 'h1', 'h2']]);
    expect(s.sets[0]!.bricks.map((b) => b.role)).toEqual(['data', 'data', 'arbiter']);
    expect(text('replica 2 h1:/b h2:/b h3:/b h4:/b')).toBe('2 x 2 = 4');
  });
});

describe('usable capacity from brick sizes', () => {
  it('counts one copy per replica set, at the size of its smallest data brick', () => {
    const v = validateCreate({ layout: { replica: 3 }, bricks: [brick('h1', 'a', 200), brick('h2', 'b', 200), brick('h3', 'c', 150)] });
    expect(v.summary).toMatchObject({ capacityBytes: 150 * GiB, rawBytes: 550 * GiB });
    expect(v.warnings.map((w) => w.code)).toContain('unequal-sizes');
  });

  it('leaves the arbiter out: it holds metadata only', () => {
    const v = validateCreate({ layout: { replica: 3, arbiter: 1 }, bricks: [brick('h1', 'a', 200), brick('h2', 'b', 200), brick('h3', 'c', 10)] });
    expect(v.summary?.capacityBytes).toBe(200 * GiB);
  });

  it('keeps data/disperse of a disperse set, and everything of a distributed volume', () => {
    const six = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => brick(h, 'a', 100));
    expect(validateCreate({ layout: { disperse: 6, redundancy: 2 }, bricks: six }).summary?.capacityBytes).toBe(400 * GiB);
    expect(validateCreate({ layout: {}, bricks: six }).summary?.capacityBytes).toBe(600 * GiB);
    expect(validateCreate({ layout: { replica: 2 }, bricks: six }).summary?.capacityBytes).toBe(300 * GiB);
  });

  it('says nothing it cannot know', () => {
    const v = validateCreate({ layout: { replica: 2 }, bricks: [brick('h1', 'a', 100), brick('h2', 'b')] });
    expect(v.summary).toMatchObject({ capacityBytes: null, rawBytes: null });
    expect(v.notChecked.map((n) => n.code)).toContain('capacity');
  });
});

describe('what the volume survives', () => {
  it('any one host and any one zone when every set spans them', () => {
    const v = validateCreate({ layout: { replica: 3 }, bricks: [brick('h1', 'a'), brick('h2', 'b'), brick('h3', 'c')] });
    expect(v.summary?.survives).toEqual({ perSet: 1, oneHost: true, oneZone: true, text: 'survives the loss of any one host or any one zone (1 brick per set)' });
  });

  it('one host but not a zone that holds two bricks of a set', () => {
    const v = validateCreate({ layout: { replica: 3 }, bricks: [brick('h1', 'a'), brick('h2', 'a'), brick('h3', 'b')] });
    expect(v.summary?.survives).toMatchObject({ oneHost: true, oneZone: false, text: expect.stringContaining('not of a whole zone') });
  });

  it('disperse survives its redundancy', () => {
    const v = validateCreate({ layout: { disperse: 6, redundancy: 2 }, bricks: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h, i) => brick(h, i < 2 ? 'a' : i < 4 ? 'b' : 'c')) });
    expect(v.summary?.survives).toMatchObject({ perSet: 2, oneHost: true, oneZone: true });
  });

  it('nothing without redundancy, or with a set on one host (force)', () => {
    expect(validateCreate({ layout: {}, bricks: [brick('h1', 'a'), brick('h2', 'b')] }).summary?.survives).toMatchObject({ perSet: 0, oneHost: false, text: expect.stringContaining('no redundancy') });
    const forced = validateCreate({ layout: { replica: 3 }, bricks: [brick('h1', 'a'), { ...brick('h1', 'a'), path: '/bricks/x' }, brick('h2', 'b')], force: true });
    expect(forced.summary?.survives).toMatchObject({ oneHost: false, text: expect.stringContaining('2 bricks on one host') });
  });

  it('counts the thin-arbiter as part of every set', () => {
    const v = checkCreateWords('replica 2 thin-arbiter 1 h1:/b h2:/b h1:/ta'.split(' '));
    expect(v.summary?.survives.oneHost).toBe(false);
    expect(checkCreateWords('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/ta'.split(' ')).summary?.survives.oneHost).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { checkCreateWords, validateCreate, type BrickInput } from '../../../src/gluster/layout/index.js';

const b = (host: string, zone: string, extra: Partial<BrickInput> = {}): BrickInput => ({ host, path: `/bricks/gv0/${host}`, zone, ...extra });
const warningCodes = (v: { warnings: { code: string }[] }) => v.warnings.map((w) => w.code);

describe('warnings beyond what glusterd checks', () => {
  it('replica 2 without an arbiter: split-brain, and what to use instead', () => {
    const v = checkCreateWords('replica 2 h1:/b h2:/b'.split(' '));
    expect(v.accepted).toBe(true);
    expect(v.warnings).toEqual([expect.objectContaining({ code: 'replica-2', message: expect.stringMatching(/^replica 2 without an arbiter risks split-brain/), fix: expect.stringContaining('replica 3 arbiter 1') })]);
    expect(warningCodes(checkCreateWords('replica 2 arbiter 1 h1:/b h2:/b h3:/b'.split(' ')))).toEqual([]);
    expect(warningCodes(checkCreateWords('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/b'.split(' ')))).toEqual([]);
  });

  it('a plain distributed volume keeps one copy', () => {
    expect(warningCodes(checkCreateWords('h1:/b h2:/b'.split(' ')))).toEqual(['no-redundancy']);
  });

  it('sets spread over fewer zones than the bricks allow, with the order that fixes it', () => {
    const bricks = [b('h1', 'a'), b('h2', 'a'), b('h3', 'b'), b('h4', 'b')];
    const v = validateCreate({ layout: { replica: 2 }, bricks });
    const w = v.warnings.find((x) => x.code === 'fewer-zones');
    expect(w?.message).toBe('set 1 (bricks 1-2) and set 2 (bricks 3-4) span fewer zones than 2: losing one zone takes out more of those sets than necessary');
    expect(w?.fix).toBe('reorder the bricks: h1:/bricks/gv0/h1 h3:/bricks/gv0/h3 h2:/bricks/gv0/h2 h4:/bricks/gv0/h4');
    const fixed = validateCreate({ layout: { replica: 2 }, bricks: [bricks[0]!, bricks[2]!, bricks[1]!, bricks[3]!] });
    expect(warningCodes(fixed)).not.toContain('fewer-zones');
    expect(fixed.summary?.survives.oneZone).toBe(true);
  });

  it('zones the operator has but the bricks do not use', () => {
    const v = validateCreate({ layout: { replica: 2 }, bricks: [b('h1', 'a'), b('h2', 'a')], zones: ['a', 'b'] });
    expect(v.warnings.find((x) => x.code === 'fewer-zones')?.fix).toBe('add bricks in b so each set can reach 2 zones');
  });

  it('a set made only of transient bricks of the volume-less zone', () => {
    const v = validateCreate({
      layout: { replica: 2 },
      bricks: [b('h1', 'a', { storage: 'volume' }), b('h3', 'b', { storage: 'transient' }), b('h4', 'b', { storage: 'transient' }), b('h5', 'b', { storage: 'transient' })],
    });
    expect(v.warnings.find((x) => x.code === 'transient-only-set')).toMatchObject({
      message: expect.stringMatching(/^set 2 \(bricks 3-4\) lives only on transient disks/),
      bricks: [2, 3],
    });
  });

  it('force hiding a real problem names the problem and its fix', () => {
    const v = validateCreate({
      layout: { replica: 3 },
      bricks: [b('h1', 'a', { storage: 'root' }), b('h2', 'b'), b('h3', 'c')],
      force: true,
    });
    expect(v.accepted).toBe(true);
    expect(v.warnings.find((x) => x.code === 'force-hides')).toMatchObject({
      message: expect.stringContaining('is on the root partition'),
      fix: expect.stringContaining('put the brick on its own disk'),
      bricks: [0],
    });
    // force with nothing to hide is no warning.
    expect(warningCodes(checkCreateWords('replica 3 h1:/b h2:/b h3:/b force'.split(' ')))).toEqual([]);
  });

  it('rdma: created, but 10.x cannot start it', () => {
    expect(warningCodes(checkCreateWords('transport rdma replica 3 h1:/b h2:/b h3:/b'.split(' ')))).toContain('rdma');
  });
});

import { describe, expect, it } from 'vitest';
import { validateAddBrick, type BrickInput, type ExistingVolume } from '../../../src/gluster/layout/index.js';

const clean: Partial<BrickInput> = { storage: 'volume', isMountPoint: false, partOfVolume: false, overlapsExistingBrick: false, parentExists: true };
const b = (host: string, path = '/bricks/gv0/brick', extra: Partial<BrickInput> = {}): BrickInput => ({ host, path, zone: 'a', ...clean, ...extra });
const volume = (over: Partial<ExistingVolume> = {}): ExistingVolume => ({
  name: 'gv0', replica: 3, arbiter: 0, disperse: 0, redundancy: 0, status: 'started', bricksDown: 0,
  bricks: [b('h1'), b('h2'), b('h3')],
  ...over,
});
const codes = (v: { errors: { code: string }[] }) => v.errors.map((e) => e.code);

describe('add-brick', () => {
  it('adds whole sets: 1 x 3 + 3 bricks = 2 x 3 = 6', () => {
    const v = validateAddBrick({ volume: volume(), bricks: [b('h4'), b('h5'), b('h6')] });
    expect(v.accepted).toBe(true);
    expect(v.summary).toMatchObject({ type: 'Distributed-Replicate', text: '2 x 3 = 6' });
  });

  it('refuses part of a set, with the count that would do', () => {
    const v = validateAddBrick({ volume: volume(), bricks: [b('h4'), b('h5')] });
    expect(v.errors).toEqual([expect.objectContaining({
      code: 'add-brick-count',
      message: '2 new bricks do not make whole sets of 3',
      fix: 'add 1 more brick: each new set needs 3',
      gluster: 'Incorrect number of bricks supplied 2 with count 3',
    })]);
  });

  it('checks the new sets for hosts like create does', () => {
    const v = validateAddBrick({ volume: volume(), bricks: [b('h4'), b('h4', '/bricks/gv0/b2'), b('h5')] });
    expect(codes(v)).toEqual(['same-host']);
    expect(validateAddBrick({ volume: volume(), bricks: [b('h4'), b('h4', '/bricks/gv0/b2'), b('h5')], force: true }).warnings.map((w) => w.code)).toContain('force-hides');
  });

  it('raises replica 2 to 2 + 1 with one arbiter per set', () => {
    const v = validateAddBrick({ volume: volume({ replica: 2, bricks: [b('h1'), b('h2'), b('h3'), b('h4')] }), replica: 3, arbiter: 1, bricks: [b('h5'), b('h6')] });
    expect(v.accepted).toBe(true);
    expect(v.summary?.text).toBe('2 x (2 + 1) = 6');
    expect(v.summary?.sets.map((s) => s.hosts)).toEqual([['h1', 'h2', 'h5'], ['h3', 'h4', 'h6']]);
  });

  it('refuses a replica change that does not add one brick per set', () => {
    const v = validateAddBrick({ volume: volume({ replica: 2, bricks: [b('h1'), b('h2'), b('h3'), b('h4')] }), replica: 3, bricks: [b('h5')] });
    expect(v.errors[0]).toMatchObject({ code: 'add-brick-count', message: 'raising replica 2 to 3 on 2 sets takes exactly 2 bricks (one per set and step), not 1' });
  });

  it('refuses lowering the replica count, converting disperse, and raising it on stopped or arbiter volumes', () => {
    expect(codes(validateAddBrick({ volume: volume(), replica: 2, bricks: [b('h4')] }))).toEqual(['add-brick-replica']);
    expect(codes(validateAddBrick({ volume: volume({ replica: 1, disperse: 3, redundancy: 1 }), replica: 2, bricks: [b('h4')] }))).toEqual(['add-brick-disperse']);
    expect(codes(validateAddBrick({ volume: volume({ replica: 2, bricks: [b('h1'), b('h2')], status: 'stopped' }), replica: 3, bricks: [b('h3')] }))).toEqual(['add-brick-stopped']);
    expect(codes(validateAddBrick({ volume: volume({ arbiter: 1 }), replica: 4, bricks: [b('h4')] }))).toEqual(['add-brick-arbiter']);
    expect(codes(validateAddBrick({ volume: volume(), replica: 3, arbiter: 1, bricks: [b('h4'), b('h5'), b('h6')] }))).toEqual(['add-brick-arbiter']);
  });

  it('wants new replicas on hosts that hold none of the volume, and every brick up', () => {
    const two = volume({ replica: 2, bricks: [b('h1'), b('h2')] });
    expect(codes(validateAddBrick({ volume: two, replica: 3, bricks: [b('h1', '/bricks/gv0/b3')] }))).toEqual(['same-host']);
    expect(codes(validateAddBrick({ volume: { ...two, bricksDown: 1 }, replica: 3, bricks: [b('h3')] }))).toEqual(['add-brick-replica']);
    expect(validateAddBrick({ volume: { ...two, bricksDown: undefined }, replica: 3, bricks: [b('h3')] }).notChecked.map((n) => n.code)).toContain('bricks-up');
  });

  it('refuses a brick that is, or overlaps, a brick of the volume, force or not', () => {
    const v = validateAddBrick({ volume: volume(), bricks: [b('h1', '/bricks/gv0/brick/sub'), b('h4'), b('h5')], force: true });
    expect(codes(v)).toEqual(['overlaps-existing-brick']);
  });

  it('turns a distributed volume into a replicated one', () => {
    const v = validateAddBrick({ volume: volume({ replica: 1, bricks: [b('h1'), b('h2')] }), replica: 2, bricks: [b('h3'), b('h4')] });
    expect(v.accepted).toBe(true);
    expect(v.summary?.text).toBe('2 x 2 = 4');
    expect(v.summary?.sets.map((s) => s.hosts)).toEqual([['h1', 'h3'], ['h2', 'h4']]);
  });
});

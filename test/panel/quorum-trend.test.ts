import { describe, expect, it } from 'vitest';
import { volumeCount } from '../../src/panel/names.js';
import { serverQuorumMet, setQuorum } from '../../src/panel/quorum.js';
import { brickDelta, healTrend, trendText } from '../../src/panel/trend.js';

describe('client quorum of a replica set (10.x rules)', () => {
  const auto = { kind: 'replica' as const, quorumType: 'auto' };
  it('auto, odd: a majority', () => {
    expect(setQuorum(['yes', 'yes', 'no'], auto).state).toBe('met');
    expect(setQuorum(['yes', 'no', 'no'], auto)).toMatchObject({ state: 'lost', online: 1, size: 3, rule: 'at least 2 of 3 bricks (quorum-type auto)' });
  });
  it('auto, even: half is enough only with the first brick', () => {
    expect(setQuorum(['yes', 'no'], auto).state).toBe('met');
    expect(setQuorum(['no', 'yes'], auto).state).toBe('lost');
    expect(setQuorum(['yes', 'no', 'yes', 'no'], auto).state).toBe('met');
  });
  it('fixed and none', () => {
    expect(setQuorum(['yes', 'no', 'no'], { kind: 'replica', quorumType: 'fixed', quorumCount: 1 }).state).toBe('met');
    expect(setQuorum(['yes', 'yes', 'no'], { kind: 'replica', quorumType: 'fixed', quorumCount: 3 }).state).toBe('lost');
    expect(setQuorum(['no', 'no', 'yes'], { kind: 'replica', quorumType: 'none' }).state).toBe('met');
    expect(setQuorum(['no', 'no', 'no'], { kind: 'replica', quorumType: 'none' }).state).toBe('lost');
  });
  it('unknown bricks make it unknown only when they decide it', () => {
    expect(setQuorum(['yes', 'yes', 'unknown'], auto).state).toBe('met');
    expect(setQuorum(['yes', 'unknown', 'no'], auto).state).toBe('unknown');
    expect(setQuorum(['no', 'no', 'unknown'], auto).state).toBe('lost');
  });
  it('disperse needs its data bricks; distribute every brick', () => {
    expect(setQuorum(['yes', 'yes', 'no'], { kind: 'disperse', dataCount: 2 }).state).toBe('met');
    expect(setQuorum(['yes', 'no', 'no'], { kind: 'disperse', dataCount: 2 }).state).toBe('lost');
    expect(setQuorum(['no'], { kind: 'distribute' }).state).toBe('lost');
  });
  it('server quorum: ceil(total x ratio), else more than half', () => {
    expect(serverQuorumMet(2, 3, '51')).toBe(true);
    expect(serverQuorumMet(1, 3, '51')).toBe(false);
    expect(serverQuorumMet(2, 4, undefined)).toBe(false);
    expect(serverQuorumMet(3, 4, '75%')).toBe(true);
  });
});

describe('heal trend', () => {
  const sample = (at: number, pending: number, perBrick: Record<string, number> = {}) => ({ at, pending, splitBrain: 0, perBrick });
  it('is new with one sample, then rising, falling or steady', () => {
    expect(healTrend([sample(1, 6)]).direction).toBe('new');
    expect(healTrend([sample(1, 6), sample(2, 9)])).toMatchObject({ direction: 'rising', delta: 3, previous: 6 });
    expect(healTrend([sample(1, 6), sample(2, 2)])).toMatchObject({ direction: 'falling', delta: -4 });
    expect(healTrend([sample(1, 2), sample(2, 2)]).direction).toBe('steady');
    expect(healTrend(undefined)).toMatchObject({ direction: 'new', recent: [] });
  });
  it('keeps the recent counts and per-brick changes', () => {
    const history = [sample(1, 6, { a: 6 }), sample(2, 4, { a: 4 }), sample(3, 0, { a: 0 })];
    expect(healTrend(history).recent).toEqual([6, 4, 0]);
    expect(brickDelta(history, 'a')).toBe(-4);
    expect(brickDelta(history, 'b')).toBeUndefined();
  });
  it('writes the change as an arrow', () => {
    expect(trendText(9, { direction: 'rising', delta: 3, recent: [] })).toBe('9 ↑3');
    expect(trendText(2, { direction: 'falling', delta: -4, recent: [] })).toBe('2 ↓4');
    expect(trendText(2, { direction: 'steady', delta: 0, recent: [] })).toBe('2');
  });
  it('counts a volume\'s backlog once per replica set (every copy lists the same entries)', () => {
    const v = { replicaCount: 3, disperseCount: 0, bricks: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name })) };
    expect(volumeCount(v, new Map([['a', 6], ['b', 6], ['d', 1], ['f', 2]]))).toBe(8);
    expect(volumeCount({ replicaCount: 1, disperseCount: 0, bricks: [{ name: 'a' }, { name: 'b' }] }, new Map([['a', 1], ['b', 2]]))).toBe(3);
  });
});

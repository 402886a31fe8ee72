import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blamesFrom, gfidFromHex, parseAfrPending, parseGetfattr, splitBrainKinds, splitBrainPolicies, type BrickCopy } from '../../src/gluster/afr.js';

// Captured on the lab (GlusterFS 10.3, replica 3 volume "sb"): node1's copy of
// /meta after its permissions were changed on each side of a partition.
const NODE1_META = `# file: meta
trusted.afr.dirty=0x000000000000000000000000
trusted.afr.sb-client-1=0x000000000000000100000000
trusted.afr.sb-client-2=0x000000000000000100000000
trusted.gfid=0xba1b03c546df47ad95f13eeafe2e6d32
`;
const NODE2_META = `# file: meta
trusted.afr.dirty=0x000000000000000000000000
trusted.afr.sb-client-0=0x000000000000000100000000
trusted.gfid=0xba1b03c546df47ad95f13eeafe2e6d32
`;

function copy(index: number, attrs: string, extra: Partial<BrickCopy> = {}): BrickCopy {
  const a = parseGetfattr(attrs);
  return { brick: `node${index + 1}:/b`, index, exists: true, size: 5, mtime: 100, mode: '644', gfid: gfidFromHex(a.get('trusted.gfid')!), blames: blamesFrom(a, 'sb'), ...extra };
}

describe('AFR xattrs', () => {
  it('decodes the three counters and ignores what is not a blame', () => {
    expect(parseAfrPending('0x000000020000000100000000')).toEqual({ data: 2, metadata: 1, entry: 0 });
    expect(parseAfrPending('0x12')).toBeNull();
    const blames = blamesFrom(parseGetfattr(NODE1_META), 'sb');
    expect([...blames.keys()]).toEqual([1, 2]);
    expect(blamesFrom(parseGetfattr(NODE1_META), 'other').size).toBe(0);
    expect(gfidFromHex('0xba1b03c546df47ad95f13eeafe2e6d32')).toBe('ba1b03c5-46df-47ad-95f1-3eeafe2e6d32');
  });

  it('finds metadata split-brain and offers only source-brick for it', () => {
    const copies = [copy(0, NODE1_META, { mode: '600' }), copy(1, NODE2_META, { mode: '640' }), copy(2, NODE2_META, { mode: '640' })];
    const kinds = splitBrainKinds(copies);
    expect(kinds).toEqual(['metadata']);
    const policies = splitBrainPolicies(kinds, copies);
    expect(policies.find((p) => p.policy === 'source-brick')!.refused).toBeNull();
    expect(policies.find((p) => p.policy === 'bigger-file')!.refused).toMatch(/metadata split-brain only with a source brick/);
    expect(policies.find((p) => p.policy === 'latest-mtime')!.refused).toMatch(/source brick/);
  });

  it('finds a gfid split-brain though neither copy is listed in split-brain, and offers only source-brick', () => {
    const g1 = `trusted.afr.sb-client-1=0x000000020000000100000000\ntrusted.gfid=0xb151c8e8f4d9444da17a309d5879528d\n`;
    const g2 = `trusted.afr.sb-client-0=0x000000020000000100000000\ntrusted.gfid=0x5cfcfb86d3e2476e97bab084a14d05f1\n`;
    const copies = [copy(0, g1, { size: 3 }), copy(1, g2, { size: 10 })];
    const kinds = splitBrainKinds(copies);
    expect(kinds[0]).toBe('gfid');
    const policies = splitBrainPolicies(kinds, copies);
    expect(policies.filter((p) => p.refused === null).map((p) => p.policy)).toEqual(['source-brick']);
  });

  it('offers bigger-file and latest-mtime for data split-brain only where the copies differ in that', () => {
    const a = `trusted.afr.sb-client-1=0x000000020000000000000000\ntrusted.gfid=0x948811d11e564605b03bdf3df5fab35d\n`;
    const b = `trusted.afr.sb-client-0=0x000000020000000000000000\ntrusted.gfid=0x948811d11e564605b03bdf3df5fab35d\n`;
    const same = [copy(0, a), copy(1, b)];
    expect(splitBrainKinds(same)).toEqual(['data']);
    const refusals = Object.fromEntries(splitBrainPolicies(['data'], same).map((p) => [p.policy, p.refused]));
    expect(refusals['bigger-file']).toMatch(/same size/);
    expect(refusals['latest-mtime']).toMatch(/same second/);
    expect(refusals['source-brick']).toBeNull();
    const differ = [copy(0, a, { size: 13, mtime: 200 }), copy(1, b, { size: 2 })];
    expect(splitBrainPolicies(['data'], differ).every((p) => p.refused === null)).toBe(true);
  });

  it('calls one-way blame a pending heal, not split-brain, and refuses every policy', () => {
    const a = `trusted.afr.sb-client-1=0x000000020000000000000000\ntrusted.gfid=0x948811d11e564605b03bdf3df5fab35d\n`;
    const b = `trusted.gfid=0x948811d11e564605b03bdf3df5fab35d\n`;
    const copies = [copy(0, a), copy(1, b)];
    expect(splitBrainKinds(copies)).toEqual([]);
    expect(splitBrainPolicies([], copies).every((p) => p.refused?.includes('not in split-brain'))).toBe(true);
  });

  it('never calls copies in split-brain unless two of them blame each other or their gfids differ', () => {
    const pending = fc.record({ data: fc.nat(3), metadata: fc.nat(3), entry: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(pending), { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }), (matrix) => {
        const copies: BrickCopy[] = matrix.map((row, i) => ({
          brick: `n${i}:/b`, index: i, exists: true, gfid: 'g',
          blames: new Map(row.flatMap((p, j) => (p && j !== i ? [[j, p] as const] : []))),
        }));
        const kinds = splitBrainKinds(copies);
        for (const kind of ['data', 'metadata', 'entry'] as const) {
          const mutual = copies.some((a) => copies.some((b) => a.index !== b.index && (a.blames.get(b.index)?.[kind] ?? 0) > 0 && (b.blames.get(a.index)?.[kind] ?? 0) > 0));
          expect(kinds.includes(kind)).toBe(mutual);
        }
        expect(kinds.includes('gfid')).toBe(false);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { backendPath, copyCommand, entryRefFor, kindsOf, parseCopy } from '../../src/panel/copies.js';
import { splitBrainRequestPlan } from '../../src/panel/split-brain.js';

const META_NODE1 = `@@gc-stat 5 1795476278 600 root:root regular file
# file: /b/meta
trusted.afr.dirty=0x000000000000000000000000
trusted.afr.sb-client-1=0x000000000000000100000000
trusted.gfid=0xba1b03c546df47ad95f13eeafe2e6d32
`;
const META_NODE2 = `@@gc-stat 5 1795476278 640 root:root regular file
trusted.afr.sb-client-0=0x000000000000000100000000
trusted.gfid=0xba1b03c546df47ad95f13eeafe2e6d32
`;

describe('copies of a heal entry', () => {
  it('reads a path or a gfid inside the brick and nothing outside it', () => {
    expect(backendPath('/b', { path: '/dir/f' })).toBe('/b/dir/f');
    expect(backendPath('/b', { path: '/' })).toBe('/b');
    expect(backendPath('/b', { gfid: 'ba1b03c5-46df-47ad-95f1-3eeafe2e6d32' })).toBe('/b/.glusterfs/ba/1b/ba1b03c5-46df-47ad-95f1-3eeafe2e6d32');
    for (const path of ['/../etc/passwd', 'relative', '/a/./b', '/a//b', '/a/..']) expect(() => backendPath('/b', { path })).toThrow(/not a path inside/);
    expect(() => backendPath('/b', { gfid: '../../x' })).toThrow(/not a gfid/);
    // A name with shell words in it stays one argument.
    expect(copyCommand('/b', { path: "/a b;rm -rf '$x'" }).text).toContain(`-- '/b/a b;rm -rf '\\''$x'\\'''`);
  });

  it('parses a copy, an absent copy, and refuses an answer it does not know', () => {
    const c = parseCopy('node1:/b', 0, 'sb', META_NODE1);
    expect(c).toMatchObject({ exists: true, size: 5, mode: '600', owner: 'root:root', gfid: 'ba1b03c5-46df-47ad-95f1-3eeafe2e6d32' });
    expect(c.blames.get(1)).toEqual({ data: 0, metadata: 1, entry: 0 });
    expect(parseCopy('node1:/b', 0, 'sb', '@@gc-absent\n').exists).toBe(false);
    expect(() => parseCopy('node1:/b', 0, 'sb', 'stat: cannot stat\n')).toThrow(/unexpected answer from node1:\/b/);
  });

  it('borrows the path another brick gives for a gfid-only entry', () => {
    expect(entryRefFor({ gfid: 'g1' }, [{ gfid: 'g1', path: '/x' }])).toEqual({ path: '/x' });
    expect(entryRefFor({ gfid: 'g2' }, [{ gfid: 'g1', path: '/x' }])).toEqual({ gfid: 'g2' });
  });

  it('plans source-brick for metadata split-brain, refuses bigger-file with the reason, and refuses to judge on a missing brick', () => {
    const reads = [
      { brick: 'node1:/b', copy: parseCopy('node1:/b', 0, 'sb', META_NODE1) },
      { brick: 'node2:/b', copy: parseCopy('node2:/b', 1, 'sb', META_NODE2) },
    ];
    expect(kindsOf(reads)).toEqual({ kinds: ['metadata'] });
    const base = { volume: 'sb', host: 'node1', entry: { path: '/meta' }, brick: 'node2:/b', reads };
    const bigger = splitBrainRequestPlan({ ...base, policy: 'bigger-file' });
    expect('refused' in bigger && bigger.refused).toMatch(/metadata split-brain only with a source brick/);
    const source = splitBrainRequestPlan({ ...base, policy: 'source-brick' });
    expect('plan' in source && source.plan.steps[0]!.command.text).toBe('gluster --mode=script volume heal sb split-brain source-brick node2:/b /meta');
    const missing = splitBrainRequestPlan({ ...base, policy: 'source-brick', reads: [reads[0]!, { brick: 'node2:/b', error: 'timed out' }] });
    expect('refused' in missing && missing.refused).toMatch(/not every brick's copy could be read.*node2:\/b: timed out/);
    expect('refused' in splitBrainRequestPlan({ ...base, policy: 'source-brick', reads: null })).toBe(true);
  });
});

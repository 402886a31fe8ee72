// A brick whose path differs from its set's other bricks: the seed runbook's
// typo (10.248.39.106:/gvl-vol-replica/ beside three /export/gvl-vol-replica/),
// here with loopback addresses.
import { describe, expect, it } from 'vitest';
import { checkCreateWords, splitPastedCommand } from '../../../src/gluster/layout/index.js';

const warningsOf = (words: string) => checkCreateWords(words.split(' ')).warnings.filter((w) => w.code === 'path-differs');

describe('path-differs warning', () => {
  it('names the brick whose path differs from the three others of its set', () => {
    const w = warningsOf('replica 4 transport tcp 127.0.0.11:/export/gvl-vol-replica/ 127.0.0.12:/export/gvl-vol-replica/ 127.0.0.13:/export/gvl-vol-replica/ 127.0.0.14:/gvl-vol-replica/');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ bricks: [3], fix: 'if it is a typo, write 127.0.0.14:/export/gvl-vol-replica' });
    expect(w[0]!.message).toContain('brick 4 (127.0.0.14:/gvl-vol-replica/) has another path than the other bricks of set 1');
  });

  it('measures sets of two against the whole volume', () => {
    const w = warningsOf('replica 2 h1:/export/b h2:/export/b h3:/export/b h4:/b');
    expect(w).toHaveLength(1);
    expect(w[0]!.bricks).toEqual([3]);
    expect(w[0]!.message).toContain('the other bricks of the volume');
  });

  it('says nothing when the paths agree, when no majority exists, or for an arbiter elsewhere', () => {
    expect(warningsOf('replica 3 h1:/b h2:/b/ h3://b')).toEqual([]);
    expect(warningsOf('replica 3 h1:/a h2:/b h3:/c')).toEqual([]);
    expect(warningsOf('replica 3 arbiter 1 h1:/data/b h2:/data/b h3:/arbiter/b')).toEqual([]);
    expect(warningsOf('h1:/a h2:/a h3:/a h4:/b')).toEqual([]);
  });
});

describe('splitPastedCommand', () => {
  it('splits one quoted argument with blanks into words, continuation lines included', () => {
    expect(splitPastedCommand(['gluster volume create gv0 \\\n  replica 3 h1:/b'])).toEqual(['gluster', 'volume', 'create', 'gv0', 'replica', '3', 'h1:/b']);
    expect(splitPastedCommand(['replica', '3 x'])).toEqual(['replica', '3 x']);
    expect(splitPastedCommand(['h1:/b'])).toEqual(['h1:/b']);
  });
});

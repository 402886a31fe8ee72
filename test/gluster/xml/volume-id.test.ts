import { describe, expect, it } from 'vitest';
import { volumeIdAsUuid, volumeWithId } from '../../../src/gluster/xml/volume-id.js';

// The finished lab's gv0: volume info's <id>, and the xattr getfattr -e hex printed on its bricks.
const ID = '532bad0b-91f1-4605-b27b-75f5297240c9';
const XATTR = '0x532bad0b91f14605b27b75f5297240c9';

describe('volume ids', () => {
  it("matches a brick's xattr to the volume info id", () => {
    expect(volumeWithId([{ name: 'gv1', id: '11111111-2222-3333-4444-555555555555' }, { name: 'gv0', id: ID }], XATTR)?.name).toBe('gv0');
    expect(volumeWithId([{ name: 'gv0', id: ID }], XATTR.slice(2).toUpperCase())?.name).toBe('gv0');
  });

  it('matches nothing for an id no volume has, or for what is no id', () => {
    expect(volumeWithId([{ name: 'gv0', id: ID }], '0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBeUndefined();
    expect(volumeWithId([{ name: 'gv0', id: '' }], '')).toBeUndefined();
    expect(volumeWithId([{ name: 'gv0', id: ID }], 'abcd')).toBeUndefined();
  });

  it('prints the xattr as volume info does', () => {
    expect(volumeIdAsUuid(XATTR)).toBe(ID);
    expect(volumeIdAsUuid('abcd')).toBeNull();
  });
});

// The brick filesystem check, on what its script printed on a lab node:
// brick1 mounted from fstab, brick2 named in fstab but not mounted (its
// directory gone), brick3 a plain directory on the root filesystem.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brickMountsCommand, fstabEntryFor, judgeBrickMount, parseBrickMounts } from '../../src/panel/brick-mounts.js';

const sample = readFileSync(new URL('./fixtures/brick-mounts-node2.txt', import.meta.url), 'utf8');
const mounts = parseBrickMounts(sample);

describe('brick mounts: parsing', () => {
  it('reads each path with its device against the root filesystem, the mount holding it, and its space', () => {
    expect(mounts.paths[0]).toEqual({
      path: '/data/glusterfs/brick1/brick',
      exists: true,
      nearest: '/data/glusterfs/brick1/brick',
      device: 1796,
      onRootFs: false,
      mountTarget: '/data/glusterfs/brick1',
      mountSource: '/dev/vdc',
      fsType: 'xfs',
      availableBytes: 496024 * 4096,
      totalBytes: 507904 * 4096,
    });
    expect(mounts.paths[1]).toMatchObject({ exists: false, nearest: '/data/glusterfs/brick2', onRootFs: true, mountTarget: '/data' });
    expect(mounts.paths[2]).toMatchObject({ exists: true, onRootFs: true });
  });
  it('reads fstab and the devices with where they are mounted', () => {
    expect(mounts.fstab.map((e) => e.target)).toEqual(['/data/glusterfs/brick1', '/data/glusterfs/brick2', '/data/shared']);
    expect(mounts.devices).toEqual([{ device: '/dev/vdc', uuid: '9c337304-dcbf-45e6-ad79-506533c1d47d', fsType: 'xfs', mountedAt: ['/data/glusterfs/brick1'] }]);
  });
  it('decodes findmnt\'s \\xNN escapes', () => {
    const odd = parseBrickMounts('path\t/b r/brick\t1\t/b r/brick\t5\t1\t1 4096 2\t/b\\x20r /dev/sdb xfs\nfstab\t/b\\x20r UUID=x xfs defaults\n');
    expect(odd.paths[0]!.mountTarget).toBe('/b r');
    expect(odd.fstab[0]!.target).toBe('/b r');
  });
});

describe('brick mounts: verdicts', () => {
  it('mounted where fstab says', () => {
    expect(judgeBrickMount(mounts, '/data/glusterfs/brick1/brick')).toMatchObject({ state: 'mounted', fstab: { target: '/data/glusterfs/brick1' } });
  });
  it('named in fstab but not mounted: mount it from fstab', () => {
    expect(judgeBrickMount(mounts, '/data/glusterfs/brick2/brick')).toMatchObject({ state: 'not-mounted', mountPoint: '/data/glusterfs/brick2' });
  });
  it('a plain directory on the root filesystem that nothing says should be elsewhere', () => {
    expect(judgeBrickMount(mounts, '/data/glusterfs/brick3/brick')).toMatchObject({ state: 'root-fs' });
  });
  it('gone from the root filesystem and no fstab line (a reboot after the line was lost): not mounted, at the directory left behind', () => {
    const noLine = { ...mounts, fstab: mounts.fstab.filter((e) => e.target !== '/data/glusterfs/brick2') };
    expect(judgeBrickMount(noLine, '/data/glusterfs/brick2/brick')).toMatchObject({ state: 'not-mounted', mountPoint: '/data/glusterfs/brick2' });
    expect(judgeBrickMount(noLine, '/data/glusterfs/brick2/brick')!.fstab).toBeUndefined();
  });
  it('the directory gone from a mounted filesystem: missing', () => {
    const gone = { ...mounts, paths: [{ ...mounts.paths[0]!, exists: false, nearest: '/data/glusterfs/brick1' }] };
    expect(judgeBrickMount(gone, '/data/glusterfs/brick1/brick')).toMatchObject({ state: 'missing' });
  });
  it('never takes a network or _netdev line for the brick filesystem', () => {
    expect(fstabEntryFor(mounts.fstab, '/data/shared/x')).toBeUndefined();
    expect(fstabEntryFor([{ target: '/', source: '/dev/vda1', fsType: 'ext4', options: 'defaults' }], '/data/b')).toBeUndefined();
  });
  it('is undefined for a path the check did not cover', () => {
    expect(judgeBrickMount(mounts, '/elsewhere')).toBeUndefined();
  });
});

describe('brick mounts: the command', () => {
  it('quotes the paths and devices it is given, and refuses anything else', () => {
    expect(brickMountsCommand(["/data/it's"], ['/dev/vdc']).text).toContain(`for p in '/data/it'\\''s'; do`);
    expect(() => brickMountsCommand(['relative'], [])).toThrow(/not absolute/);
    expect(() => brickMountsCommand(['/b'], ['vdc'])).toThrow(/not a device/);
  });
});

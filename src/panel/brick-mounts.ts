// Is each brick's filesystem really mounted? After a reboot with a missing or
// failed fstab line, the brick path is a plain directory on the root
// filesystem (or is missing), and `volume start force` would put the brick
// there. Per brick host we read: the brick path (or its nearest existing
// parent) — its device number against /'s, the mount that holds it and its
// free space — the local filesystems fstab lists, and, when a brick is not on
// its own filesystem, what blkid says of the devices that may hold it (the
// inventory's, and the one it was last seen mounted from), so a fix can name
// what to mount.
import { sh, type Command } from '../shell/command.js';
import { unescapeFindmnt } from './findmnt.js';

export interface PathMount {
  /** The brick directory. */
  path: string;
  exists: boolean;
  /** The path itself when it exists, else its nearest existing parent. */
  nearest: string;
  /** st_dev of `nearest`, and whether it is the root filesystem's. */
  device: number;
  onRootFs: boolean;
  /** The mount that holds `nearest` (findmnt -T). */
  mountTarget: string;
  mountSource: string;
  fsType: string;
  availableBytes?: number;
  totalBytes?: number;
}

export interface FstabEntry {
  target: string;
  source: string;
  fsType: string;
  options: string;
}

export interface DeviceInfo {
  device: string;
  uuid?: string;
  fsType?: string;
  /** Where it is mounted now (none: not mounted). */
  mountedAt: string[];
}

export interface HostMounts {
  paths: PathMount[];
  fstab: FstabEntry[];
  devices: DeviceInfo[];
}

/** Only device paths and absolute brick paths go in; both are quoted anyway. */
export function brickMountsCommand(paths: readonly string[], devices: readonly string[]): Command {
  for (const p of paths) if (!p.startsWith('/')) throw new Error(`brick path "${p}" is not absolute`);
  for (const d of devices) if (!d.startsWith('/dev/')) throw new Error(`"${d}" is not a device path`);
  return sh`root=$(stat -c %d /)
odd=0
for p in ${paths}; do
  q=$p
  while [ ! -e "$q" ] && [ "$q" != / ]; do q=$(dirname -- "$q"); done
  if [ -d "$p" ]; then e=1; else e=0; fi
  dev=$(stat -c %d -- "$q")
  if [ "$e" = 0 ] || [ "$dev" = "$root" ]; then odd=1; fi
  printf 'path\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$p" "$e" "$q" "$dev" "$root" "$(stat -f -c '%a %S %b' -- "$q")" "$(findmnt -n -r -o TARGET,SOURCE,FSTYPE -T "$q" | head -n 1)"
done
findmnt --fstab -n -r -o TARGET,SOURCE,FSTYPE,OPTIONS | sed 's/^/fstab\\t/'
# Devices only matter (for a fix) when a brick is not on its own filesystem.
[ "$odd" = 1 ] && for d in ${devices}; do
  if [ -b "$d" ]; then
    printf 'device\\t%s\\t%s\\t%s\\n' "$d" "$(blkid -s UUID -o value -- "$d")" "$(blkid -s TYPE -o value -- "$d")"
    findmnt -n -r -o TARGET -S "$d" | sed "s|^|mounted\\t$d\\t|"
  fi
done
true`;
}


const optionalNumber = (text: string | undefined) => (text !== undefined && /^[0-9]+$/.test(text) ? Number(text) : undefined);

export function parseBrickMounts(stdout: string): HostMounts {
  const result: HostMounts = { paths: [], fstab: [], devices: [] };
  for (const line of stdout.split('\n')) {
    const fields = line.split('\t');
    switch (fields[0]) {
      case 'path': {
        const [, path = '', exists, nearest = '', dev = '', rootDev = '', space = '', mount = ''] = fields;
        const [avail, blockSize, blocks] = space.split(' ').map(optionalNumber);
        const [target = '', source = '', fsType = ''] = mount.split(' ').map(unescapeFindmnt);
        result.paths.push({
          path,
          exists: exists === '1',
          nearest,
          device: Number(dev),
          onRootFs: dev !== '' && dev === rootDev,
          mountTarget: target,
          mountSource: source,
          fsType,
          ...(avail !== undefined && blockSize !== undefined ? { availableBytes: avail * blockSize } : {}),
          ...(blocks !== undefined && blockSize !== undefined ? { totalBytes: blocks * blockSize } : {}),
        });
        break;
      }
      case 'fstab': {
        const [target = '', source = '', fsType = '', options = ''] = (fields[1] ?? '').split(' ').map(unescapeFindmnt);
        result.fstab.push({ target, source, fsType, options });
        break;
      }
      case 'device':
        result.devices.push({
          device: fields[1] ?? '',
          ...(fields[2] ? { uuid: fields[2] } : {}),
          ...(fields[3] ? { fsType: fields[3] } : {}),
          mountedAt: [],
        });
        break;
      case 'mounted': {
        const device = result.devices.find((d) => d.device === fields[1]);
        if (device && fields[2]) device.mountedAt.push(unescapeFindmnt(fields[2]));
        break;
      }
    }
  }
  return result;
}

const NOT_LOCAL = /^(swap|glusterfs|nfs4?|cifs|smb3|fuse\..*|sshfs|tmpfs|proc|sysfs|devpts)$/;

function covers(target: string, path: string): boolean {
  return target === '/' ? true : path === target || path.startsWith(`${target}/`);
}

/** The local fstab line that mounts the filesystem a path should live on (the longest target above it, / excluded). */
export function fstabEntryFor(fstab: readonly FstabEntry[], path: string): FstabEntry | undefined {
  return fstab
    .filter((e) => e.target !== '/' && e.target.startsWith('/') && !NOT_LOCAL.test(e.fsType) && !/(^|,)_netdev(,|$)/.test(e.options) && covers(e.target, path))
    .sort((a, b) => b.target.length - a.target.length)[0];
}

export type BrickMountState =
  /** On its own filesystem: the one fstab names, or (no fstab line) anything but the root filesystem. */
  | 'mounted'
  /** fstab names a filesystem for it that is not mounted, or the brick directory is gone from the root filesystem. */
  | 'not-mounted'
  /** The brick directory is gone although the filesystem above it looks mounted. */
  | 'missing'
  /** A brick directory on the root filesystem, and nothing says it should be elsewhere. */
  | 'root-fs';

export interface BrickMountVerdict {
  state: BrickMountState;
  mount: PathMount;
  /** The fstab line for it, if any. */
  fstab?: FstabEntry;
  /** Where its filesystem should be mounted (fstab's target, else the empty directory left in its place). */
  mountPoint?: string;
}

export function judgeBrickMount(mounts: HostMounts, path: string): BrickMountVerdict | undefined {
  const mount = mounts.paths.find((p) => p.path === path);
  if (!mount) return undefined;
  const fstab = fstabEntryFor(mounts.fstab, path);
  if (fstab) {
    // Mounted where fstab says, or on a filesystem mounted further down.
    const mounted = mount.mountTarget === fstab.target || (mount.mountTarget !== '/' && mount.mountTarget.startsWith(`${fstab.target}/`));
    if (!mounted) return { state: 'not-mounted', mount, fstab, mountPoint: fstab.target };
    return { state: mount.exists ? 'mounted' : 'missing', mount, fstab };
  }
  if (!mount.onRootFs) return { state: mount.exists ? 'mounted' : 'missing', mount };
  // A brick lives in a directory of its filesystem: if that directory is gone
  // and what is left is on the root filesystem, the filesystem is not mounted.
  if (!mount.exists) return { state: 'not-mounted', mount, mountPoint: mount.nearest };
  return { state: 'root-fs', mount };
}

// The questions about one brick directory that glusterd itself asks when it
// stages a `volume create` (glusterd_validate_and_create_brickpath,
// glusterd_is_path_in_use), asked read only, and the validator's facts from
// the answer. Used by the layout check (brick-facts.ts) and the volume step
// for bricks the operator names.
import type { Inventory, InventoryHost } from '../config/inventory.js';
import type { BrickFacts } from '../gluster/layout/index.js';
import { canonicalPath, isSameOrParent } from '../gluster/layout/bricks.js';
import type { VolumeInfo } from '../gluster/xml/index.js';
import { sh, type Command } from '../shell/command.js';
import { brickOwner } from './brick-path.js';

/** One brick directory as its host reports it. */
export interface OnHostBrick {
  exists: boolean;
  parentExists: boolean;
  /** The parent is on the filesystem of / (glusterd: parent st_dev == root st_dev). */
  rootFs: boolean;
  /** The directory exists on another filesystem than its parent. */
  mountPoint: boolean;
  /** The directory or a parent carrying trusted.glusterfs.volume-id or trusted.gfid, if any. */
  markedAt: string | null;
  sizeBytes: number | null;
}

/** The questions about one brick directory, as glusterd would ask them at `volume create`. */
export function brickQuestions(path: string): Command {
  return sh`b=${path}; p=$(dirname "$b")
[ -e "$b" ] && echo exists
if [ -d "$p" ]; then
  echo parent
  [ "$(stat -c %d "$p")" = "$(stat -c %d /)" ] && echo rootfs
  [ -d "$b" ] && [ "$(stat -c %d "$b")" != "$(stat -c %d "$p")" ] && echo mountpoint
  echo "size $(df -P -B1 "$p" | awk 'NR==2 {print $2}')"
fi
a=$b
while :; do
  if [ -e "$a" ]; then
    for k in trusted.glusterfs.volume-id trusted.gfid; do
      getfattr --absolute-names -n "$k" -e hex "$a" >/dev/null 2>&1 && echo "marked $a"
    done
  fi
  [ "$a" = / ] && break
  a=$(dirname "$a")
done
true`;
}

export function parseOnHostBrick(text: string): OnHostBrick {
  const lines = text.split('\n').map((l) => l.trim());
  const size = lines.find((l) => l.startsWith('size '))?.slice(5).trim() ?? '';
  const marked = lines.find((l) => l.startsWith('marked '));
  return {
    exists: lines.includes('exists'),
    parentExists: lines.includes('parent'),
    rootFs: lines.includes('rootfs'),
    mountPoint: lines.includes('mountpoint'),
    markedAt: marked ? marked.slice(7) : null,
    sizeBytes: /^[0-9]+$/.test(size) ? Number(size) : null,
  };
}

/** The validator's facts for one brick from its host's answer; existing volumes' bricks by their host. */
export function toBrickFacts(host: InventoryHost, b: OnHostBrick, path: string, volumes: readonly VolumeInfo[] | null, inventory: Inventory): BrickFacts {
  const p = canonicalPath(path);
  const overlaps = volumes === null ? undefined
    : volumes.some((v) => v.bricks.some((vb) => (brickOwner(vb.host, inventory) ?? vb.host) === host.name && (isSameOrParent(vb.path, p) || isSameOrParent(p, vb.path))));
  return {
    storage: b.rootFs ? 'root' : host.device === undefined && host.transientDevice !== undefined ? 'transient' : 'volume',
    isMountPoint: b.mountPoint,
    partOfVolume: b.markedAt !== null,
    parentExists: b.parentExists,
    ...(overlaps === undefined ? {} : { overlapsExistingBrick: overlaps }),
    ...(b.sizeBytes !== null ? { sizeBytes: b.sizeBytes } : {}),
  };
}

// What glusterd checks on the host of each brick (glusterd_op_stage_create_volume,
// glusterd_validate_and_create_brickpath), replayed brick by brick in command
// order, because the order matters: glusterd creates only the last directory
// level and marks each brick with its volume id as it goes, so a brick inside
// an earlier brick of the same command is "already part of a volume", while a
// brick listed before its parent directory's brick slips through (measured on
// 10.3). Facts that are not given are reported as not checked, never guessed.
import { canonicalPath, isSameOrParent, parentOf } from './bricks.js';
import { brickLabel } from './brick-checks.js';
import type { HostId } from './sets.js';
import type { BrickInput, NotCheckedCode, PeerFacts, Problem, Warning } from './types.js';

export interface StagingResult {
  errors: Problem[];
  /** Problems that force lets through. */
  forced: Problem[];
  warnings: Warning[];
  notChecked: Set<NotCheckedCode>;
}

const FORCE = "Or use 'force' at the end of the command if you want to override this behavior.";

export function stageBricks(
  bricks: readonly BrickInput[],
  valid: readonly boolean[],
  options: { force: boolean; peers?: readonly PeerFacts[]; id: HostId },
): StagingResult {
  const errors: Problem[] = [];
  const forced: Problem[] = [];
  const warnings: Warning[] = [];
  const notChecked = new Set<NotCheckedCode>();
  const created = new Map<string, Set<string>>();
  const marked = new Map<string, { path: string; index: number }[]>();
  const forceable = (p: Problem) => (options.force ? forced : errors).push({ ...p, forceable: true });
  const hostProblems = new Map<string, Problem>();

  bricks.forEach((b, i) => {
    if (!valid[i]) return;
    const host = options.id(b.host);
    const path = canonicalPath(b.path);
    const label = `${b.host}:${path}`;
    const at = [i];

    if (options.peers) {
      const peer = options.peers.find((p) => p.name === host);
      const known = hostProblems.get(host);
      if (known) known.bricks = [...(known.bricks ?? []), i];
      else if (!peer || peer.inCluster === false) {
        const p: Problem = {
          code: 'unknown-host',
          message: `${b.host} is not a peer in the trusted pool`,
          fix: `probe it first: gluster peer probe ${b.host} (and make sure every node resolves the name)`,
          gluster: `Host ${b.host} is not in 'Peer in Cluster' state`,
          bricks: at,
        };
        hostProblems.set(host, p);
        errors.push(p);
      } else if (peer.connected === false) {
        const p: Problem = {
          code: 'host-disconnected',
          message: `${b.host} is in the pool but its glusterd does not answer`,
          fix: `start glusterd on ${b.host} and wait for 'Peer in Cluster (Connected)'`,
          gluster: `Host ${b.host} not connected`,
          bricks: at,
        };
        hostProblems.set(host, p);
        errors.push(p);
      }
    } else notChecked.add('peers');

    if (b.overlapsExistingBrick === true) {
      errors.push({
        code: 'overlaps-existing-brick',
        message: `brick ${i + 1} (${label}) contains, or is inside, a brick of an existing volume`,
        fix: 'choose a directory outside every existing brick, e.g. a new sub-directory of the brick filesystem',
        gluster: `Brick: ${label} not available. Brick may be containing or be contained by an existing brick.`,
        bricks: at,
      });
    } else if (b.overlapsExistingBrick === undefined) notChecked.add('existing-bricks');

    const parent = parentOf(path);
    const made = created.get(host) ?? new Set<string>();
    created.set(host, made);
    if (parent !== '/' && !made.has(parent)) {
      if (b.parentExists === false) {
        errors.push({
          code: 'parent-missing',
          message: `the parent directory of brick ${i + 1} (${label}) does not exist: glusterd creates only the brick directory itself`,
          fix: `create it first: mkdir -p ${parent} on ${b.host}`,
          gluster: `Failed to create brick directory for brick ${label}. Reason : No such file or directory`,
          bricks: at,
        });
      } else if (b.parentExists === undefined) notChecked.add('parent-directory');
    }
    made.add(path);

    if (b.isMountPoint === true) {
      forceable({
        code: 'mount-point',
        message: `brick ${i + 1} (${label}) is a mount point itself: if the disk is ever not mounted, gluster writes into the directory underneath`,
        fix: `use a sub-directory of the mount, e.g. ${label.replace(/\/$/, '')}/brick`,
        gluster: `The brick ${label} is a mount point. Please create a sub-directory under the mount point and use that as the brick directory. ${FORCE}`,
        bricks: at,
      });
    } else {
      if (b.isMountPoint === undefined) notChecked.add('mount-point');
      if (b.storage === 'root') {
        forceable({
          code: 'root-partition',
          message: `brick ${i + 1} (${label}) is on the root partition: a full brick fills the host's system disk`,
          fix: 'put the brick on its own disk (the attached volume, or the transient disk in a volume-less zone), e.g. /bricks/gv0/brick',
          gluster: `The brick ${label} is being created in the root partition. It is recommended that you don't use the system's root partition for storage backend. ${FORCE}`,
          bricks: at,
        });
      } else if (b.storage === undefined || b.storage === 'unknown') notChecked.add('root-partition');
    }

    const earlier = marked.get(host) ?? [];
    marked.set(host, earlier);
    const outer = earlier.find((m) => isSameOrParent(m.path, path));
    if (outer) {
      const same = outer.path === path;
      forceable({
        code: 'nested-brick',
        message: same
          ? `brick ${i + 1} (${label}) is the same directory as brick ${outer.index + 1} (${brickLabel(bricks[outer.index]!)}): one host under two names`
          : `brick ${i + 1} (${label}) is inside brick ${outer.index + 1} (${b.host}:${outer.path}) of this command`,
        fix: 'give each brick its own directory side by side, e.g. /bricks/gv0/brick1 and /bricks/gv0/brick2',
        gluster: same ? `${path} is already part of a volume` : `parent directory ${outer.path} is already part of a volume`,
        bricks: [outer.index, i],
      });
    } else if (b.partOfVolume === true) {
      forceable({
        code: 'in-volume',
        message: `brick ${i + 1} (${label}) already belongs to a volume: gluster's marks are on it or on a parent directory`,
        fix: `use a new directory; or, if its old volume is deleted and the data is not needed: setfattr -x trusted.glusterfs.volume-id ${path}; setfattr -x trusted.gfid ${path}; rm -rf ${path}/.glusterfs`,
        gluster: `${path} is already part of a volume`,
        bricks: at,
      });
    } else if (b.partOfVolume === undefined) notChecked.add('in-volume');
    const inner = earlier.find((m) => m.path !== path && isSameOrParent(path, m.path));
    if (inner) {
      warnings.push({
        code: 'nested-bricks',
        message: `brick ${inner.index + 1} (${b.host}:${inner.path}) is inside brick ${i + 1} (${label}); glusterd does not notice when the inner one comes first, and the two bricks would overwrite each other's data`,
        fix: 'give each brick its own directory side by side, e.g. /bricks/gv0/brick1 and /bricks/gv0/brick2',
        bricks: [inner.index, i],
      });
    }
    earlier.push({ path, index: i });
  });
  return { errors, forced, warnings, notChecked };
}

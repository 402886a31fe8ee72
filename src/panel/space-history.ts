// Free space of each brick over the panel's refreshes: what the capacity trend
// is computed from. It costs no query of its own: the numbers come from the
// hosts' brick filesystem check (brick-mounts.ts, `stat -f`), which the poller
// runs anyway every MOUNTS_MAX_AGE_MS. A sample is taken only when that check
// measured again, so a refresh that re-used an old measurement adds nothing.
import type { VolumeInfo } from '../gluster/xml/volume-info.js';
import { judgeBrickMount } from './brick-mounts.js';
import { inventoryHostFor } from './names.js';
import { current } from './section.js';
import type { Snapshot } from './snapshot.js';

export interface SpaceSample {
  /** When the newest of the measurements in it was taken. */
  at: number;
  /** Free bytes per brick (HOST:/path); a brick whose filesystem could not be measured is absent, never 0. */
  free: Record<string, number>;
}

/** What the hosts' last checks say of a volume's bricks; undefined when no brick was measured. */
export function spaceSample(s: Snapshot, v: VolumeInfo): SpaceSample | undefined {
  const free: Record<string, number> = {};
  let at = Number.NEGATIVE_INFINITY;
  for (const b of v.bricks) {
    const host = inventoryHostFor(s.hosts, b.host);
    const section = host ? s.host[host.name]?.mounts : undefined;
    const mounts = current(section);
    if (!mounts || section?.at === undefined) continue;
    // Only a brick on its own filesystem: otherwise `stat -f` measured the root disk.
    const judged = judgeBrickMount(mounts, b.path);
    if (judged?.state !== 'mounted' || judged.mount.availableBytes === undefined) continue;
    free[b.name] = judged.mount.availableBytes;
    at = Math.max(at, section.at);
  }
  return Object.keys(free).length > 0 ? { at, free } : undefined;
}

/** The history with this refresh's samples added (at most `keep` per volume); the same object when nothing was measured since. */
export function withSpaceSamples(s: Snapshot, keep: number): Snapshot['spaceHistory'] {
  const volumes = current(s.volumes);
  if (!volumes) return s.spaceHistory;
  let changed = Object.keys(s.spaceHistory).some((name) => !volumes.some((v) => v.name === name));
  const history: Snapshot['spaceHistory'] = {};
  for (const v of volumes) {
    const past = s.spaceHistory[v.name] ?? [];
    const sample = spaceSample(s, v);
    const last = past[past.length - 1];
    if (sample && (!last || sample.at > last.at)) {
      history[v.name] = [...past, sample].slice(-keep);
      changed = true;
    } else if (past.length > 0) history[v.name] = past;
  }
  // A deleted volume's samples go with it.
  return changed ? history : s.spaceHistory;
}

// Replacing a dead node, decided without I/O: the volumes, what runs and the
// pool as a live member sees them, in; the bricks to move to the new host, or
// every reason to refuse, out. The rules:
// - only for a dead node: the old host does not answer over SSH, its glusterd
//   is disconnected and none of its bricks is online (a live node is shrunk,
//   or its brick replaced by hand);
// - each of its bricks must have a surviving copy in its set (replica: another
//   data brick online; disperse: at least the data count online). A distribute
//   brick had the only copy of its files: they are gone with the node, and
//   gluster refuses replace-brick on distribute-only volumes anyway;
// - the new brick is the old brick's path on the new host (the setup's layout:
//   one brick filesystem per host, the same mount everywhere);
// - a new host that already holds a brick of such a volume is refused;
// - a re-run after success plans nothing (no brick left on the old host, the
//   old host out of the pool).
import { posix } from 'node:path';
import type { Inventory } from '../config/inventory.js';
import { peerDetach, replaceBrick } from '../gluster/commands.js';
import type { BrickHealEntries } from '../gluster/xml/heal-info.js';
import type { Peer } from '../gluster/xml/peer-status.js';
import type { VolumeInfo } from '../gluster/xml/volume-info.js';
import type { VolumeStatus } from '../gluster/xml/volume-status.js';
import { healPlan } from '../panel/plans.js';
import type { PlanItem } from '../plan/item.js';
import { cmd } from '../shell/command.js';
import { brickOwner } from '../steps/brick-path.js';
import { GLUSTERD_BUSY_RETRY } from '../steps/busy.js';
import { peerIdentity } from '../steps/probe.js';

export interface ReplaceFacts {
  /** Inventory names. */
  oldHost: string;
  newHost: string;
  inventory: Inventory;
  /** The live member that answered, and runs the gluster commands. */
  member: string;
  volumes: readonly VolumeInfo[];
  status: readonly VolumeStatus[];
  /** The member's peers (itself not included). */
  peers: readonly Peer[];
  /** The old host answered over SSH. */
  oldAnswers: boolean;
  /** --volume: only this one. */
  only?: string;
}

export interface Replacement {
  volume: string;
  oldBrick: string;
  newBrick: string;
}

export interface ReplacePlan {
  ok: true;
  replacements: Replacement[];
  /** Volumes that get a full heal (those with a replaced brick). */
  healVolumes: string[];
  /** Volumes whose heal must reach 0 pending before the detach: those with a brick on the new host, moved now or before (a re-run after a heal that timed out). */
  watchVolumes: string[];
  /** The old host is still a peer of the member. */
  detach: boolean;
  /** Where the new host's brick filesystem is mounted (the old bricks' parent), or null when nothing moves. */
  brickMount: string | null;
  notes: string[];
}

export interface ReplaceRefusal {
  ok: false;
  reasons: string[];
}

export type ReplaceDecision = ReplacePlan | ReplaceRefusal;

const isOn = (host: string, inventory: Inventory) => (brickHost: string) => (brickOwner(brickHost, inventory) ?? brickHost) === host;

/** Bricks per set as volume info lists them (set by set): the replica or disperse count, 1 for distribute. */
export function setSize(v: VolumeInfo): number {
  if (v.disperseCount > 0) return v.disperseCount;
  return v.replicaCount > 1 ? v.replicaCount : 1;
}

function online(status: readonly VolumeStatus[], volume: string, brick: { host: string; path: string }): boolean {
  return status.find((s) => s.name === volume)?.bricks.some((b) => b.hostname === brick.host && b.path === brick.path && b.online) ?? false;
}

/** Why the data of this old brick cannot be rebuilt from its set, or null when a copy survives. */
function noSurvivor(v: VolumeInfo, index: number, status: readonly VolumeStatus[], oldHost: string, inventory: Inventory): string | null {
  const size = setSize(v);
  const brick = v.bricks[index]!;
  if (size === 1) {
    return `${v.name} is distribute only (no replica): the files on ${brick.name} existed only on ${oldHost} and are gone with it. Nothing can rebuild them (gluster refuses replace-brick on such volumes); restore them from a backup, then drop the brick with remove-brick ... force`;
  }
  const first = Math.floor(index / size) * size;
  const others = v.bricks.slice(first, first + size).filter((b, i) => first + i !== index && !isOn(oldHost, inventory)(b.host));
  const up = others.filter((b) => online(status, v.name, b));
  const set = Math.floor(index / size) + 1;
  if (v.disperseCount > 0) {
    const data = v.disperseCount - v.redundancyCount;
    if (up.length >= data) return null;
    return `${v.name}'s set ${set} has ${up.length} of its ${v.disperseCount} bricks online besides ${oldHost}'s, fewer than the ${data} needed to rebuild ${brick.name}: bring the others back first`;
  }
  if (up.some((b) => !b.isArbiter)) return null;
  const what = up.length > 0 ? 'only its arbiter (which holds no file data) is online' : 'no other brick of it is online';
  return `${v.name}'s set ${set}: ${what}, so nothing can rebuild ${brick.name}: bring another brick of the set back first`;
}

export function decideReplace(f: ReplaceFacts): ReplaceDecision {
  const reasons: string[] = [];
  const onOld = isOn(f.oldHost, f.inventory);
  const onNew = isOn(f.newHost, f.inventory);
  if (f.oldHost === f.newHost) return { ok: false, reasons: ['the old and the new host are the same host'] };
  const volumes = f.volumes.filter((v) => f.only === undefined || v.name === f.only);
  if (f.only !== undefined && volumes.length === 0) return { ok: false, reasons: [`there is no volume ${f.only} (volume info on ${f.member})`] };

  const oldPeer = f.peers.find((p) => peerIdentity(p, f.inventory) === f.oldHost);
  const affected = volumes.filter((v) => v.bricks.some((b) => onOld(b.host)));
  const oldOnline = affected.flatMap((v) => v.bricks.filter((b) => onOld(b.host) && online(f.status, v.name, b)).map((b) => b.name));
  const alive = [
    ...(f.oldAnswers ? [`${f.oldHost} answers over SSH`] : []),
    ...(oldPeer?.connected ? [`${f.member} sees its glusterd connected`] : []),
    ...(oldOnline.length > 0 ? [`its brick${oldOnline.length === 1 ? '' : 's'} ${oldOnline.join(', ')} ${oldOnline.length === 1 ? 'is' : 'are'} online`] : []),
  ];
  if (alive.length > 0 && (affected.length > 0 || oldPeer)) {
    reasons.push(`${f.oldHost} is not dead (${alive.join('; ')}): replace is for a node that is gone for good. For a live node, use shrink, or replace-brick by hand`);
  }

  const replacements: Replacement[] = [];
  const mounts = new Set<string>();
  for (const v of affected) {
    const held = v.bricks.filter((b) => onNew(b.host)).map((b) => b.name);
    if (held.length > 0) reasons.push(`${f.newHost} already holds ${held.join(', ')} of ${v.name}: the new host must be a fresh one`);
    v.bricks.forEach((b, i) => {
      if (!onOld(b.host)) return;
      const lost = noSurvivor(v, i, f.status, f.oldHost, f.inventory);
      if (lost) reasons.push(lost);
      mounts.add(posix.dirname(b.path));
      replacements.push({ volume: v.name, oldBrick: b.name, newBrick: `${f.newHost}:${b.path}` });
    });
  }
  if (mounts.size > 1) {
    reasons.push(`${f.oldHost}'s bricks lie under different directories (${[...mounts].join(', ')}); the console prepares one brick filesystem per host: replace these by hand`);
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const notes: string[] = [];
  if (replacements.length === 0 && !oldPeer) notes.push(`nothing to do: ${f.oldHost} holds no brick${f.only ? ` of ${f.only}` : ''} and is not in the pool`);
  else if (replacements.length === 0) notes.push(`${f.oldHost} holds no brick${f.only ? ` of ${f.only}` : ''} any more: only its detach is left`);
  const healVolumes = [...new Set(replacements.map((r) => r.volume))];
  const onNewAlready = volumes.filter((v) => v.bricks.some((b) => onNew(b.host))).map((v) => v.name);
  return {
    ok: true,
    replacements,
    healVolumes,
    watchVolumes: [...new Set([...healVolumes, ...onNewAlready])],
    detach: oldPeer !== undefined,
    brickMount: [...mounts][0] ?? null,
    notes,
  };
}

/** Moves the bricks: a guard that the new brick's filesystem is mounted, then one replace-brick per brick, on the member. */
export function replaceItems(plan: ReplacePlan, member: string, newHost: string): PlanItem[] {
  if (plan.replacements.length === 0 || plan.brickMount === null) return [];
  return [
    {
      host: newHost,
      command: cmd('mountpoint', '-q', plan.brickMount),
      why: `${plan.brickMount} is a mounted filesystem on ${newHost} (replace-brick commit force would otherwise put the brick on the root filesystem)`,
      check: true,
    },
    ...plan.replacements.map(
      (r): PlanItem => ({
        host: member,
        command: replaceBrick(r.volume, r.oldBrick, r.newBrick),
        why: `${r.volume}: the dead brick ${r.oldBrick} is replaced by an empty one on ${newHost}; the other bricks of its set rebuild it`,
        retry: GLUSTERD_BUSY_RETRY,
      }),
    ),
  ];
}

/** A full heal of each volume that got a new brick: the index alone does not list every file the new brick lacks. */
export function healItems(plan: ReplacePlan, member: string): PlanItem[] {
  return plan.healVolumes.flatMap((v) => healPlan(v, member, { full: true }).steps);
}

/** The dead peer leaves the pool; 10.3 detaches a disconnected peer without force once it holds no brick (GLUSTER-FACTS.md). */
export function detachItems(plan: ReplacePlan, member: string, oldHost: string): PlanItem[] {
  if (!plan.detach) return [];
  return [{ host: member, command: peerDetach(oldHost), why: `${oldHost} holds no brick any more: it leaves the trusted pool`, retry: GLUSTERD_BUSY_RETRY }];
}

export interface HealProgress {
  /** Entries pending heal over the bricks that answered. */
  pending: number;
  /** Per brick, "HOST:/path N" or "HOST:/path not connected". */
  perBrick: string[];
  /** Every brick answered with a count: only then does pending 0 mean healed. */
  complete: boolean;
}

/** The pending count of `heal VOL info --xml` (parseHealInfo), and whether it can be trusted as a whole. */
export function healProgress(bricks: readonly BrickHealEntries[]): HealProgress {
  let pending = 0;
  let complete = bricks.length > 0;
  const perBrick = bricks.map((b) => {
    if (!b.connected || b.count === undefined) {
      complete = false;
      return `${b.name} ${b.connected ? 'no count' : 'not connected'}`;
    }
    pending += b.count;
    return `${b.name} ${b.count}`;
  });
  return { pending, perBrick, complete };
}

// After the bricks are gone: what is left of the leaving hosts in the cluster.
// Pure: the client mounts the console made there (the setup's
// `localhost:/VOL` fstab line, and the mount), and their pool membership. A
// host still holding a brick of any volume stays in the pool (glusterd would
// refuse: "Peer X hosts one or more bricks"). Planning again after these ran
// gives nothing: that is the verification.
import type { Inventory } from '../config/inventory.js';
import { peerDetach } from '../gluster/commands.js';
import type { Peer, VolumeInfo } from '../gluster/xml/index.js';
import type { PlanItem } from '../plan/item.js';
import { cmd } from '../shell/command.js';
import { GLUSTERD_BUSY_RETRY } from '../steps/busy.js';
import { FSTAB, parseFstabLine } from '../steps/bricks.js';
import { lineDiff, linesOf, readFaithfully, replaceFileCommand, textOf } from '../steps/file-edit.js';
import { glusterVolumeOf } from '../steps/mount.js';
import type { ClientFacts, ClusterFacts } from './facts.js';
import { inventoryHostOf } from './plan.js';

export interface CleanupInput {
  volume: string;
  /** Inventory names of the leaving hosts. */
  leaving: readonly string[];
  inventory: Inventory;
  cluster: ClusterFacts;
  clients: Record<string, ClientFacts>;
}

export interface CleanupPlan {
  /** Per leaving host, run there: unmount the volume, drop its fstab line. */
  unmount: Record<string, PlanItem[]>;
  /** Run on the member: one peer detach per leaving host that holds no brick. */
  detach: PlanItem[];
  /** What stays and why, what a host could not be asked. */
  notes: string[];
  /** A host whose fstab cannot be edited safely: the reason. */
  blocked: string[];
}

/** The setup's own client mount of the volume: `localhost:/VOL` (steps/mount.ts writes it so). */
function madeByConsole(source: string, volume: string): boolean {
  return source.startsWith('localhost:') && glusterVolumeOf(source) === volume;
}

export function planUnmount(host: string, volume: string, facts: ClientFacts): { items: PlanItem[]; blocked?: string } {
  const items: PlanItem[] = [];
  const ours = facts.mounts.filter((m) => madeByConsole(m.source, volume));
  for (const m of ours) {
    if (m.state === 'not-mounted') continue;
    // A dead or hung FUSE client cannot be unmounted cleanly: detach it lazily.
    const lazy = m.state !== 'mounted';
    items.push({ host, command: lazy ? cmd('umount', '-l', m.target) : cmd('umount', m.target), why: `${host} leaves the cluster: unmount its client of ${volume} at ${m.target}${lazy ? ` (${m.why ?? m.state}: lazily)` : ''}` });
  }
  const lines = linesOf(facts.fstab.text);
  const kept = lines.filter((text) => {
    const l = parseFstabLine(text);
    return !(l.fstype === 'glusterfs' && l.source !== undefined && madeByConsole(l.source, volume) && ours.some((m) => m.target === l.target));
  });
  if (kept.length !== lines.length) {
    if (!readFaithfully(facts.fstab)) return { items, blocked: `${host}: ${FSTAB} holds bytes that are not UTF-8: remove its ${volume} line by hand` };
    items.push({ host, command: replaceFileCommand(facts.fstab, textOf(kept)), why: `${FSTAB}: no longer mount ${volume} at boot (${lineDiff(lines, kept).join('; ')}; backup next to it)` });
  }
  return { items };
}

/** The pool entry of an inventory host: by any name the pool knows it by, or its address. */
export function poolEntryOf(peers: readonly Peer[], host: { name: string; address: string }): Peer | undefined {
  const names = new Set([host.name.toLowerCase(), host.address.toLowerCase()]);
  return peers.find((p) => p.hostname !== 'localhost' && [p.hostname, ...p.hostnames].some((n) => names.has(n.toLowerCase())));
}

/** The volumes that still have a brick on the host (by its pool uuid, name or address). */
function volumesOn(host: { name: string; address: string }, peer: Peer | undefined, volumes: readonly VolumeInfo[], inventory: Inventory): string[] {
  return volumes
    .filter((v) => v.bricks.some((b) => (peer !== undefined && b.hostUuid === peer.uuid) || inventoryHostOf(b.host, inventory)?.name === host.name))
    .map((v) => v.name);
}

export function planCleanup(input: CleanupInput): CleanupPlan {
  const plan: CleanupPlan = { unmount: {}, detach: [], notes: [], blocked: [] };
  for (const name of input.leaving) {
    const host = inventoryHostOf(name, input.inventory);
    if (!host) continue;
    const facts = input.clients[host.name];
    if (facts) {
      const u = planUnmount(host.name, input.volume, facts);
      if (u.items.length > 0) plan.unmount[host.name] = u.items;
      if (u.blocked) plan.blocked.push(u.blocked);
    }
    const peer = poolEntryOf(input.cluster.pool, host);
    if (!peer) continue;
    const holds = volumesOn(host, peer, input.cluster.volumes, input.inventory);
    if (holds.length > 0) {
      plan.notes.push(`${host.name} still holds bricks of ${holds.join(', ')}: it stays in the pool`);
      continue;
    }
    plan.detach.push({
      host: input.cluster.member,
      command: peerDetach(host.name),
      why: `${host.name} holds no brick of any volume: it leaves the pool`,
      retry: GLUSTERD_BUSY_RETRY,
    });
  }
  return plan;
}

export function cleanupIsEmpty(plan: CleanupPlan): boolean {
  return Object.keys(plan.unmount).length === 0 && plan.detach.length === 0;
}

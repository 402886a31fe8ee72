// Peer Rejected: which node is the rejected one, and the documented recovery
// for it. When a node's volume configuration differs from the pool's, every
// node shows the other side as "Peer Rejected": the majority lists the odd
// node, and the odd node lists every one of them (GLUSTER-FACTS.md, measured
// on 10.3). The rejected node is the one a majority of the pool rejects, never
// every name in a rejection line; with no majority nobody can tell which side
// holds the configuration to keep, and nothing may be cleared.
import { sh, type Command } from '../shell/command.js';
import type { PlanItem } from '../plan/item.js';
import { peerProbe } from './commands.js';
import { GLUSTERD_NOT_ANSWERING, GLUSTERD_STATE_DIR, startGlusterd, stopGlusterd, type Init } from './glusterd.js';
import { PEER_IN_CLUSTER, PEER_REJECTED } from './xml/peer-status.js';

/** One peer as one node sees it: the peer's name (the inventory's where it has one) and its state code. */
export interface PeerView {
  peer: string;
  state: number;
}

export interface RejectedNode {
  host: string;
  /** The members that list it as Peer Rejected (more than half of the pool). */
  rejectedBy: string[];
  /** Of those, the ones not rejected themselves: where its configuration should come from. */
  goodPeers: string[];
  /** It lists these as Peer Rejected in turn (a rejected node usually rejects everyone). */
  rejects: string[];
}

export interface RejectionDecision {
  /** Every pool member: a node that lists peers, or that another node lists. */
  members: string[];
  /** Members whose own view is unknown (their glusterd did not answer). */
  unknownViews: string[];
  rejected: RejectedNode[];
  /** Rejections no majority explains ("A rejects B"): which side is wrong cannot be told. */
  undecided: Array<{ observer: string; peer: string }>;
}

/**
 * Which nodes are rejected, from every node's view of its peers (undefined:
 * that node's view is unknown). A node is rejected when more than half of the
 * pool's members list it as Peer Rejected and those members are not rejected
 * themselves; a view that is unknown never counts as a vote.
 */
export function decideRejected(views: Readonly<Record<string, readonly PeerView[] | undefined>>): RejectionDecision {
  const members: string[] = [];
  const add = (name: string) => {
    if (!members.includes(name)) members.push(name);
  };
  for (const [host, view] of Object.entries(views)) if (view && view.length > 0) add(host);
  for (const view of Object.values(views)) for (const p of view ?? []) add(p.peer);
  const n = members.length;
  const rejects = (observer: string, peer: string) => views[observer]?.some((p) => p.peer === peer && p.state === PEER_REJECTED) === true;
  const rejectersOf = (host: string) => members.filter((m) => m !== host && rejects(m, host));
  const candidates = members.filter((m) => rejectersOf(m).length * 2 > n);
  const rejected: RejectedNode[] = [];
  for (const host of candidates) {
    const rejectedBy = rejectersOf(host);
    const goodPeers = rejectedBy.filter((m) => !candidates.includes(m));
    if (goodPeers.length * 2 <= n) continue;
    rejected.push({ host, rejectedBy, goodPeers, rejects: members.filter((m) => m !== host && rejects(host, m)) });
  }
  const explained = new Set(rejected.map((r) => r.host));
  const undecided: RejectionDecision['undecided'] = [];
  for (const observer of members) {
    for (const p of views[observer] ?? []) {
      if (p.state !== PEER_REJECTED || explained.has(observer) || explained.has(p.peer)) continue;
      undecided.push({ observer, peer: p.peer });
    }
  }
  return { members, unknownViews: members.filter((m) => views[m] === undefined), rejected, undecided };
}

/** The lines of glusterd's log that say which volume's configuration differs (read-only). */
export function cksumLogLines(): Command {
  return sh`grep -h 'Cksums' /var/log/glusterfs/glusterd.log | tail -n 3`;
}

/**
 * Until this node sees at least `min` peers and every one of them as Peer in
 * Cluster, connected (peer status --xml prints one element a line), for at most
 * `seconds`.
 */
export function peersSettled(min: number, seconds = 60): Command {
  const state = `<state>${PEER_IN_CLUSTER}</state>`;
  return sh`ok=no; for i in $(seq 1 ${seconds}); do x=$(gluster --mode=script peer status --xml 2>/dev/null); n=$(printf '%s\\n' "$x" | grep -c '<peer>'); if [ "$n" -ge ${min} ] && [ "$(printf '%s\\n' "$x" | grep -c ${state})" = "$n" ] && [ "$(printf '%s\\n' "$x" | grep -c '<connected>1</connected>')" = "$n" ]; then ok=yes; break; fi; sleep 1; done; [ "$ok" = yes ]`;
}

/**
 * Restarts glusterd until this node sees at least `min` peers, all Peer in
 * Cluster and connected: after the probe from a cleared node both sides stay
 * in "Accepted peer request" until a restart, and the first restart can leave
 * the good side at "Sent and Received peer request" (measured on 10.3; the
 * documentation: "you may need to restart glusterd another time or two").
 */
export function restartUntilSettled(systemd: Init, min: number, attempts = 3, seconds = 20): Command {
  return sh`for attempt in $(seq 1 ${attempts}); do { ${stopGlusterd(systemd)}; } && { ${startGlusterd(systemd)}; } && { ${peersSettled(min, seconds)}; } && exit 0; done; exit 1`;
}

export interface RecoveryTarget {
  /** The rejected node (the one these commands run on). */
  host: string;
  /** A member in good standing, probed from the rejected node by this name. */
  goodPeer: string;
  systemd: Init;
  /** The rejected node's UUID as the pool knows it: checked against its glusterd.info before anything is cleared. */
  uuid?: string;
  /** How many members the pool has (the rejected node included), when known: the last check waits for all of them. */
  poolSize?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The documented recovery, every command on the rejected node: stop glusterd,
 * clear /var/lib/glusterd except glusterd.info, start glusterd, probe a good
 * peer, restart glusterd. One choice beyond the documentation: the package's
 * own files there (hooks, groups) stay; they are not cluster state, and
 * `volume set VOL group NAME` needs groups. A UUID check comes first when the
 * pool's UUID for the node is known.
 */
export function rejectedPeerRecovery(target: RecoveryTarget): PlanItem[] {
  const { host, goodPeer, systemd } = target;
  const items: PlanItem[] = [];
  const info = `${GLUSTERD_STATE_DIR}/glusterd.info`;
  if (target.uuid !== undefined) {
    if (!UUID.test(target.uuid)) throw new Error(`"${target.uuid}" is not a glusterd UUID`);
    items.push({
      host,
      command: sh`grep -qx ${`UUID=${target.uuid}`} ${info}`,
      why: `check: ${info} on ${host} holds the UUID the pool knows it by (${target.uuid}); it is the one file kept, so ${host} returns as the same peer`,
      check: true,
    });
  }
  items.push({
    host,
    command: stopGlusterd(systemd),
    why: `stop glusterd on ${host} so nothing writes its state while it is cleared (its bricks keep running)`,
  });
  items.push({
    host,
    command: sh`find ${GLUSTERD_STATE_DIR} -mindepth 1 -maxdepth 1 ! -name glusterd.info ! -name hooks ! -name groups -exec rm -rf {} +`,
    why: `delete ${host}'s copy of the pool's state (peers, volume configuration) except glusterd.info (its UUID) and the package's own hooks and groups; brick directories and their data are elsewhere and untouched`,
  });
  items.push({ host, command: startGlusterd(systemd), why: `start glusterd on ${host} with no peers and no volumes` });
  items.push({
    host,
    command: peerProbe(goodPeer),
    why: `from ${host}, probe ${goodPeer} (a member in good standing): ${host} rejoins and takes the volumes' configuration from the pool`,
    retry: { when: GLUSTERD_NOT_ANSWERING, attempts: 20, delayMs: 1000 },
  });
  const others = target.poolSize !== undefined ? target.poolSize - 1 : 1;
  items.push({
    host,
    command: restartUntilSettled(systemd, others),
    why: `restart glusterd on ${host} (as documented) until it sees ${target.poolSize !== undefined ? `all ${others} other members` : 'its peers'} as Peer in Cluster, connected: the handshake finishes only after a restart, sometimes a second or third (at most 3, 20 s each)`,
  });
  return items;
}

/** The recovery as lines to read or run by hand: "on HOST: COMMAND". */
export function rejectedPeerRecoveryLines(target: RecoveryTarget): string[] {
  return rejectedPeerRecovery(target).map((i) => `on ${i.host}: ${i.command.text}`);
}

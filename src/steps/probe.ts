// Step 4, probe: one host (the anchor) probes every other by name; then the
// step waits, polling `gluster peer status --xml` on every host, until each
// sees every other as "Peer in Cluster" and connected. A host already in the
// pool needs nothing; rejected and stuck states are explained.
import type { Inventory } from '../config/inventory.js';
import { peerProbe, peerStatusXml } from '../gluster/commands.js';
import { saysGlusterdIsDown, whereGlusterdRuns } from '../gluster/glusterd.js';
import { decideRejected, rejectedPeerRecoveryLines, type RejectionDecision } from '../gluster/peer-rejection.js';
import { parsePeerStatus, PEER_DETACH_IN_PROGRESS, PEER_IN_CLUSTER, PEER_REJECTED, PEER_STATES, type Peer } from '../gluster/xml/index.js';
import { GLUSTERD_BUSY_RETRY } from './busy.js';
import { hostNames, readHosts } from './read.js';
import type { CheckResult, HostPlan, StepDefinition, StepPlan } from './types.js';

export type ProbeCheck = CheckResult<Record<string, Peer[]>>;

/** How long peers may take to settle after the probes. */
export const PROBE_SETTLE_MS = 60_000;

const lower = (s: string) => s.toLowerCase();

/** The inventory host a peer entry stands for (by any of its names or the address), or null. */
export function peerIdentity(peer: Peer, inventory: Inventory): string | null {
  const names = new Set([peer.hostname, ...peer.hostnames].map(lower));
  const host = inventory.hosts.find((h) => names.has(lower(h.name)) || names.has(lower(h.address)));
  return host?.name ?? null;
}

/**
 * A rejection as the host that sees it should read it: the rejected node is the
 * one a majority of the pool rejects (never every name in a rejection line), and
 * only it gets the documented recovery, with its commands.
 */
export function explainRejection(decision: RejectionDecision, viewer: string, name: string): string {
  const self = decision.rejected.find((r) => r.host === viewer);
  const other = decision.rejected.find((r) => r.host === name);
  const recover = (r: RejectionDecision['rejected'][number]) =>
    `${r.host} is the rejected node (${r.rejectedBy.join(' and ')} reject it): its volume configuration differs from the pool's (glusterd.log: "Version of Cksums ... differ"). ` +
    `Documented recovery, on ${r.host} only: ${rejectedPeerRecoveryLines({ host: r.host, goodPeer: r.goodPeers[0]!, systemd: undefined, poolSize: decision.members.length }).join('; ')}; then check again (the live panel offers this as the fix of its Peer Rejected finding)`;
  if (self) return `${viewer} sees ${name} as Peer Rejected. ${recover(self)}`;
  if (other) return `${viewer} sees ${name} as Peer Rejected. ${recover(other)}; nothing to do on ${viewer}`;
  return (
    `${viewer} sees ${name} as Peer Rejected, and no majority of the pool tells which of them is the rejected one${decision.unknownViews.length > 0 ? ` (${decision.unknownViews.join(', ')} could not be asked)` : ''}. ` +
    `Clearing /var/lib/glusterd on the wrong node throws away the configuration to keep: compare the volumes' configuration on both (gluster volume info), then recover the other one by hand`
  );
}

export function explainPeerState(peer: Peer, viewer: string, name: string): string {
  if (peer.state === PEER_IN_CLUSTER && !peer.connected) {
    return `${viewer} sees ${name} in the pool but Disconnected: glusterd on ${name} does not answer ${viewer} (is it running, and is TCP 24007 open between them?)`;
  }
  if (peer.state === PEER_DETACH_IN_PROGRESS) return `${viewer} sees ${name} being detached (Peer detach in progress)`;
  const state = PEER_STATES[peer.state] ?? peer.stateStr;
  return `${viewer} sees ${name} as "${state}"${peer.connected ? '' : ' (Disconnected)'}: the probe handshake has not finished; if it stays, the two glusterds cannot reach each other on TCP 24007 by the names in /etc/hosts`;
}

function healthy(peer: Peer): boolean {
  return peer.state === PEER_IN_CLUSTER && peer.connected;
}

/** The host that probes the others: the one already in the largest pool, else the first in the inventory. */
export function chooseAnchor(check: ProbeCheck, inventory: Inventory): string | null {
  let best: string | null = null;
  let bestCount = -1;
  for (const h of inventory.hosts) {
    const peers = check.facts[h.name];
    if (!peers) continue;
    const count = peers.filter((p) => peerIdentity(p, inventory) !== null).length;
    if (count > bestCount) {
      best = h.name;
      bestCount = count;
    }
  }
  return best;
}

export function planProbe(check: ProbeCheck, _intent: unknown, inventory: Inventory): StepPlan {
  const anchor = chooseAnchor(check, inventory);
  const plans = new Map<string, HostPlan>();
  for (const h of inventory.hosts) if (check.hostErrors[h.name] === undefined && check.facts[h.name]) plans.set(h.name, { host: h.name, items: [], notes: [] });
  if (anchor === null) return { hosts: [...plans.values()], notes: ['no host answered: nothing can be probed'] };
  const anchorPlan = plans.get(anchor)!;
  const anchorPeers = check.facts[anchor]!;
  const names = inventory.hosts.map((h) => h.name);

  // Which hosts the anchor must still probe, and which are in a pool of their own.
  for (const target of names) {
    if (target === anchor || !plans.has(target)) continue;
    const entry = anchorPeers.find((p) => peerIdentity(p, inventory) === target);
    if (entry) continue;
    const own = check.facts[target]!;
    if (own.length > 0) {
      const seen = own.map((p) => peerIdentity(p, inventory) ?? p.hostname).join(', ');
      plans.get(target)!.blocked = `${target} already belongs to another trusted pool (it sees ${seen}), so ${anchor} cannot probe it: detach it there (gluster peer detach) or start from its pool`;
      continue;
    }
    anchorPlan.items.push({ host: anchor, command: peerProbe(target), why: `add ${target} to the trusted pool (by name)`, retry: GLUSTERD_BUSY_RETRY });
  }

  // Foreign peers: the pool holds hosts the inventory does not know.
  const foreign = anchorPeers.filter((p) => peerIdentity(p, inventory) === null).map((p) => p.hostname);
  const notes = [`${anchor} probes the others${anchorPlan.items.length === 0 ? ' (nothing left to probe)' : ''}`];
  if (foreign.length > 0) notes.push(`the pool also holds ${foreign.join(', ')}, which the inventory does not list`);

  // The pool should know the anchor by name too: if a peer knows it only by address, probe it back by name once.
  const knowsAnchorByAddressOnly = names.find((h) => {
    if (h === anchor || !plans.has(h)) return false;
    const entry = check.facts[h]!.find((p) => peerIdentity(p, inventory) === anchor);
    return entry !== undefined && healthy(entry) && ![entry.hostname, ...entry.hostnames].some((n) => lower(n) === lower(anchor));
  });
  if (knowsAnchorByAddressOnly) {
    plans.get(knowsAnchorByAddressOnly)!.items.push({
      host: knowsAnchorByAddressOnly,
      command: peerProbe(anchor),
      why: `the pool knows ${anchor} only by its address: probe it back by name`,
      retry: GLUSTERD_BUSY_RETRY,
    });
  }

  // Every host must see every other as Peer in Cluster, connected.
  const decision = decideRejected(
    Object.fromEntries(inventory.hosts.map((h) => [h.name, check.facts[h.name]?.map((p) => ({ peer: peerIdentity(p, inventory) ?? p.hostname, state: p.state }))])),
  );
  for (const [host, plan] of plans) {
    if (plan.blocked !== undefined || plan.items.length > 0) continue;
    const peers = check.facts[host]!;
    const problems: string[] = [];
    let rejected: string | null = null;
    for (const other of names) {
      if (other === host) continue;
      const entry = peers.find((p) => peerIdentity(p, inventory) === other);
      if (!entry) {
        problems.push(host === anchor ? `${other} is not in its pool yet` : `does not see ${other} yet`);
        continue;
      }
      if (entry.state === PEER_REJECTED) rejected = explainRejection(decision, host, other);
      else if (!healthy(entry)) problems.push(explainPeerState(entry, host, other));
    }
    if (rejected) plan.blocked = rejected;
    else if (problems.length > 0) {
      const probing = anchorPlan.items.some((i) => i.command.argv.includes(host));
      plan.waiting = probing ? `waits for ${anchor} to probe it` : problems.join('; ');
    }
  }
  return { hosts: names.filter((h) => plans.has(h)).map((h) => plans.get(h)!), notes };
}

export function describeProbeError(host: string, output: string): string {
  if (saysGlusterdIsDown(output)) {
    return `glusterd does not answer on ${host}: run the install step (it starts glusterd), then check again`;
  }
  return `gluster peer status failed on ${host}: ${output.trim().split('\n').slice(-1)[0] ?? ''}`;
}

export const probeStep: StepDefinition<Record<string, Peer[]>> = {
  id: 'probe',
  number: 4,
  title: 'Probe',
  summary: 'one trusted pool: every host sees every other as Peer in Cluster, connected',
  settleMs: PROBE_SETTLE_MS,
  async check(ctx) {
    const { results, errors } = await readHosts(ctx, hostNames(ctx), () => whereGlusterdRuns(peerStatusXml()), () => true);
    const facts: Record<string, Peer[]> = {};
    for (const [host, result] of Object.entries(results)) {
      try {
        if (result.code !== 0) throw new Error(result.stderr || result.stdout);
        facts[host] = parsePeerStatus(result.stdout);
      } catch (err) {
        errors[host] = describeProbeError(host, `${result.stdout}\n${result.stderr}\n${(err as Error).message}`);
      }
    }
    return { facts, hostErrors: errors };
  },
  plan: planProbe,
};

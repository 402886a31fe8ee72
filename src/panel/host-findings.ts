// Findings about hosts and how they see each other: SSH, glusterd, pool
// membership, disconnected and rejected peers.
import { peerProbe } from '../gluster/commands.js';
import { cksumLogLines, decideRejected, rejectedPeerRecoveryLines, type PeerView, type RejectedNode, type RejectionDecision } from '../gluster/peer-rejection.js';
import { PEER_IN_CLUSTER, PEER_REJECTED } from '../gluster/xml/peer-status.js';
import { cmd } from '../shell/command.js';
import { inventoryHostFor } from './names.js';
import { startGlusterdPlan } from './plans.js';
import { replaceOffer } from './replace-offer.js';
import type { ClusterReport, Finding } from './report.js';
import { current, type QueryError } from './section.js';
import type { Snapshot } from './snapshot.js';

export function hostFindings(report: ClusterReport, s: Snapshot): Finding[] {
  const out: Finding[] = [];
  for (const h of report.hosts) {
    const seenBy = report.hosts.filter((o) => o.peers?.some((p) => p.peer === h.name));
    const disconnectedFrom = seenBy.filter((o) => o.peers?.some((p) => p.peer === h.name && !p.connected)).map((o) => o.name);
    const connectedFrom = seenBy.filter((o) => o.peers?.some((p) => p.peer === h.name && p.connected)).map((o) => o.name);
    if (h.ssh === 'down') {
      const error = s.host[h.name]?.probe.error;
      const refused = error?.kind === 'refused';
      const offer = refused ? null : replaceOffer(report, h.name);
      out.push({
        id: `host-down:${h.name}`,
        kind: refused ? 'host-refused' : 'host-unreachable',
        severity: 'degraded',
        host: h.name,
        title: refused ? refusedTitle(h.name, error) : `${h.name} is down: it does not answer over SSH`,
        explanation: [
          h.sshError ?? '',
          disconnectedFrom.length > 0
            ? `Its peers (${disconnectedFrom.join(', ')}) see it disconnected: the host is most likely down (power, kernel, network). Its bricks are offline until it boots; then glusterd starts them and the self-heal daemon heals what they missed.`
            : connectedFrom.length > 0
              ? `Its peers (${connectedFrom.join(', ')}) still see its glusterd connected: only SSH is affected, but the console cannot check or repair it.`
              : '',
          offer?.explanation ?? '',
        ].filter(Boolean),
        ...(offer ? { manual: offer.manual, replace: { host: h.name, fresh: offer.fresh } } : {}),
      });
      continue;
    }
    if (h.ssh === 'unknown') {
      const probe = s.host[h.name]?.probe;
      if (probe?.state === 'unknown' || probe?.state === 'failed') {
        out.push({
          id: `host-unknown:${h.name}`,
          kind: 'host-unknown',
          severity: 'unknown',
          host: h.name,
          title: probe.error?.kind === 'timeout' ? `${h.name}: its probe over SSH did not finish in time` : `${h.name}: its probe over SSH failed`,
          explanation: [
            probe.error?.message ?? '',
            'The probe is a few shell commands (glusterd running, its client mounts, the pool list bounded on its own): when it does not finish, the host itself is slow or stuck. Its state is unknown (not down, not healthy) until it answers.',
          ].filter(Boolean),
        });
      }
      continue;
    }
    const probe = current(s.host[h.name]?.probe);
    if (probe && !probe.glusterCli) {
      out.push({
        id: `gluster-missing:${h.name}`,
        kind: 'gluster-missing',
        severity: h.inPool ? 'degraded' : 'warning',
        host: h.name,
        title: `GlusterFS is not installed on ${h.name}`,
        explanation: ['The gluster CLI is not on the PATH. Install glusterfs-server (guided setup) before it can join the pool.'],
      });
      continue;
    }
    if (h.glusterd === 'stopped') {
      const inPool = h.inPool !== false;
      out.push({
        id: `glusterd-down:${h.name}`,
        kind: 'glusterd-down',
        severity: inPool ? 'degraded' : 'warning',
        host: h.name,
        title: `glusterd is not running on ${h.name}`,
        explanation: [
          inPool
            ? `The host answers, but its glusterd does not run${disconnectedFrom.length ? `: ${disconnectedFrom.join(', ')} see it disconnected` : ''}. Its bricks are left out of volume status and cannot be managed; the brick processes may still run. Starting glusterd starts its bricks and self-heal daemon.`
            : 'It is not part of the trusted pool (no peer lists it), so nothing depends on it yet.',
        ],
        ...(probe ? { plan: startGlusterdPlan(h.name, probe.systemd) } : {}),
      });
      continue;
    }
    if (h.glusterd === 'not answering') {
      out.push({
        id: `glusterd-hung:${h.name}`,
        kind: 'glusterd-not-answering',
        severity: 'degraded',
        host: h.name,
        title: `glusterd on ${h.name} runs but does not answer`,
        explanation: [
          s.host[h.name]?.pool.error?.message ?? '',
          'Right after a start it needs a few seconds. If it stays like this, restart it on that host; see /var/log/glusterfs/glusterd.log.',
        ].filter(Boolean),
      });
    }
    const pool = s.host[h.name]?.pool;
    // A glusterd that does not answer has its own finding above.
    if (pool && pool.state === 'unknown' && h.glusterd !== 'not answering') {
      out.push({
        id: `query-unknown:pool:${h.name}`,
        kind: 'query-unknown',
        severity: 'unknown',
        host: h.name,
        title: `pool list on ${h.name} did not answer in time`,
        explanation: [pool.error?.message ?? '', 'How this host sees its peers is unknown.'].filter(Boolean),
      });
    }
    if (h.inPool === false && h.glusterd === 'running') {
      out.push({
        id: `not-in-pool:${h.name}`,
        kind: 'host-not-in-pool',
        severity: 'warning',
        host: h.name,
        title: `${h.name} is not in the trusted pool`,
        explanation: ['It is in the inventory, but no member of the pool lists it and it lists no peers. Probe it from a pool member (guided setup) if it should hold bricks.'],
        manual: [`on a pool member: ${peerProbe(inventoryHostFor(s.hosts, h.name)?.name ?? h.name).text}`],
      });
    }
    const mounts = s.host[h.name]?.mounts;
    if (mounts && (mounts.state === 'unknown' || mounts.state === 'failed')) {
      out.push({
        id: `query-unknown:mounts:${h.name}`,
        kind: 'query-unknown',
        severity: 'unknown',
        host: h.name,
        title: `brick filesystems on ${h.name}: check ${mounts.state === 'unknown' ? 'did not answer in time' : 'failed'}`,
        explanation: [mounts.error?.message ?? ''].filter(Boolean),
      });
    }
  }
  return out;
}

/** Who refused whom: the host the console's login, or the console the host's key. */
function refusedTitle(host: string, error: QueryError): string {
  switch (error.sshKind) {
    case 'auth':
      return `${host} refuses the console's SSH login`;
    case 'host-key-changed':
      return `${host}'s host key changed: the console refuses to connect`;
    case 'host-key-rejected':
      return /@revoked/.test(error.message) ? `${host}'s host key is revoked: the console refuses to connect` : `${host}'s host key is not trusted yet: the console refuses to connect`;
    case 'sudo-password':
      return `${host} asks for a sudo password: the console cannot run its commands there`;
    default:
      return `The console cannot use ${host} over SSH`;
  }
}

/** Every host's view of its peers (undefined: its glusterd did not answer), for the majority decision. */
export function peerViews(report: Pick<ClusterReport, 'hosts'>): Record<string, PeerView[] | undefined> {
  return Object.fromEntries(report.hosts.map((h) => [h.name, h.peers?.map((p) => ({ peer: p.peer, state: p.state }))]));
}

function rejectedFinding(r: RejectedNode, decision: RejectionDecision, report: ClusterReport): Finding {
  const target = report.hosts.find((h) => h.name === r.host);
  const goodPeer = r.goodPeers[0]!;
  const others = decision.members.filter((m) => m !== r.host);
  // Shown, never run from here: in one of two clean CI runs the scripted recovery said "done" and then
  // node2's and node3's bricks stayed offline (node3's brick listed under node2's UUID). Until that is
  // understood, a person runs these commands and watches the panel.
  const recovery = { host: r.host, goodPeer, systemd: target?.systemd, poolSize: decision.members.length, ...(target?.uuid ? { uuid: target.uuid } : {}) };
  return {
    id: `peer-rejected:${r.host}`,
    kind: 'peer-rejected',
    severity: 'degraded',
    host: r.host,
    title: `${r.host} is rejected by the pool (Peer Rejected as seen from ${r.rejectedBy.join(', ')})`,
    explanation: [
      `${r.rejectedBy.join(' and ')} (${r.rejectedBy.length} of the ${decision.members.length} pool members) see ${r.host} as Peer Rejected${r.rejects.length > 0 ? `; ${r.host} in turn lists ${r.rejects.join(' and ')} as rejected, as a rejected node does` : ''}. ${r.host}'s volume configuration differs from the pool's (glusterd.log: "Version of Cksums VOL differ"), typically after it missed a change while it was down. It takes no part in volume operations.`,
      `Documented recovery, on ${r.host} only: stop glusterd, delete everything in /var/lib/glusterd except glusterd.info (the package's hooks and groups stay too), start glusterd, probe ${goodPeer} from ${r.host}, restart glusterd. Its volumes' configuration then comes from the pool; its bricks' data is not touched. ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} left alone.`,
      'The console shows these commands and does not run them itself yet: run them on that node, then watch every peer and brick here.',
    ],
    manual: rejectedPeerRecoveryLines(recovery),
  };
}

function undecidedFinding(decision: RejectionDecision): Finding {
  const hosts = [...new Set(decision.undecided.flatMap((u) => [u.observer, u.peer]))];
  const mutual = decision.undecided.filter((u) => decision.undecided.some((v) => v.observer === u.peer && v.peer === u.observer));
  const lines = decision.undecided.map((u) => `${u.observer} rejects ${u.peer}`);
  const n = decision.members.length;
  return {
    id: `peer-rejected-undecided:${[...hosts].sort().join(',')}`,
    kind: 'peer-rejected-undecided',
    severity: 'degraded',
    title:
      mutual.length === decision.undecided.length && hosts.length === 2
        ? `${hosts[0]} and ${hosts[1]} reject each other (Peer Rejected): no majority tells which one is rejected`
        : `Peer Rejected with no majority: ${lines.join(', ')}`,
    explanation: [
      `A node is the rejected one when more than half of the pool (here more than ${Math.floor(n / 2)} of ${n}) lists it as Peer Rejected; no node is${decision.unknownViews.length > 0 ? `, and ${decision.unknownViews.join(', ')} could not be asked` : ''}.`,
      'The documented recovery clears /var/lib/glusterd on the rejected node and takes the configuration from the others: run on the wrong node, it throws away the configuration to keep. So nothing is offered here.',
      `Compare the volumes' configuration on ${hosts.join(' and ')} (gluster volume info; /var/lib/glusterd/vols/VOL/info: version= and the options; glusterd.log names the volume), decide which node holds the configuration to keep, then recover the other one by hand: on it, stop glusterd, delete everything in /var/lib/glusterd except glusterd.info, start glusterd, probe the good node, restart glusterd.`,
    ],
    manual: hosts.map((h) => `on ${h}: ${cksumLogLines().text}`),
  };
}

export function peerFindings(report: ClusterReport): Finding[] {
  const out: Finding[] = [];
  const disconnected = new Map<string, string[]>();
  const decision = decideRejected(peerViews(report));
  for (const r of decision.rejected) out.push(rejectedFinding(r, decision, report));
  if (decision.undecided.length > 0) out.push(undecidedFinding(decision));
  for (const o of report.hosts) {
    for (const p of o.peers ?? []) {
      const target = report.hosts.find((h) => h.name === p.peer);
      if (p.state === PEER_REJECTED) continue;
      if (!p.connected) {
        // A down host or glusterd has its own finding.
        if (!target || target.ssh === 'down' || target.glusterd === 'stopped' || target.glusterd === 'not answering' || target.ssh === 'unknown') continue;
        disconnected.set(p.peer, [...(disconnected.get(p.peer) ?? []), o.name]);
        continue;
      }
      if (p.state !== PEER_IN_CLUSTER) {
        out.push({
          id: `peer-joining:${o.name}:${p.peer}`,
          kind: 'peer-not-in-cluster',
          severity: 'degraded',
          host: p.peer,
          title: `${o.name} sees ${p.peer} as "${p.stateStr}", not "Peer in Cluster"`,
          explanation: ['A probe has not completed. It usually settles within seconds; if it stays, detach and probe again from a pool member.'],
        });
      }
    }
  }
  for (const [peer, observers] of disconnected) {
    out.push({
      id: `peer-disconnected:${peer}`,
      kind: 'peer-disconnected',
      severity: 'degraded',
      host: peer,
      title: `${peer} is disconnected as seen from ${observers.join(', ')}`,
      explanation: [
        `glusterd runs on ${peer}, but ${observers.join(', ')} cannot reach it. glusterds talk over TCP 24007 (bricks over 49152 and up): a firewall, a wrong address for ${peer} in /etc/hosts of ${observers.join(', ')}, or a hung glusterd.`,
        `Recovery: on ${observers[0]} check that ${peer} resolves to its address and port 24007 is reachable; then restart glusterd on ${peer}. Peers reconnect by themselves once they can.`,
      ],
      manual: [`on ${observers[0]}: ${cmd('getent', 'hosts', peer).text}`, `on ${observers[0]}: ${cmd('gluster', 'peer', 'status').text}`],
    });
  }
  for (const p of report.strangers) {
    out.push({
      id: `stranger:${p.uuid}`,
      kind: 'peer-not-in-inventory',
      severity: 'warning',
      host: p.peer,
      title: `${p.peer} is in the trusted pool but not in the inventory`,
      explanation: [`${p.peer} (${p.stateStr}, ${p.connected ? 'connected' : 'disconnected'}) is a pool member the console does not know how to reach: add it to the inventory to watch it.`],
    });
  }
  return out;
}


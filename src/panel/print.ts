// The report as text (for people) and as JSON (for scripts and monitoring),
// as `gluster-console status` prints it.
import { capacityLine, zoneLine } from './capacity-text.js';
import { formatAge, formatBytes, sectionAgeText } from './format.js';
import type { Plan } from './plans.js';
import type { BrickReport, ClusterReport, Finding, HostReport, SectionAge } from './report.js';
import { trendText } from './trend.js';
import { PEER_IN_CLUSTER, PEER_REJECTED } from '../gluster/xml/peer-status.js';
import { exitCodeFor } from './verdict.js';

function planJson(plan: Plan) {
  return {
    title: plan.title,
    steps: plan.steps.map((s) => ({ host: s.host, command: s.command.text, why: s.why, ...(s.check ? { check: true } : {}) })),
    ...(plan.extraConfirmation ? { extraConfirmation: true } : {}),
  };
}

function sectionJson(s: SectionAge, now: number) {
  return {
    state: s.state,
    ...(s.at !== undefined ? { ageMs: now - s.at } : {}),
    ...(s.error ? { error: s.error } : {}),
    ...(s.source ? { source: s.source } : {}),
  };
}

function findingJson(f: Finding) {
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    ...(f.volume ? { volume: f.volume } : {}),
    ...(f.host ? { host: f.host } : {}),
    ...(f.brick ? { brick: f.brick } : {}),
    ...(f.plan ? { fix: planJson(f.plan) } : {}),
    ...(f.manual ? { manual: f.manual } : {}),
  };
}

export function reportToJson(report: ClusterReport) {
  const now = report.at;
  return {
    verdict: report.verdict,
    ...(report.verdictReason ? { verdictReason: report.verdictReason } : {}),
    exitCode: exitCodeFor(report.verdict),
    at: new Date(report.at).toISOString(),
    ...(report.lastRefreshMs !== undefined ? { refreshMs: report.lastRefreshMs } : {}),
    ...(report.primary ? { queriedVia: report.primary } : {}),
    hosts: report.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      ssh: h.ssh,
      ...(h.sshError ? { sshError: h.sshError } : {}),
      glusterd: h.glusterd,
      ...(h.systemd !== undefined ? { systemd: h.systemd } : {}),
      ...(h.uuid ? { uuid: h.uuid } : {}),
      ...(h.inPool !== undefined ? { inPool: h.inPool } : {}),
      ...(h.peers ? { peers: h.peers } : {}),
      probe: sectionJson(h.probe, now),
      pool: sectionJson(h.pool, now),
      ...(h.mounts ? { mounts: sectionJson(h.mounts, now) } : {}),
    })),
    ...(report.strangers.length ? { poolMembersNotInInventory: report.strangers } : {}),
    volumes: report.volumes.map((v) => ({
      name: v.name,
      type: v.type,
      layout: v.layout,
      status: v.status,
      verdict: v.verdict,
      options: v.options,
      bricks: v.bricks,
      sets: v.sets,
      ...(v.selfHealDaemons ? { selfHealDaemons: v.selfHealDaemons } : {}),
      ...(v.heal
        ? {
            heal: {
              ...(v.heal.pending !== undefined ? { pending: v.heal.pending, splitBrain: v.heal.splitBrain, possiblyHealing: v.heal.possiblyHealing } : {}),
              ...(v.heal.notAnswering ? { bricksNotAnswering: v.heal.notAnswering, pendingAtLeast: v.heal.pendingAtLeast ?? 0 } : {}),
              trend: { direction: v.heal.trend.direction, delta: v.heal.trend.delta, recent: v.heal.trend.recent },
              ...sectionJson(v.heal.section, now),
            },
          }
        : {}),
      capacity: v.capacity,
      findings: v.findings,
    })),
    findings: report.findings.map(findingJson),
    sections: Object.fromEntries(report.sections.map((s) => [s.label, sectionJson(s, now)])),
  };
}

function peersText(h: HostReport): string {
  if (!h.peers) return '';
  return `peers: ${h.peers.map((p) => `${p.peer} ${p.state === PEER_REJECTED ? 'rejected' : !p.connected ? 'disconnected' : p.state === PEER_IN_CLUSTER ? 'ok' : p.stateStr}`).join(', ') || 'none'}`;
}

function brickLine(b: BrickReport): string {
  const parts = [
    b.online === 'yes' ? 'online' : b.online === 'no' ? 'OFFLINE' : 'online?',
    b.pid !== undefined ? `pid ${b.pid}` : '',
    b.port !== undefined ? `port ${b.port}` : '',
    b.freeBytes !== undefined ? `free ${formatBytes(b.freeBytes)}` : '',
    `fs ${b.mount === 'mounted' ? 'mounted' : b.mount === 'unknown' ? '?' : b.mount.toUpperCase()}`,
    b.heal ? (b.heal.connected ? `heal ${b.heal.pending ?? '?'}/${b.heal.splitBrain ?? '?'}/${b.heal.possiblyHealing ?? '?'}` : `heal: ${b.heal.status}`) : '',
    b.onlineWhy ? `(${b.onlineWhy})` : '',
  ];
  return `    ${b.name}${b.arbiter ? ' (arbiter)' : ''}${b.transient ? ' (transient disk)' : ''}  ${parts.filter(Boolean).join('  ')}`;
}

export function reportToText(report: ClusterReport): string {
  const now = report.at;
  const lines: string[] = [];
  lines.push(
    `cluster ${report.verdict.toUpperCase()} (exit ${exitCodeFor(report.verdict)})${report.verdictReason ? `: ${report.verdictReason}` : ''} · ${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'} · ${report.volumes.length} volume${report.volumes.length === 1 ? '' : 's'}` +
      `${report.lastRefreshMs !== undefined ? ` · gathered in ${formatAge(report.lastRefreshMs)}` : ''}${report.primary ? ` via ${report.primary}` : ''} · ${new Date(now).toISOString()}`,
  );
  lines.push('hosts:');
  for (const h of report.hosts) {
    lines.push(`  ${h.name.padEnd(12)} ${h.address.padEnd(15)} ssh ${h.ssh.padEnd(7)} glusterd ${h.glusterd.padEnd(13)} ${h.ssh === 'down' ? h.sshError ?? '' : peersText(h)}`.trimEnd());
  }
  for (const p of report.strangers) lines.push(`  ${p.peer.padEnd(12)} (in the pool, not in the inventory; ${p.connected ? 'connected' : 'disconnected'})`);
  lines.push('volumes:');
  if (report.volumes.length === 0) lines.push('  none');
  for (const v of report.volumes) {
    const online = v.bricks.filter((b) => b.online === 'yes').length;
    const heal = v.heal
      ? v.heal.pending !== undefined
        ? `heal pending ${trendText(v.heal.pending, v.heal.trend)}, split-brain ${v.heal.splitBrain ?? '?'} (${sectionAgeText(v.heal.section, now)})`
        : v.heal.notAnswering
          ? `heal ${v.heal.pendingAtLeast ? `≥${v.heal.pendingAtLeast}` : '?'} (${v.heal.notAnswering} brick${v.heal.notAnswering === 1 ? '' : 's'} not answering)`
          : `heal ? (${sectionAgeText(v.heal.section, now)})`
      : '';
    lines.push(`  ${v.name}  ${v.type}  ${v.layout}  ${v.status}  ${v.verdict.toUpperCase()}  bricks ${online}/${v.bricks.length}  ${heal}`.trimEnd());
    const quorum = v.replicaCount > 1 ? `client quorum ${v.options.quorumType ?? '?'}` : '';
    lines.push(`    ${[quorum, `server quorum ${v.options.serverQuorumType ?? '?'}`, v.healed ? `self-heal daemon ${v.options.selfHealDaemon}` : ''].filter(Boolean).join(' · ')}`);
    for (const b of v.bricks) lines.push(brickLine(b));
    lines.push(`    ${capacityLine(v.capacity)}`, ...v.capacity.zones.map((z) => `      ${zoneLine(z)}`));
    if (v.selfHealDaemons && v.healed) lines.push(`    self-heal daemons: ${v.selfHealDaemons.map((d) => `${d.host} ${d.online ? 'up' : 'DOWN'}`).join(', ') || 'none running'}`);
  }
  lines.push('findings:');
  if (report.findings.length === 0) lines.push('  none: every host, brick and daemon is up and nothing waits for heal');
  for (const f of report.findings) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(9)} ${f.title}`);
    for (const e of f.explanation) lines.push(`            ${e}`);
    if (f.plan) {
      lines.push(`            fix (gluster-console panel, key f): ${f.plan.title}`);
      f.plan.steps.forEach((s, i) => lines.push(`              ${i + 1}. on ${s.host}: ${s.command.text}`));
    }
    for (const m of f.manual ?? []) lines.push(`            by hand: ${m}`);
  }
  return `${lines.join('\n')}\n`;
}

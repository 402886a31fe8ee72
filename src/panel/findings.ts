// Triage: what is wrong, in the operator's words, with the fix as a plan of
// exact commands where one is safe to run from here. Severity: down (data
// cannot be served), degraded (serving, but something is wrong), unknown
// (could not check), warning (worth knowing; health unaffected).
import { capacityFindings } from './capacity-findings.js';
import { clientMountFindings } from './client-findings.js';
import { hostFindings, peerFindings } from './host-findings.js';
import { healPlan, setOptionPlan, startVolumePlan, type Plan } from './plans.js';
import type { ClusterReport, Finding, HostReport, Severity } from './report.js';
import { sectionProblem } from './section-findings.js';
import { statusFor } from './analyze.js';
import { current } from './section.js';
import type { Snapshot } from './snapshot.js';
import { brickFindings, healFindings, quorumFindings } from './volume-findings.js';

const SEVERITY_ORDER: Record<Severity, number> = { down: 0, degraded: 1, unknown: 2, warning: 3 };

/** A host whose glusterd answers, to run cluster-wide gluster commands on. */
export function glusterHost(report: Pick<ClusterReport, 'hosts' | 'primary'>, prefer?: string): string | undefined {
  const usable = (h: HostReport | undefined) => h !== undefined && h.ssh === 'up' && h.glusterd === 'running';
  const preferred = report.hosts.find((h) => h.name === prefer);
  if (usable(preferred)) return preferred!.name;
  const primary = report.hosts.find((h) => h.name === report.primary);
  if (usable(primary)) return primary!.name;
  return report.hosts.find(usable)?.name;
}

export function buildFindings(s: Snapshot, report: ClusterReport): Finding[] {
  const findings: Finding[] = [];
  if (report.hosts.length === 0) {
    findings.push({ id: 'no-hosts', kind: 'no-hosts', severity: 'unknown', title: 'No hosts in the inventory', explanation: ['Import an inventory first.'] });
    return findings;
  }
  findings.push(...hostFindings(report, s));
  findings.push(...peerFindings(report));
  findings.push(...clientMountFindings(report, s));
  for (const [label, section] of [
    ['volume info', s.volumes],
    ['volume status', s.status],
  ] as const) {
    const problem = sectionProblem(label, section);
    if (problem) findings.push(problem);
  }
  const gHost = glusterHost(report);
  for (const v of report.volumes) {
    if (!v.started) {
      findings.push({
        id: `not-started:${v.name}`,
        kind: 'volume-not-started',
        severity: 'degraded',
        volume: v.name,
        title: `Volume ${v.name} is ${v.status.toLowerCase()}`,
        explanation: ['Clients cannot mount it and no brick runs.'],
        ...(gHost ? { plan: startVolumePlan(v.name, gHost) } : {}),
      });
      continue;
    }
    const info = current(s.volumes)?.find((x) => x.name === v.name);
    if (current(s.status) && info && !statusFor(s, info)) {
      findings.push({
        id: `status-silent:${v.name}`,
        kind: 'query-unknown',
        severity: 'unknown',
        volume: v.name,
        title: `volume status said nothing about ${v.name}: its bricks and self-heal daemons are unknown`,
        explanation: [
          `${v.name} is started, yet volume status (from ${s.status.source ?? 'the cluster'}) listed no brick or daemon of it: an answer that cannot be right, seen while another operation holds glusterd's lock. Not counted as down or healthy; asked again next refresh.`,
        ],
      });
    }
    findings.push(...quorumFindings(v));
    if (v.replicaCount > 1 && v.options.quorumType === 'none') {
      findings.push({
        id: `quorum-off:${v.name}`,
        kind: 'client-quorum-off',
        severity: 'warning',
        volume: v.name,
        title: `Client quorum is off on ${v.name}`,
        explanation: [
          'cluster.quorum-type is none: a replica set keeps accepting writes with any one brick, so bricks that go down in turns each take writes the others miss, and files end in split-brain. The default for replica 3 is auto (a majority of the set).',
        ],
        ...(gHost ? { plan: setOptionPlan(v.name, gHost, 'cluster.quorum-type', 'auto', 'writes then need a majority of each replica set; without it they fail with "Transport endpoint is not connected" instead of splitting the copies') } : {}),
      });
    }
    findings.push(...brickFindings(v, report, s, gHost));
    findings.push(...healFindings(v, report, s, gHost));
    findings.push(...capacityFindings(v));
  }
  if (report.volumes.length === 0 && s.volumes.state === 'ok') {
    findings.push({ id: 'no-volumes', kind: 'no-volumes', severity: 'warning', title: 'No volumes yet', explanation: ['The pool has no volume: create one (guided setup).'] });
  }
  const seen = new Set<string>();
  return findings
    .filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The heal plans for a volume, whether or not a finding offers them (h and H work on the highlighted volume). */
export function healPlanFor(report: ClusterReport, volume: string, full: boolean): Plan | { refused: string } {
  const v = report.volumes.find((x) => x.name === volume);
  if (!v) return { refused: `no volume ${volume}` };
  if (!v.healed) return { refused: `${volume} is ${v.type}: only replicate and disperse volumes heal` };
  if (!v.started) return { refused: `${volume} is not started` };
  const offline = v.bricks.filter((b) => b.online !== 'yes');
  if (offline.length > 0) return { refused: `brick${offline.length === 1 ? '' : 's'} ${offline.map((b) => b.name).join(', ')} ${offline.length === 1 ? 'is' : 'are'} not online: bring ${offline.length === 1 ? 'it' : 'them'} back first (gluster would refuse the heal)` };
  const host = glusterHost(report);
  if (!host) return { refused: 'no glusterd answers to run the heal on' };
  return healPlan(volume, host, { full, ...(v.options.selfHealDaemon === 'off' ? { enableShd: { disperse: v.disperseCount > 0 } } : {}) });
}


// Health in one word, per volume and for the cluster. Healthy only when
// nothing is wrong and nothing is unknown; a known problem outranks what could
// not be checked (a down brick is reported as such even if a query timed out).
import type { ClusterReport, Finding, Severity, Verdict } from './report.js';

const RANK: Record<Exclude<Severity, 'warning'> | 'healthy', number> = { healthy: 0, unknown: 1, degraded: 2, down: 3 };

export function worst(findings: readonly Pick<Finding, 'severity'>[]): Exclude<Verdict, 'unreachable'> {
  let verdict: Exclude<Verdict, 'unreachable'> = 'healthy';
  for (const f of findings) {
    if (f.severity === 'warning') continue;
    if (RANK[f.severity] > RANK[verdict]) verdict = f.severity;
  }
  return verdict;
}

export function volumeVerdict(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  return worst(findings);
}

export function clusterVerdict(report: Pick<ClusterReport, 'hosts' | 'findings'>): Verdict {
  if (report.hosts.length === 0) return 'unknown';
  if (report.hosts.every((h) => h.ssh === 'down')) return 'unreachable';
  return worst(report.findings);
}

/** For scripts and monitoring: 0 healthy, 1 degraded (or down), 2 unreachable or unknown. */
export function exitCodeFor(verdict: Verdict): 0 | 1 | 2 {
  switch (verdict) {
    case 'healthy':
      return 0;
    case 'degraded':
    case 'down':
      return 1;
    default:
      return 2;
  }
}

/** The finding that makes the verdict, in one line: quorum loss first among equals, as it stops I/O. */
export function verdictReason(report: Pick<ClusterReport, 'verdict' | 'findings'>): string | undefined {
  if (report.verdict === 'healthy') return undefined;
  if (report.verdict === 'unreachable') return 'no host answers over SSH';
  const deciding = report.findings.filter((f) => f.severity === report.verdict);
  const first = deciding.find((f) => f.kind === 'quorum-lost' || f.kind === 'server-quorum-lost') ?? deciding[0];
  if (!first) return undefined;
  return deciding.length > 1 ? `${first.title} (and ${deciding.length - 1} more)` : first.title;
}

// Findings about the volume's client mounts each host's fstab lists (what the
// guided setup made): missing, dead or not answering. Part of the cluster's
// health: a missing mount leaves applications writing to the root disk.
import { CLIENT_STAT_TIMEOUT_S, type ClientMount } from './client-mounts.js';
import { clientMountPlan, plainPath } from './plans.js';
import type { ClusterReport, Finding } from './report.js';
import { current } from './section.js';
import type { Snapshot } from './snapshot.js';

/** The volume a source like `localhost:/gv0` or `node1:gv0` names, when the cluster has it. */
function volumeOf(source: string, report: ClusterReport): string | undefined {
  const name = source.slice(source.lastIndexOf(':') + 1).replace(/^\//, '');
  return report.volumes.some((v) => v.name === name) ? name : undefined;
}

function fix(host: string, c: ClientMount): Pick<Finding, 'plan' | 'manual'> {
  if (!plainPath(c.target)) return { manual: [`on ${host}: mount the fstab line for ${JSON.stringify(c.target)} by hand`] };
  return { plan: clientMountPlan(host, c.target, c.state === 'dead') };
}

export function clientMountFindings(report: ClusterReport, s: Snapshot): Finding[] {
  const out: Finding[] = [];
  for (const h of report.hosts) {
    if (h.ssh !== 'up') continue;
    const probe = current(s.host[h.name]?.probe);
    if (!probe) continue;
    if (!probe.clients) {
      out.push({
        id: `client-unknown:${h.name}`,
        kind: 'client-mount-unknown',
        severity: 'unknown',
        host: h.name,
        title: `${h.name}: its client mounts could not be checked`,
        explanation: ['The probe ended before its check of the glusterfs lines of /etc/fstab: whether the volume is mounted there is unknown.'],
      });
      continue;
    }
    for (const c of probe.clients) {
      if (c.state === 'mounted') continue;
      const volume = volumeOf(c.source, report);
      const base = { host: h.name, ...(volume ? { volume } : {}) };
      if (c.state === 'not-mounted') {
        out.push({
          id: `client-unmounted:${h.name}:${c.target}`,
          kind: 'client-unmounted',
          severity: 'degraded',
          ...base,
          title: `${h.name}: ${c.target} is not mounted (applications would write to the root disk)`,
          explanation: [
            `/etc/fstab on ${h.name} mounts ${c.source} at ${c.target}, but nothing is mounted there: ${c.target} is a plain directory on the root filesystem. After a cold boot of every node this is typical of the first node up: its _netdev mount ran before its bricks did, and gave up.`,
            c.rootEntries
              ? `${c.rootEntries} entr${c.rootEntries === 1 ? 'y is' : 'ies are'} already in that directory on the root disk: the mount hides them; copy them into the volume afterwards (mount the root filesystem elsewhere to reach them).`
              : 'The directory underneath is empty: nothing was written to the root disk yet.',
          ],
          ...fix(h.name, c),
        });
      } else if (c.state === 'dead') {
        out.push({
          id: `client-dead:${h.name}:${c.target}`,
          kind: 'client-dead',
          severity: 'degraded',
          ...base,
          title: `${h.name}: ${c.target} is mounted but dead (${c.why ?? 'does not answer'})`,
          explanation: [
            `The glusterfs client process behind ${c.target} is gone: every access there fails. Unmounting it (lazily, as applications may hold files open) and mounting it again from /etc/fstab starts a new client.`,
          ],
          ...fix(h.name, c),
        });
      } else {
        out.push({
          id: `client-hung:${h.name}:${c.target}`,
          kind: 'client-not-answering',
          severity: 'unknown',
          ...base,
          title: `${h.name}: ${c.target} did not answer within ${CLIENT_STAT_TIMEOUT_S} s`,
          explanation: [
            `stat -f on ${c.target} did not return within ${CLIENT_STAT_TIMEOUT_S} s (a fixed bound of the console's probe, not a setting): the mount may be hung or just slow under load. Its state is unknown until it answers.`,
          ],
        });
      }
    }
  }
  return out;
}

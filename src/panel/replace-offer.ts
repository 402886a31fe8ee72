// The way out when a down host never comes back: if the inventory has a fresh
// host (it answers over SSH, is not in the pool, holds no brick), the "host
// down" finding names the replace command for it, and the console offers the
// same replace on its own screen (the finding's `replace`: r in the panel),
// run through src/replace/run.ts after the old host's name is typed.
import { cmd } from '../shell/command.js';
import type { ClusterReport } from './report.js';

/** Inventory hosts that could take a dead host's place: up, outside the pool, no brick. */
export function freshHosts(report: Pick<ClusterReport, 'hosts' | 'volumes'>): string[] {
  const holding = new Set(report.volumes.flatMap((v) => v.bricks.map((b) => b.host)));
  return report.hosts.filter((h) => h.ssh === 'up' && h.inPool !== true && !holding.has(h.name)).map((h) => h.name);
}

export function replaceOffer(report: Pick<ClusterReport, 'hosts' | 'volumes'>, down: string): { explanation: string; manual: string[]; fresh: string[] } | null {
  const bricks = report.volumes.flatMap((v) => v.bricks.filter((b) => b.host === down).map((b) => b.name));
  const all = freshHosts(report);
  const fresh = all[0];
  if (bricks.length === 0 || fresh === undefined) return null;
  return {
    explanation: `If ${down} is gone for good: ${fresh} is a fresh host of the inventory (it answers, is not in the pool, holds no brick). "gluster-console replace" prepares it, moves ${bricks.join(', ')} to it, heals to 0 pending and detaches ${down}; it refuses while ${down} is alive.`,
    manual: [`${cmd('gluster-console', 'replace', '--inventory', 'FILE', '--old', down, '--new', fresh, '--dry-run').text}   (FILE: the inventory with both hosts; without --dry-run it runs, after a typed confirmation)`],
    fresh: all,
  };
}

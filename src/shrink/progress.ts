// The shrink's words for people: the plan, the commands, migration progress
// per node. Pure text, shared by `gluster-console shrink` and the console.
import { formatBytes } from '../format-bytes.js';
import type { MigrationNode } from '../gluster/xml/migration-status.js';
import type { ShrinkPlan } from './plan.js';

/** "node4: in progress, 14 files moved (438 KiB), 34 scanned, 0 failures, 0 skipped, 19 s". */
export function describeMigrationNode(n: MigrationNode): string {
  return `${n.name}: ${n.statusName}, ${n.files} file${n.files === 1 ? '' : 's'} moved (${formatBytes(n.sizeBytes)}), ${n.lookups} scanned, ${n.failures} failure${n.failures === 1 ? '' : 's'}, ${n.skipped} skipped, ${Math.round(n.runtimeSeconds)} s`;
}

export function describePlan(plan: ShrinkPlan): string[] {
  if (plan.bricks.length === 0) return [`${plan.volume} (${plan.layoutBefore}) has no brick on these hosts`];
  const zones = Object.entries(plan.zonesAfter).map(([zone, hosts]) => `${zone}: ${hosts.join(', ')}`);
  return [
    `${plan.volume}: ${plan.layoutBefore} becomes ${plan.layoutAfter}; set${plan.sets.length === 1 ? '' : 's'} ${plan.sets.join(', ')} leave${plan.sets.length === 1 ? 's' : ''}:`,
    ...plan.bricks.map((b) => `  ${b}`),
    `hosts of ${plan.volume} left per zone: ${zones.join('; ') || 'none in the inventory'}`,
    ...plan.notes.map((n) => `note: ${n}`),
  ];
}

// Data migration as glusterd reports it: `volume rebalance VOL status` and
// `volume remove-brick VOL BRICKS status` share one status code per node
// (glusterd's gf_defrag_status_t), named here so no caller compares raw numbers.
import type { MigrationStatus } from './xml/migration-status.js';

export const MIGRATION_STATUS = {
  NOT_STARTED: 0,
  IN_PROGRESS: 1,
  STOPPED: 2,
  COMPLETED: 3,
  FAILED: 4,
  FIX_LAYOUT_IN_PROGRESS: 5,
  FIX_LAYOUT_STOPPED: 6,
  FIX_LAYOUT_COMPLETED: 7,
  FIX_LAYOUT_FAILED: 8,
} as const;

export type MigrationStatusCode = (typeof MIGRATION_STATUS)[keyof typeof MIGRATION_STATUS];

/** glusterd's own words for each code (its statusStr); used when the XML leaves statusStr out. */
export const MIGRATION_STATUS_NAMES: Record<number, string> = {
  0: 'not started',
  1: 'in progress',
  2: 'stopped',
  3: 'completed',
  4: 'failed',
  5: 'fix-layout in progress',
  6: 'fix-layout stopped',
  7: 'fix-layout completed',
  8: 'fix-layout failed',
};

export function migrationStatusName(code: number): string {
  return MIGRATION_STATUS_NAMES[code] ?? `status ${code}`;
}

const RUNNING = new Set<number>([MIGRATION_STATUS.IN_PROGRESS, MIGRATION_STATUS.FIX_LAYOUT_IN_PROGRESS]);
const FAILED = new Set<number>([MIGRATION_STATUS.FAILED, MIGRATION_STATUS.FIX_LAYOUT_FAILED]);
const STOPPED = new Set<number>([MIGRATION_STATUS.STOPPED, MIGRATION_STATUS.FIX_LAYOUT_STOPPED]);
const DONE = new Set<number>([MIGRATION_STATUS.COMPLETED, MIGRATION_STATUS.FIX_LAYOUT_COMPLETED]);

export const isMigrationRunning = (code: number): boolean => RUNNING.has(code);
export const isMigrationFailed = (code: number): boolean => FAILED.has(code);
export const isMigrationStopped = (code: number): boolean => STOPPED.has(code);
export const isMigrationCompleted = (code: number): boolean => DONE.has(code);

/**
 * The time-left estimate exists only in the plain-text status: GlusterFS 10.3's
 * --xml carries none (its CLI has the sentence, no XML element), and for the
 * first 10 minutes the text says the estimate is unavailable. Seconds, or
 * undefined when the text gives none.
 */
export function parseMigrationEstimate(plain: string): number | undefined {
  const m = /Estimated time left for (?:rebalance|remove-brick) to complete\s*:\s*(\d+):(\d{2}):(\d{2})/.exec(plain);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export type MigrationState = 'not-started' | 'running' | 'completed' | 'failed' | 'stopped';

export interface MigrationOutcome {
  state: MigrationState;
  /** Why, in gluster's words and counts: which nodes failed or stopped, how many files failed. */
  reason: string;
}

/**
 * Where a migration stands, judged node by node (the aggregate is a sum, not a
 * verdict). Completed only with every listed node completed and zero failures:
 * a "completed" node with failures left files behind, which is a failure here
 * (remove-brick commit would lose them; a rebalance left them misplaced).
 */
export function migrationOutcome(s: MigrationStatus): MigrationOutcome {
  if (!s.started) return { state: 'not-started', reason: s.message || `${s.kind} not started` };
  if (s.nodes.length === 0) return { state: 'running', reason: 'gluster lists no node yet' };
  const failures = s.nodes.reduce((n, node) => n + node.failures, 0);
  const failed = s.nodes.filter((n) => isMigrationFailed(n.status));
  const running = s.nodes.filter((n) => isMigrationRunning(n.status));
  const stopped = s.nodes.filter((n) => isMigrationStopped(n.status));
  const names = (ns: typeof s.nodes) => ns.map((n) => n.name).join(', ');
  if (failed.length > 0) return { state: 'failed', reason: `${s.kind} ${failed[0]!.statusName} on ${names(failed)} (${failures} file${failures === 1 ? '' : 's'} failed)` };
  if (running.length > 0) return { state: 'running', reason: `${running[0]!.statusName} on ${names(running)}` };
  if (stopped.length > 0) return { state: 'stopped', reason: `${s.kind} stopped on ${names(stopped)}` };
  if (failures > 0) {
    const where = s.nodes.filter((n) => n.failures > 0).map((n) => `${n.name}: ${n.failures}`).join(', ');
    return { state: 'failed', reason: `${s.kind} finished with ${failures} failed file${failures === 1 ? '' : 's'} (${where}); see the rebalance log on those nodes` };
  }
  const notDone = s.nodes.filter((n) => !isMigrationCompleted(n.status));
  if (notDone.length > 0) return { state: 'running', reason: `${notDone[0]!.statusName} on ${names(notDone)}` };
  return { state: 'completed', reason: `completed on ${names(s.nodes)}` };
}

// The goal of a heal from the panel (h: index heal, H: full heal). gluster's
// "Launching heal operation ... has been successful" only says the self-heal
// daemons were told; whether anything healed is in heal info, which the
// poller reads every refresh. So after the heal command the volume's heal
// state is read again, and "done" is said only when every brick answered with
// 0 entries and every brick's host runs its self-heal daemon. A large backlog
// takes far longer than the short wait here (HEAL_SETTLE_MS): then the
// outcome is progress ("N entries still pending (was M)"), or which brick's
// count is unknown, never success.
import type { Goal } from './fix.js';
import type { ClusterReport, VolumeReport } from './report.js';

/** What "done" says: the one state it is said for. */
export const HEAL_DONE = '0 entries pending on every brick';
/** How long a heal's check waits for the backlog to reach 0 before it reports progress. */
export const HEAL_SETTLE_MS = 30_000;
/** Between two reads of heal info while it waits (each is a refresh of the panel). */
export const HEAL_POLL_MS = 1000;

export interface HealGoalOptions {
  /** The clock heal info's answers are timed with (the poller's); default Date.now. */
  now?: () => number;
  settleMs?: number;
  pollMs?: number;
}

const entries = (n: number) => `${n} entr${n === 1 ? 'y' : 'ies'}`;

/**
 * What is still true of `volume`'s heal in `report`, or null when every brick
 * answered heal info with 0 (pending, possibly healing and split-brain) and a
 * self-heal daemon runs on every brick's host. `before`: the volume's pending
 * count when the heal was asked for (unknown: undefined).
 */
export function healStillUnmet(report: ClusterReport, volume: string, before: number | undefined): string | null {
  const v = report.volumes.find((x) => x.name === volume);
  if (!v) return `volume ${volume} is not in what the cluster says now`;
  const heal = v.heal;
  if (!heal) return `heal info of ${volume} was not read (${v.started ? 'volume info did not say how to heal it' : `${volume} is not started`})`;
  const was = before !== undefined ? ` (was ${before})` : '';
  const still: string[] = [];
  if (heal.state !== 'ok') {
    still.push(`heal info of ${volume} did not answer${heal.section.error ? ` (${heal.section.error.message})` : ''}: the counts are unknown`);
  } else {
    const silent = v.bricks.filter((b) => !b.heal?.connected || b.heal.pending === undefined).map((b) => b.name);
    if (silent.length === 1) still.push(`brick ${silent[0]} did not answer: its count is unknown`);
    else if (silent.length > 1) still.push(`bricks ${silent.join(', ')} did not answer: their counts are unknown`);
    if (heal.pending !== undefined) {
      if (heal.pending > 0) still.push(`${entries(heal.pending)} still pending${was}`);
    } else if ((heal.pendingAtLeast ?? 0) > 0) {
      still.push(`at least ${entries(heal.pendingAtLeast!)} still pending on the others${was}`);
    }
    if ((heal.possiblyHealing ?? 0) > 0) still.push(`${entries(heal.possiblyHealing!)} possibly healing`);
    if ((heal.splitBrain ?? 0) > 0) still.push(`${entries(heal.splitBrain!)} in split-brain, which a heal does not resolve (open the brick's entries)`);
  }
  still.push(...daemonsNotRunning(v));
  return still.length > 0 ? still.join('; ') : null;
}

/** Why the self-heal daemons cannot be counted on: turned off, unknown, or not running on a brick's host. */
function daemonsNotRunning(v: VolumeReport): string[] {
  if (v.options.selfHealDaemon === 'off') return [`the self-heal daemon of ${v.name} is turned off`];
  if (!v.selfHealDaemons) return ['whether the self-heal daemons run is unknown (volume status did not answer)'];
  const hosts = [...new Set(v.bricks.map((b) => b.host))].filter((h) => !v.selfHealDaemons!.some((d) => d.host === h && d.online));
  return hosts.length > 0 ? [`the self-heal daemon is not running on ${hosts.join(', ')}`] : [];
}

/**
 * The goal of healing `volume`, asked for while `report` was on screen. Done
 * needs heal info answered after the check began: the first check may share
 * the answer of a heal info begun before the heal command ran (the poller
 * does not start a section's query twice), so that one can show progress but
 * not "done".
 */
export function healGoalFor(report: ClusterReport, volume: string, options: HealGoalOptions = {}): Goal {
  const now = options.now ?? Date.now;
  const before = report.volumes.find((x) => x.name === volume)?.heal?.pending;
  let since: number | undefined;
  return {
    unmet(fresh) {
      since ??= now();
      const still = healStillUnmet(fresh, volume, before);
      if (still !== null) return still;
      const at = fresh.volumes.find((x) => x.name === volume)?.heal?.section.at;
      return at !== undefined && at > since ? null : `heal info of ${volume} has not been read again since the heal`;
    },
    settleMs: options.settleMs ?? HEAL_SETTLE_MS,
    pollMs: options.pollMs ?? HEAL_POLL_MS,
    words: { met: HEAL_DONE, unmet: (still) => `heal started; checking again: ${still}` },
  };
}

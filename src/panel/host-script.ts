// One exec per host and refresh: the probe (glusterd, init), `pool list` as
// the host sees it, and — once the bricks are known — the brick filesystem
// check. Each SSH exec costs a session, a login shell and a process tree on
// the host, and every gluster CLI call ~50 ms of CPU; the parts stay separate
// sections of the snapshot.
import { poolListXml } from '../gluster/commands.js';
import { sh, type Command } from '../shell/command.js';
import { brickMountsCommand } from './brick-mounts.js';
import { HOST_PROBE_COMMAND } from './host-probe.js';

const POOL = '@@gc-pool';
/**
 * A glusterd that runs but does not answer (frozen, deadlocked) would hold the
 * pool list, and with it the whole exec, until the SSH timeout: then the probe
 * (SSH up, glusterd running) would be lost too and the host look unreachable.
 * So the CLI gets this long; it answers in well under a second when glusterd
 * works. A fixed bound, not a setting.
 */
export const POOL_TIMEOUT_S = 10;
/** What `timeout -s KILL` exits with when it had to kill (128 + SIGKILL). */
export const KILLED_BY_TIMEOUT = 137;
const RC = '@@gc-rc=';
const MOUNTS = '@@gc-mounts';

export interface HostScriptParts {
  probe: string;
  /** What `gluster pool list --xml` printed (stdout and stderr) and its exit status. */
  pool?: { text: string; code: number };
  mounts?: string;
}

export function hostScriptCommand(mounts?: { paths: readonly string[]; devices: readonly string[] }, options: { pool?: boolean } = {}): Command {
  const probe = options.pool === false
    ? HOST_PROBE_COMMAND
    : sh`${HOST_PROBE_COMMAND}
echo ${POOL}
timeout -s KILL ${POOL_TIMEOUT_S} ${poolListXml()} 2>&1
echo ${RC}$?`;
  if (!mounts || mounts.paths.length === 0) return probe;
  return sh`${probe}
echo ${MOUNTS}
${brickMountsCommand(mounts.paths, mounts.devices)}`;
}

export function splitHostScript(stdout: string): HostScriptParts {
  const lines = stdout.split('\n');
  const at = (marker: string) => lines.indexOf(marker);
  const pool = at(POOL);
  const mounts = at(MOUNTS);
  const probeEnd = pool >= 0 ? pool : lines.length;
  const parts: HostScriptParts = { probe: lines.slice(0, probeEnd).join('\n') };
  if (pool >= 0) {
    const rcLine = lines.findIndex((l, i) => i > pool && l.startsWith(RC));
    const end = rcLine >= 0 ? rcLine : mounts >= 0 ? mounts : lines.length;
    parts.pool = { text: lines.slice(pool + 1, end).join('\n'), code: rcLine >= 0 ? Number(lines[rcLine]!.slice(RC.length)) : -1 };
  }
  if (mounts >= 0) parts.mounts = lines.slice(mounts + 1).join('\n');
  return parts;
}

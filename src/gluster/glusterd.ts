// Starting and stopping glusterd, in one place: the install step, the panel's
// "start glusterd" fix and the Peer Rejected recovery all use these. Where
// systemd runs, its unit; elsewhere (the lab, containers) glusterd daemonises
// itself and records its pid where Debian's unit does.
import { cmd, sh, type Command } from '../shell/command.js';

/** Where the lab and containers have no systemd: glusterd daemonises itself; the pid file is what Debian's unit uses. */
export const GLUSTERD_PID_FILE = '/run/glusterd.pid';

/** glusterd's own state: peers, volumes, its UUID (glusterd.info). */
export const GLUSTERD_STATE_DIR = '/var/lib/glusterd';

/** The CLI's words when glusterd does not answer (yet): right after a start, for a second or so. */
export const GLUSTERD_NOT_ANSWERING = /Connection failed\. Please check if gluster daemon is operational|Cannot connect to glusterd|Is glusterd running/i;

/**
 * systemd: true or false when known. Unknown (undefined): a command that asks
 * the host, for advice shown where the console could not tell (the setup's
 * probe step reads only peer status).
 */
export type Init = boolean | undefined;

export function startGlusterd(systemd: Init): Command {
  if (systemd === true) return cmd('systemctl', 'start', 'glusterd');
  const direct = cmd('glusterd', '-p', GLUSTERD_PID_FILE);
  if (systemd === false) return direct;
  return sh`if [ -d /run/systemd/system ]; then ${cmd('systemctl', 'start', 'glusterd')}; else ${direct}; fi`;
}

/** Start now and at every boot (systemd only). */
export function enableGlusterdNow(): Command {
  return cmd('systemctl', 'enable', '--now', 'glusterd');
}

/**
 * Stops glusterd and returns only once it is gone (systemctl stop waits by
 * itself; a signalled glusterd takes a moment). Brick and self-heal processes
 * are separate programs (glusterfsd, glusterfs) and keep running.
 */
export function stopGlusterd(systemd: Init): Command {
  const direct = sh`pkill -x glusterd; gone=no; for i in $(seq 1 100); do pidof glusterd >/dev/null || { gone=yes; break; }; sleep 0.1; done; [ "$gone" = yes ] || { echo 'glusterd did not stop within 10 s' >&2; false; }`;
  if (systemd === true) return cmd('systemctl', 'stop', 'glusterd');
  if (systemd === false) return direct;
  return sh`if [ -d /run/systemd/system ]; then ${cmd('systemctl', 'stop', 'glusterd')}; else ${direct}; fi`;
}

/** What a check prints (on stderr) for a glusterd it found not running, instead of asking it. */
export const GLUSTERD_NOT_RUNNING = 'glusterd is not running';

/** Whether a failed gluster command's output says glusterd is not there: the CLI's own words, or a check's GLUSTERD_NOT_RUNNING. */
export function saysGlusterdIsDown(output: string): boolean {
  return GLUSTERD_NOT_ANSWERING.test(output) || output.includes(GLUSTERD_NOT_RUNNING);
}

/**
 * A read that asks glusterd, only where glusterd runs: the CLI takes seconds to
 * give up on a glusterd that is not there (a fresh host before the install
 * step), and the answer is already known. Otherwise it fails at once, saying so.
 */
export function whereGlusterdRuns(command: Command): Command {
  return sh`if pidof glusterd >/dev/null 2>&1; then ${command}; else echo ${GLUSTERD_NOT_RUNNING} >&2; exit 1; fi`;
}

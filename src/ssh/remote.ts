// How a command is sent so that it can be stopped later. Checked against
// OpenSSH 9.2p1 (Debian bookworm): the channel "signal" request does not help.
// For root logins sshd refuses it ("session signalling requires privilege
// separation": root sessions run in the monitor), and for other users it does
// killpg() as that user, which cannot touch the root processes under sudo.
// So the command announces its process group first (sshd makes each exec
// session's shell a session and group leader: pgid = sid = $$), and to stop it
// we open a second channel and kill that group (and session) as root.
import { quote, sh, type Command } from '../shell/command.js';

const MARKER = '@gc-pgid:';

/** The text actually sent: announce $$ on stderr, then become the command (as root via sudo -n for other users). */
export function wrapCommand(command: Command, user: string, nonce: string): string {
  const announce = `printf '%s\\n' "${MARKER}${nonce}:$$" >&2`;
  return `${announce}; exec ${sudoPrefix(user)}sh -c ${quote(command.text)}`;
}

function sudoPrefix(user: string): string {
  return user === 'root' ? '' : 'sudo -n ';
}

/** A command run as root without the announce wrapper (for the kill itself). */
export function asRoot(command: Command, user: string): string {
  return user === 'root' ? command.text : `sudo -n sh -c ${quote(command.text)}`;
}

/**
 * Signals the group, then everything else in the session: a child that made
 * its own process group (timeout(1) does) is still in the session. pkill is
 * procps; where it is missing the group kill alone still runs.
 */
export function killCommand(pgid: number, signal: 'TERM' | 'KILL'): Command {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`refusing to signal process group ${pgid}`);
  return sh`kill -s ${signal} -- ${-pgid} 2>/dev/null; pkill -${signal} -s ${pgid} 2>/dev/null; true`;
}

/**
 * Exit 0 while anything of the command's process group or session is still
 * running. The channel closing says only that the wrapper shell ended: a child
 * that ignores SIGTERM outlives it (seen: a compound command whose `cp` was
 * stuck kept running after "stopped (SIGTERM)"). Zombies do not count: they
 * have ended, and an init that does not reap would keep them forever. Without
 * ps (procps), kill -0 on the group, which counts zombies too.
 */
export function groupAliveCommand(pgid: number): Command {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`refusing to probe process group ${pgid}`);
  return sh`if command -v ps >/dev/null 2>&1; then ps -eo pgid=,sid=,stat= | awk -v g=${pgid} '($1 == g || $2 == g) && $3 !~ /^Z/ { alive = 1 } END { exit !alive }'; else kill -0 -- ${-pgid} 2>/dev/null; fi`;
}

/**
 * Takes the announce line out of stderr. Anything a login shell prints before
 * it (a noisy .bashrc) passes through; nothing is held back longer than one
 * incomplete line, and after 64 KiB without the marker we stop looking.
 */
export class PgidFilter {
  pgid: number | undefined;
  private buffer = '';
  private done = false;
  private readonly pattern: RegExp;

  constructor(nonce: string) {
    this.pattern = new RegExp(`${MARKER}${nonce}:([0-9]+)\\n`);
  }

  push(text: string): string {
    if (this.done) return text;
    this.buffer += text;
    const m = this.pattern.exec(this.buffer);
    if (m) {
      this.pgid = Number(m[1]);
      this.done = true;
      const out = this.buffer.slice(0, m.index) + this.buffer.slice(m.index + m[0].length);
      this.buffer = '';
      return out;
    }
    if (this.buffer.length > 65536) return this.flush();
    const cut = this.buffer.lastIndexOf('\n') + 1;
    const out = this.buffer.slice(0, cut);
    this.buffer = this.buffer.slice(cut);
    return out;
  }

  /** The rest, when the stream ends. */
  flush(): string {
    this.done = true;
    const out = this.buffer;
    this.buffer = '';
    return out;
  }
}

export interface SudoProblem {
  kind: 'sudo-password' | 'config';
  message: string;
}

/** Recognises sudo refusing to run the command, as opposed to the command failing. */
export function sudoProblem(host: string, user: string, code: number | null, stderr: string): SudoProblem | undefined {
  if (user === 'root' || code === 0) return undefined;
  if (/^sudo: (a password is required|a terminal is required)/m.test(stderr)) {
    return {
      kind: 'sudo-password',
      message: `${host}: sudo asked ${user} for a password. This console runs commands through "sudo -n" and cannot type one: give ${user} passwordless sudo on ${host} (e.g. "${user} ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/), or log in as root.`,
    };
  }
  if (/^sudo: .*(is not in the sudoers file|is not allowed to execute|may not run sudo)/m.test(stderr)) {
    return {
      kind: 'sudo-password',
      message: `${host}: ${user} may not use sudo there. Give ${user} passwordless sudo on ${host} (e.g. "${user} ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/), or log in as root.`,
    };
  }
  if (code === 127 && /\bsudo: (command )?not found/.test(stderr)) {
    return {
      kind: 'config',
      message: `${host}: sudo is not installed, and ${user} is not root. Install sudo and give ${user} passwordless sudo, or set ssh.user to root in the inventory.`,
    };
  }
  return undefined;
}

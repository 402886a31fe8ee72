// Step 0's check of every host: can we log in, do we act as root (directly or
// through sudo -n), which OS, is GlusterFS installed, does systemd run. Read
// only; each host answers on its own, and one failing does not stop the others.
import { sh, type Command } from '../shell/command.js';
import { SshError, type Executor } from '../ssh/types.js';

export interface OsRelease {
  id: string;
  versionId: string;
  pretty: string;
}

export interface HostCheck {
  host: string;
  state: 'checking' | 'ok' | 'failed';
  /** The user commands effectively run as (root through sudo -n for other logins). */
  effectiveUser?: string;
  os?: OsRelease;
  /** e.g. "10.3"; null when glusterd is not installed. */
  glusterVersion?: string | null;
  systemd?: boolean;
  /** Why the host failed the check, in the operator's terms. */
  problem?: string;
}

export const HOST_CHECK_COMMAND: Command = sh`id -un
if [ -r /etc/os-release ]; then . /etc/os-release; fi
printf 'os=%s|%s|%s\n' "\${ID:-}" "\${VERSION_ID:-}" "\${PRETTY_NAME:-}"
if command -v glusterd >/dev/null 2>&1; then printf 'gluster=%s\n' "$(glusterd --version | head -n 1)"; else echo gluster=none; fi
if [ -d /run/systemd/system ]; then echo init=systemd; else echo init=other; fi`;

/** Parses what HOST_CHECK_COMMAND printed. */
export function parseHostCheck(host: string, stdout: string): HostCheck {
  const lines = stdout.split('\n');
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  const effectiveUser = lines[0]?.trim() ?? '';
  const [id = '', versionId = '', pretty = ''] = (value('os') ?? '').split('|');
  const gluster = value('gluster');
  const version = gluster && gluster !== 'none' ? (/([0-9]+(?:\.[0-9]+)+)/.exec(gluster)?.[1] ?? gluster) : null;
  const check: HostCheck = {
    host,
    state: 'ok',
    effectiveUser,
    os: { id, versionId, pretty: pretty || `${id} ${versionId}`.trim() || 'unknown OS' },
    glusterVersion: version,
    systemd: value('init') === 'systemd',
  };
  if (effectiveUser !== 'root') {
    return { ...check, state: 'failed', problem: `commands run as ${effectiveUser || 'an unknown user'}, not root: log in as root or give the user passwordless sudo` };
  }
  return check;
}

export async function checkHost(executor: Executor, host: string, signal?: AbortSignal): Promise<HostCheck> {
  try {
    const result = await executor.exec(host, HOST_CHECK_COMMAND, { timeoutMs: 20_000, ...(signal ? { signal } : {}) });
    if (result.code !== 0) {
      return { host, state: 'failed', problem: `the check exited ${result.code}: ${result.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
    }
    return parseHostCheck(host, result.stdout);
  } catch (err) {
    if (err instanceof SshError) return { host, state: 'failed', problem: err.message };
    throw err;
  }
}

/** Checks every host in parallel, reporting each as soon as it answers. */
export async function checkHosts(executor: Executor, hosts: string[], onResult: (check: HostCheck) => void, signal?: AbortSignal): Promise<HostCheck[]> {
  return Promise.all(
    hosts.map(async (host) => {
      const check = await checkHost(executor, host, signal);
      onResult(check);
      return check;
    }),
  );
}

/** Versions that differ between hosts are worth a warning before anything is installed or probed. */
export function glusterVersionSpread(checks: HostCheck[]): string[] {
  return [...new Set(checks.map((c) => c.glusterVersion).filter((v): v is string => typeof v === 'string'))].sort();
}

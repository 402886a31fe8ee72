// What the lab needs from this machine, checked before anything is created so
// that `lab up` either starts every node or changes nothing.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readListeners, portBlocker, type Listener } from './listeners.js';

/** Program → Debian package that provides it. */
export const REQUIRED_PROGRAMS: Record<string, string> = {
  unshare: 'util-linux',
  losetup: 'mount',
  mount: 'mount',
  tini: 'tini',
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  glusterd: 'glusterfs-server',
  gluster: 'glusterfs-server',
  'mount.glusterfs': 'glusterfs-client',
  'mkfs.xfs': 'xfsprogs',
  'mkfs.ext4': 'e2fsprogs',
  blkid: 'util-linux',
  flock: 'util-linux',
  nft: 'nftables',
};

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findProgram(name: string, pathEnv = process.env.PATH ?? ''): string | null {
  const dirs = [...pathEnv.split(delimiter).filter(Boolean), ...SEARCH_PATH];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

export interface Preflight {
  problems: string[];
  /** SSH port for the nodes: 22 unless something holds it on the wildcard address. */
  sshPort: number;
  notes: string[];
}

const ALTERNATE_SSH_PORTS = [2222, 2200, 10022, 20022];

/** Checks root, Linux, programs and ports for nodes at the given addresses. */
export function preflight(addresses: string[], listeners: Listener[] = readListeners()): Preflight {
  const problems: string[] = [];
  const notes: string[] = [];
  if (process.platform !== 'linux') problems.push(`the lab needs Linux namespaces; this is ${process.platform}`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    problems.push('the lab must run as root (it creates namespaces, loop devices and mounts): try sudo');
  }
  const missing = Object.entries(REQUIRED_PROGRAMS).filter(([program]) => !findProgram(program));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))];
    problems.push(
      `missing programs: ${missing.map(([p]) => p).join(', ')}\n    install them with: apt-get install -y ${packages.join(' ')}`,
    );
  }

  const glusterBlockers = addresses.map((a) => portBlocker(listeners, a, 24007)).filter((l): l is Listener => !!l);
  if (glusterBlockers.length > 0) {
    const b = glusterBlockers[0]!;
    problems.push(
      `port 24007 is already held on ${b.wildcard ? 'the wildcard address' : b.address} (${b.address}:${b.port}): ` +
        `the nodes' glusterd could not listen. Is a glusterd (or an earlier lab) running on this machine? ` +
        `Stop it first (for a system glusterd: systemctl stop glusterd, or kill it), then run lab up again.`,
    );
  }

  let sshPort = 22;
  const sshFree = (port: number) => addresses.every((a) => !portBlocker(listeners, a, port));
  if (!sshFree(22)) {
    const alternate = ALTERNATE_SSH_PORTS.find(sshFree);
    if (alternate === undefined) {
      problems.push('port 22 and the alternates are held on the nodes\' addresses: no port left for the nodes\' sshd');
    } else {
      const b = addresses.map((a) => portBlocker(listeners, a, 22)).find(Boolean)!;
      notes.push(`port 22 is held by a listener on ${b.address}; the nodes' sshd uses port ${alternate} (written in the inventory)`);
      sshPort = alternate;
    }
  }
  return { problems, sshPort, notes };
}

// Per host, every refresh: does glusterd run, is there systemd (how to start
// glusterd), is the gluster CLI there, are the volume's client mounts of its
// fstab mounted and answering. Read only and fast.
import { sh, type Command } from '../shell/command.js';
import { CLIENT_MOUNTS_COMMAND, parseClientMounts, type ClientMount } from './client-mounts.js';

export interface HostProbe {
  systemd: boolean;
  /** Changes when the host (or, in the lab, the node) boots again: the kernel's boot id and init's start time. */
  boot?: string;
  /** 'unknown' when neither pgrep nor pidof exists on the host. */
  glusterd: 'running' | 'stopped' | 'unknown';
  glusterCli: boolean;
  /** The glusterfs lines of its /etc/fstab and their state; undefined when that check did not run to its end. */
  clients?: ClientMount[];
}

export const HOST_PROBE_COMMAND: Command = sh`if [ -d /run/systemd/system ]; then echo init=systemd; else echo init=other; fi
if command -v pgrep >/dev/null 2>&1; then if pgrep -x glusterd >/dev/null 2>&1; then echo glusterd=running; else echo glusterd=stopped; fi
elif command -v pidof >/dev/null 2>&1; then if pidof glusterd >/dev/null 2>&1; then echo glusterd=running; else echo glusterd=stopped; fi
else echo glusterd=unknown; fi
if command -v gluster >/dev/null 2>&1; then echo cli=yes; else echo cli=no; fi
b=; s=; { read -r b < /proc/sys/kernel/random/boot_id; read -r s < /proc/1/stat; } 2>/dev/null; set -- $s; echo "boot=$b-\${22:-}"
${CLIENT_MOUNTS_COMMAND}`;

export function parseHostProbe(stdout: string): HostProbe {
  const value = (key: string) => stdout.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim();
  const glusterd = value('glusterd');
  const boot = value('boot');
  const clients = parseClientMounts(stdout);
  return {
    systemd: value('init') === 'systemd',
    ...(boot && boot !== '-' ? { boot } : {}),
    glusterd: glusterd === 'running' || glusterd === 'stopped' ? glusterd : 'unknown',
    glusterCli: value('cli') === 'yes',
    ...(clients ? { clients } : {}),
  };
}

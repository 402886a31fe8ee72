// The files that make a lab node look like a freshly booted cloud VM. Pure
// functions of the node's description, so they are easy to test and to read.

export interface LabDisk {
  /** Name inside the node, cloud-style: vdc (attached volume) or vdb (transient disk). */
  name: 'vdc' | 'vdb';
  /** Sparse backing file on the machine. */
  file: string;
  /** The loop device, e.g. /dev/loop3 (the node sees it under both names). */
  loop: string;
  major: number;
  minor: number;
}

export interface LabNodeSpec {
  index: number;
  name: string;
  address: string;
  sshPort: number;
  zone: string;
  /** Volume-less zone: only a transient disk, ext4 'ephemeral0' mounted at /mnt. */
  volumeless: boolean;
  disks: LabDisk[];
}

/** Sourced by node-init.sh. Values are plain words (names, numbers), never operator text. */
export function nodeEnv(node: LabNodeSpec): string {
  const disks = node.disks.map((d) => `${d.name}:${d.major}:${d.minor}:${d.loop.replace('/dev/', '')}`).join(' ');
  return [`NODE_NAME=${node.name}`, `NODE_ADDR=${node.address}`, `SSH_PORT=${node.sshPort}`, `DISKS="${disks}"`, ''].join('\n');
}

/** Inside the node's own /etc, readable by every user sshd authenticates (it reads the file as the user). */
export const LAB_AUTHORIZED_KEYS = '/etc/ssh/lab_authorized_keys';

export function sshdConfig(node: LabNodeSpec, nodeDir: string): string {
  return `# sshd of lab node ${node.name}: written by gluster-console lab
ListenAddress ${node.address}:${node.sshPort}
HostKey ${nodeDir}/ssh_host_ed25519_key
AuthorizedKeysFile .ssh/authorized_keys ${LAB_AUTHORIZED_KEYS}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
# PAM would try the machine's session setup (systemd, limits) in a namespace that has none.
UsePAM no
# The lab directory may live under a world-writable parent such as /tmp in tests.
StrictModes no
PidFile /run/sshd.pid
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
`;
}

/**
 * The machine's glusterd.vol plus a bind address: each node's glusterd then
 * listens on its own loopback address and passes it on to its bricks.
 */
export function glusterdVol(machineVol: string, address: string): string {
  const lines = machineVol.split('\n').filter((l) => !/^\s*option\s+transport\.socket\.bind-address\s/.test(l));
  const at = lines.findIndex((l) => /^\s*option\s+transport-type\s/.test(l));
  const option = `    option transport.socket.bind-address ${address}`;
  if (at >= 0) lines.splice(at + 1, 0, option);
  else {
    const end = lines.findIndex((l) => /^\s*end-volume/.test(l));
    lines.splice(end >= 0 ? end : lines.length, 0, option);
  }
  return lines.join('\n');
}

/**
 * A fresh VM knows only itself. `localhost` maps to the node's own address
 * because in the lab that is the node's loopback: the FUSE client of
 * `mount -t glusterfs localhost:/VOL` must reach this node's glusterd.
 */
export function etcHosts(node: LabNodeSpec): string {
  return `# /etc/hosts of lab node ${node.name}: the peers are not here yet, as on a fresh VM
${node.address}\tlocalhost
${node.address}\t${node.name}
::1\tlocalhost ip6-localhost ip6-loopback
`;
}

/** What cloud-init leaves: nothing, or the transient disk at /mnt. */
export function etcFstab(node: LabNodeSpec): string {
  const lines = ['# /etc/fstab of a lab node: <file system> <mount point> <type> <options> <dump> <pass>'];
  if (node.volumeless) {
    lines.push('/dev/vdb\t/mnt\tauto\tdefaults,nofail,x-systemd.after=cloud-init.service,comment=cloudconfig\t0\t2');
  }
  return `${lines.join('\n')}\n`;
}

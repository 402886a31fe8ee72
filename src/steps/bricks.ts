// Step 3, bricks: on each host the device the inventory names (never another:
// in containers and the lab every disk of the machine is visible) becomes an
// XFS filesystem (inode size 512, room for gluster's xattrs), mounted at the
// brick mount, persisted in /etc/fstab by UUID with nofail; the brick is a
// subdirectory of the mount, so an unmounted disk never lets gluster write to
// the root filesystem. Which subdirectory is the brick depends on the volumes
// that exist (brick-path.ts): the check reads volume info for that, and an
// existing volume's brick is never moved.
//
// Volume-less zones: the brick falls back to the transient disk (cloud-init's
// ephemeral0, ext4 mounted at /mnt). Its data is lost whenever the VM stops or
// is resized. The console does not put the brick in a directory of that ext4:
// it unmounts /mnt, drops its fstab line and formats the disk like any other
// brick, after the operator types the host name. So every brick is the same
// XFS at the same path, and when the VM comes back with a blank disk the UUID
// line does not mount (nofail), the brick directory is missing and glusterd
// refuses to start that brick instead of filling the root disk; running the
// bricks step again prepares the new disk.
import { randomUUID } from 'node:crypto';
import type { Inventory, InventoryHost } from '../config/inventory.js';
import { cmd, sh, and, type Command } from '../shell/command.js';
import { printable } from '../config/validate.js';
import { lineDiff, linesOf, parseReadFile, readFaithfully, readFileCommand, replaceFileCommand, textOf, type FileFacts } from './file-edit.js';
import { volumeInfoXml } from '../gluster/commands.js';
import { GLUSTERD_STATE_DIR } from '../gluster/glusterd.js';
import { parseVolumeInfo, type VolumeInfo } from '../gluster/xml/index.js';
import { brickCandidates, brickPlace, knownVolumes, type BrickPlace } from './brick-path.js';
import type { SetupIntent } from './intent.js';
import { systemPathProblem } from './mount-point.js';
import { readHosts } from './read.js';
import { parseSections, section, sections } from './sections.js';
import type { CheckResult, Destruction, HostPlan, PlanItem, StepContext, StepDefinition, StepPlan } from './types.js';

export const FSTAB = '/etc/fstab';

export interface BlockNode {
  name: string;
  majMin: string;
  type: string;
  sizeBytes: number | null;
  mountpoint: string | null;
  children: BlockNode[];
}

export interface Signature {
  type: string;
  offset: string;
  label?: string;
  uuid?: string;
}

export interface BrickFacts {
  device: string;
  transient: boolean;
  /** 'block', 'other' (exists but is no block device) or 'missing'. */
  kind: 'block' | 'other' | 'missing';
  majMin: string;
  holders: string[];
  rootMajMin: string;
  /** The disk holding the root partition, when root is on a partition. */
  rootDiskMajMin: string;
  /** The device and what lsblk shows below it (partitions, LVM). */
  tree: BlockNode | null;
  signatures: Signature[];
  /** blkid -p of the whole device. */
  fsType: string;
  fsUuid: string;
  fsLabel: string;
  ptType: string;
  /** What is mounted at the brick mount now. */
  mounted: { source: string; majMin: string; fstype: string } | null;
  /** The candidate brick directories (brick-path.ts): whether each exists. */
  brickDirs: Record<string, boolean>;
  /** The volumes this host's glusterd knows; [] when gluster is not installed; null when glusterd does not answer. */
  volumes: VolumeInfo[] | null;
  /** What is at the brick mount directory itself (a mount over a non-empty directory hides what it holds). */
  mountDir: MountDirFacts;
  fstab: FileFacts;
  /** A fresh UUID for a new filesystem, drawn by the check so the plan (and its fstab line) can be exact. */
  newUuid: string;
}

export interface MountDirFacts {
  /** 'unknown': the check did not say (treated as unfit). */
  kind: 'absent' | 'dir' | 'mounted' | 'other' | 'unknown';
  /** dir: how many entries, and the first few names (as `ls -b` escapes them). */
  entries: number;
  names: string[];
  /** other: its file type; absent: the nearest existing ancestor when that is no directory. */
  what: string;
  /** The path with every symbolic link resolved ('' when it cannot be). */
  real: string;
}

export type BricksCheck = CheckResult<Record<string, BrickFacts>>;

export function brickDevice(host: InventoryHost): { device: string; transient: boolean } | null {
  if (host.device) return { device: host.device, transient: false };
  if (host.transientDevice) return { device: host.transientDevice, transient: true };
  return null;
}

// ---- reading the host -------------------------------------------------------

/** Section names of the candidate brick directories: `brickdir` for the first volume's, `brickdir.own` for the volume's own. */
function brickDirSections(intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>): Array<[string, string]> {
  return brickCandidates(intent).map((path, i) => [i === 0 ? 'brickdir' : 'brickdir.own', path]);
}

export function bricksCheckCommand(device: string, intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>) {
  return sections(
    section('dev', sh`d=${device}
if [ -b "$d" ]; then
  mm=$(printf '%d:%d' "0x$(stat -L -c %t "$d")" "0x$(stat -L -c %T "$d")")
  echo "block $mm"
  echo "holders $(ls "/sys/dev/block/$mm/holders" 2>/dev/null | tr '\\n' ' ')"
elif [ -e "$d" ]; then echo other; else echo missing; fi
r=$(findmnt -n -o MAJ:MIN /)
echo "root $r"
if [ -e "/sys/dev/block/$r/partition" ]; then echo "rootdisk $(cat "/sys/dev/block/$r/../dev")"; fi`),
    section('lsblk', sh`if [ -b ${device} ]; then ${cmd('lsblk', '--json', '-b', '-o', 'NAME,MAJ:MIN,TYPE,SIZE,MOUNTPOINT', device)}; fi`),
    section('wipefs', sh`if [ -b ${device} ]; then ${cmd('wipefs', '-n', '-J', device)}; fi`),
    section('blkid', sh`if [ -b ${device} ]; then ${cmd('blkid', '-p', '-o', 'export', device)}; fi`),
    section('mount', cmd('findmnt', '-J', '-o', 'SOURCE,MAJ:MIN,FSTYPE,TARGET', '--mountpoint', intent.brickMount)),
    ...brickDirSections(intent).map(([name, path]) => section(name, sh`if [ -d ${path} ]; then echo yes; else echo no; fi`)),
    // Before the install step there is no gluster, so no volume: that is an answer, unlike a glusterd that does not reply.
    // So is glusterd's store with no volume and no peer in it (a fresh host, glusterd running or not: it keeps
    // every volume it knows there before it answers, and learns one only from a peer): the bricks step need not
    // wait for the install step to start glusterd, nor for a glusterd that is still starting.
    section('info', sh`if ! command -v gluster >/dev/null 2>&1; then echo ${NO_GLUSTER}
elif [ -z "$(find ${`${GLUSTERD_STATE_DIR}/vols`} ${`${GLUSTERD_STATE_DIR}/peers`} -mindepth 1 -maxdepth 1 2>/dev/null | head -n 1)" ]; then echo ${NO_GLUSTER_STATE}
else ${volumeInfoXml()}; fi`),
    section('mountdir', sh`m=${intent.brickMount}
if [ -d "$m" ]; then
  if mountpoint -q "$m"; then echo mounted
  else echo "entries $(ls -A1b "$m" | wc -l)"; ls -A1b "$m" | head -n ${String(SHOWN_ENTRIES)} | sed 's/^/name /'; fi
elif [ -e "$m" ] || [ -L "$m" ]; then echo "other $(stat -c %F "$m")"
else
  p=$m; while [ ! -e "$p" ] && [ ! -L "$p" ]; do p=$(dirname "$p"); done
  if [ -d "$p" ]; then echo absent; else echo "absent $p is a $(stat -c %F "$p")"; fi
fi
echo "real $(readlink -m "$m")"`),
    section('fstab', readFileCommand(FSTAB)),
  );
}

function toBlockNode(raw: Record<string, unknown>): BlockNode {
  const size = raw.size;
  return {
    name: String(raw.name ?? ''),
    majMin: String(raw['maj:min'] ?? ''),
    type: String(raw.type ?? ''),
    sizeBytes: typeof size === 'number' ? size : typeof size === 'string' && /^[0-9]+$/.test(size) ? Number(size) : null,
    mountpoint: typeof raw.mountpoint === 'string' ? raw.mountpoint : null,
    children: Array.isArray(raw.children) ? (raw.children as Record<string, unknown>[]).map(toBlockNode) : [],
  };
}

function json(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const NO_GLUSTER = 'no-gluster';
const NO_GLUSTER_STATE = 'no-glusterd-state';

function parseVolumes(text: string | undefined): VolumeInfo[] | null {
  if (text === undefined) return null;
  if (text.trim() === NO_GLUSTER || text.trim() === NO_GLUSTER_STATE) return [];
  try {
    return parseVolumeInfo(text);
  } catch {
    return null;
  }
}

export function parseBricksCheck(stdout: string, device: string, transient: boolean, newUuid: string, intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>): BrickFacts {
  const s = parseSections(stdout);
  const dev = linesOf(s.dev?.text ?? '');
  const word = (key: string) => dev.find((l) => l.startsWith(`${key} `) || l === key)?.slice(key.length + 1).trim() ?? '';
  const kind = dev.some((l) => l.startsWith('block')) ? 'block' : dev.includes('other') ? 'other' : 'missing';
  const lsblk = json(s.lsblk?.text ?? '');
  const first = Array.isArray(lsblk?.blockdevices) ? (lsblk!.blockdevices as Record<string, unknown>[])[0] : undefined;
  const wipefs = json(s.wipefs?.text ?? '');
  const signatures: Signature[] = (Array.isArray(wipefs?.signatures) ? (wipefs!.signatures as Record<string, unknown>[]) : []).map((sig) => ({
    type: String(sig.type ?? ''),
    offset: String(sig.offset ?? ''),
    ...(typeof sig.label === 'string' && sig.label ? { label: sig.label } : {}),
    ...(typeof sig.uuid === 'string' && sig.uuid ? { uuid: sig.uuid } : {}),
  }));
  const blkid = Object.fromEntries(linesOf(s.blkid?.text ?? '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const found = json(s.mount?.text ?? '');
  const fs = Array.isArray(found?.filesystems) ? (found!.filesystems as Record<string, unknown>[])[0] : undefined;
  return {
    device,
    transient,
    kind,
    majMin: word('block'),
    holders: word('holders').split(/\s+/).filter(Boolean),
    rootMajMin: word('root'),
    rootDiskMajMin: word('rootdisk'),
    tree: first ? toBlockNode(first) : null,
    signatures,
    fsType: blkid.TYPE ?? '',
    fsUuid: blkid.UUID ?? '',
    fsLabel: blkid.LABEL ?? '',
    ptType: blkid.PTTYPE ?? '',
    mounted: fs ? { source: String(fs.source ?? ''), majMin: String(fs['maj:min'] ?? ''), fstype: String(fs.fstype ?? '') } : null,
    brickDirs: Object.fromEntries(brickDirSections(intent).filter(([name]) => s[name] !== undefined).map(([name, path]) => [path, s[name]!.text.trim() === 'yes'])),
    volumes: parseVolumes(s.info?.text),
    mountDir: parseMountDir(s.mountdir?.text),
    fstab: parseReadFile(FSTAB, s.fstab?.text ?? ''),
    newUuid,
  };
}

const SHOWN_ENTRIES = 5;

export function parseMountDir(text: string | undefined): MountDirFacts {
  const lines = linesOf(text ?? '');
  const rest = (key: string) => lines.find((l) => l === key || l.startsWith(`${key} `))?.slice(key.length + 1) ?? null;
  const real = rest('real') ?? '';
  const base = { entries: 0, names: [] as string[], what: '', real };
  // Without its last line the answer was cut short: nothing in it can be trusted.
  if (text === undefined || rest('real') === null) return { ...base, kind: 'unknown' };
  if (lines.includes('mounted')) return { ...base, kind: 'mounted' };
  const entries = rest('entries');
  if (entries !== null) {
    const n = Number(entries);
    if (!/^[0-9]+$/.test(entries.trim())) return { ...base, kind: 'unknown' };
    return { ...base, kind: 'dir', entries: n, names: lines.filter((l) => l.startsWith('name ')).map((l) => l.slice(5)) };
  }
  const other = rest('other');
  if (other !== null) return { ...base, kind: 'other', what: other };
  const absent = rest('absent');
  if (absent !== null) return { ...base, kind: 'absent', what: absent };
  return { ...base, kind: 'unknown' };
}

// ---- fstab ----------------------------------------------------------------------

export interface FstabLine {
  text: string;
  source?: string;
  target?: string;
  fstype?: string;
  options?: string;
}

export function parseFstabLine(text: string): FstabLine {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { text };
  const [source, target, fstype, options] = trimmed.split(/\s+/);
  return { text, ...(source ? { source } : {}), ...(target ? { target: target.replace(/\\040/g, ' ') } : {}), ...(fstype ? { fstype } : {}), ...(options ? { options } : {}) };
}

/**
 * fstab with `wanted` as the only line for its mount point (a stale line for
 * the same mount point is replaced in place, not appended to) and without the
 * lines for `drop` mount points.
 */
export function fstabWith(current: readonly string[], wanted: string, drop: readonly string[] = []): string[] {
  const target = parseFstabLine(wanted).target!;
  const out: string[] = [];
  let placed = false;
  for (const text of current) {
    const line = parseFstabLine(text);
    if (line.target !== undefined && drop.includes(line.target)) continue;
    if (line.target === target) {
      if (!placed) out.push(text === wanted ? text : wanted);
      placed = true;
      continue;
    }
    out.push(text);
  }
  if (!placed) out.push(wanted);
  return out;
}

export function brickFstabLine(uuid: string, intent: Pick<SetupIntent, 'brickMount'>): string {
  return `UUID=${uuid} ${intent.brickMount} xfs defaults,nofail 0 0`;
}

// ---- the commands that make a brick (also written into the Heat template's cloud-config, src/heat/) ----

/** The brick filesystem: XFS with 512-byte inodes (room for gluster's xattrs), with the UUID its fstab line names. */
export function brickMkfsCommand(device: string, uuid: string): Command {
  return cmd('mkfs.xfs', '-i', 'size=512', '-m', `uuid=${uuid}`, device);
}

/** Erases every signature on the device (only after the typed confirmation, or on a fresh VM's transient disk). */
export function brickWipeCommand(device: string): Command {
  return cmd('wipefs', '-a', device);
}

/** The mount point, then the mount through its fstab line (so a line that does not work fails here, not at the next boot). */
export function brickMountCommands(brickMount: string): [Command, Command] {
  return [cmd('mkdir', '-p', brickMount), cmd('mount', brickMount)];
}

/** The brick directory, made only once the brick filesystem is mounted, so it never lands on the root disk. */
export function brickDirCommand(brickMount: string, dir: string): Command {
  return and(cmd('mountpoint', '-q', brickMount), cmd('mkdir', '-p', dir));
}

// ---- the plan ---------------------------------------------------------------------

function walk(node: BlockNode | null): BlockNode[] {
  return node ? [node, ...node.children.flatMap(walk)] : [];
}

export function describeContents(f: BrickFacts): string {
  const parts: string[] = [];
  if (f.fsType) parts.push(`${f.fsType}${f.fsLabel ? ` "${f.fsLabel}"` : ''}`);
  if (f.ptType) parts.push(`a ${f.ptType} partition table`);
  const others = f.signatures.filter((s) => s.type !== f.fsType && s.type !== f.ptType).map((s) => s.type);
  if (others.length > 0) parts.push(`signatures ${[...new Set(others)].join(', ')}`);
  const mounts = walk(f.tree).map((n) => n.mountpoint).filter((m): m is string => m !== null);
  if (mounts.length > 0) parts.push(`mounted at ${mounts.join(', ')}`);
  return parts.join(', ') || 'nothing';
}

/**
 * Why the brick mount on this host is no place to mount the brick filesystem,
 * or null: it may be absent, an empty directory, or already the mount of this
 * host's brick device (a finished or resumed setup).
 */
export function mountPointProblem(host: string, f: BrickFacts, intent: Pick<SetupIntent, 'brickMount'>): string | null {
  const mnt = intent.brickMount;
  const d = f.mountDir;
  const at = `${mnt} on ${host}`;
  if (f.mounted) {
    if (f.kind === 'block' && f.mounted.majMin === f.majMin) return null;
    return `${at} already has ${f.mounted.source} mounted (a mount of another device, not ${f.device}): unmount it or choose another brick mount`;
  }
  if (d.kind === 'unknown') return `the check did not say what is at ${at}: check again`;
  if (d.real === '' || d.real !== mnt) {
    const real = d.real || '(a path that does not resolve)';
    const system = d.real ? systemPathProblem(d.real) : null;
    return `${at} leads to ${real} through a symbolic link${system ? ` (${system})` : ''}: give the real directory as the brick mount`;
  }
  if (d.kind === 'mounted') return `${at} is a mount point the check could not identify: unmount it or choose another brick mount`;
  if (d.kind === 'other') return `${at} is a ${d.what || 'file'}, not a directory: remove it or choose another brick mount`;
  if (d.kind === 'absent' && d.what) return `${at} cannot be made: ${d.what}`;
  if (d.kind === 'dir' && d.entries > 0) {
    const shown = d.names.map((n) => printable(n)).join(', ');
    const more = d.entries > d.names.length ? `, and ${d.entries - d.names.length} more` : '';
    return `${at} is not empty (${d.entries} ${d.entries === 1 ? 'entry' : 'entries'}: ${shown}${more}): mounting the brick over it would hide ${d.entries === 1 ? 'it' : 'them'}; move ${d.entries === 1 ? 'it' : 'them'} away or choose another brick mount`;
  }
  return null;
}

export function planBricksForHost(host: string, f: BrickFacts, intent: SetupIntent, place: BrickPlace = brickPlace(host, intent, f.volumes, { hosts: [] })): HostPlan {
  const plan: HostPlan = { host, items: [], notes: [] };
  const blocked = (why: string): HostPlan => ({ ...plan, blocked: why });
  const item = (command: PlanItem['command'], why: string, long = false): PlanItem => ({ host, command, why, ...(long ? { long } : {}) });
  const dev = f.device;
  const mnt = intent.brickMount;
  if (f.transient) {
    plan.notes.push(
      `${host} has no attached volume: its brick is on the transient disk ${dev}. Its data is LOST whenever the VM is stopped, deallocated or resized; a replica set must never consist of transient bricks only.`,
    );
  }
  if (!readFaithfully(f.fstab)) return blocked(`${FSTAB} holds bytes that are not UTF-8: edit it by hand`);
  const fstab = linesOf(f.fstab.text);

  const unfit = mountPointProblem(host, f, intent);
  if (unfit) return blocked(unfit);
  if (place.kind === 'refused') return blocked(place.why);

  let uuid: string;
  let dropTargets: string[] = [];
  if (f.mounted) {
    if (f.mounted.fstype !== 'xfs') plan.notes.push(`${dev} at ${mnt} is ${f.mounted.fstype}, not XFS; it is used as it is`);
    if (!f.fsUuid) return blocked(`${dev} is mounted at ${mnt} but blkid finds no filesystem UUID on it, so no fstab line by UUID can be written`);
    uuid = f.fsUuid;
  } else {
    if (f.kind === 'missing') return blocked(`${dev} does not exist on ${host}: check the device in the inventory (lsblk lists the disks)`);
    if (f.kind === 'other') return blocked(`${dev} is not a block device`);
    if (f.majMin && (f.majMin === f.rootMajMin || f.majMin === f.rootDiskMajMin)) return blocked(`${dev} is the root disk: it is never formatted`);
    if (f.holders.length > 0) return blocked(`${dev} is in use by ${f.holders.join(', ')} (LVM, RAID or encryption): it is never formatted`);
    const nodes = walk(f.tree);
    if (nodes.some((n) => n.mountpoint === '[SWAP]')) return blocked(`${dev} is used as swap: it is never formatted`);
    const mounts = nodes.map((n) => n.mountpoint).filter((m): m is string => m !== null);
    if (nodes.some((n) => n.majMin === f.rootMajMin) || mounts.includes('/')) return blocked(`${dev} holds the root filesystem: it is never formatted`);
    const wholeXfs = f.fsType === 'xfs' && !f.ptType && nodes.length <= 1;
    if (wholeXfs && mounts.length === 0) {
      // Most likely our own filesystem from a run cut short after mkfs: mount it, do not format it again.
      uuid = f.fsUuid;
      plan.notes.push(`${dev} already holds an XFS filesystem (UUID ${uuid}): it is mounted as it is, not formatted (for an empty brick, wipe it yourself first: wipefs -a ${dev})`);
    } else if (f.signatures.length === 0 && !f.fsType && !f.ptType && mounts.length === 0 && nodes.length <= 1) {
      uuid = f.newUuid;
      plan.items.push(item(brickMkfsCommand(dev, uuid), `make the brick filesystem on the empty ${dev} (XFS, 512-byte inodes for gluster's xattrs)`, true));
    } else {
      const holds = describeContents(f);
      if (mounts.length > 0 && !f.transient) {
        return blocked(`${dev} is mounted at ${mounts.join(', ')}: the console does not unmount an attached volume; if its data may go, unmount it yourself and check again`);
      }
      if (nodes.length > 1 && mounts.length > 0) return blocked(`${dev} has partitions in use (${mounts.join(', ')}): unmount them yourself if their data may go`);
      // cloud-init mounts the transient disk at /mnt (that is why /mnt is in the list); anywhere else among the system's directories, it is not ours to unmount.
      const system = mounts.filter((m) => m !== '/mnt' && systemPathProblem(m) !== null);
      if (system.length > 0) return blocked(`${dev} is mounted at the system directory ${system.join(', ')}: the console never unmounts that; if its data may go, unmount it yourself and check again`);
      uuid = f.newUuid;
      dropTargets = mounts;
      const lines = [
        `${dev} on ${host} holds ${holds}.`,
        ...(f.transient
          ? [
              `${host} is in a zone without volumes: its brick falls back to this transient disk, whose data is lost whenever the VM is stopped or resized.`,
              'A replica set must never consist of transient bricks only.',
            ]
          : []),
        ...(mounts.length > 0 ? [`The console unmounts ${mounts.join(', ')} and removes ${mounts.length === 1 ? 'its line' : 'their lines'} from ${FSTAB}.`] : []),
        `Then ${dev} is wiped and formatted as XFS: EVERYTHING ON IT IS DESTROYED.`,
      ];
      const destroys: Destruction = { device: dev, holds, lines };
      plan.destroys = destroys;
      for (const m of mounts) plan.items.push(item(cmd('umount', m), `unmount ${m} (the ${f.transient ? 'transient disk' : 'device'}'s current mount)`));
      plan.items.push(item(brickWipeCommand(dev), `erase the signatures on ${dev} (${holds.replace(/, mounted at .*/, '')})`));
      plan.items.push(item(brickMkfsCommand(dev, uuid), `make the brick filesystem on ${dev} (XFS, 512-byte inodes)`, true));
    }
  }

  const wantedLine = brickFstabLine(uuid, intent);
  const desired = fstabWith(fstab, wantedLine, dropTargets);
  const diff = lineDiff(fstab, desired);
  if (diff.length > 0) {
    plan.items.push(item(replaceFileCommand(f.fstab, textOf(desired)), `${FSTAB}: mount ${mnt} by UUID with nofail at boot (backup next to it)`));
    plan.notes.push(...diff.map((d) => `${FSTAB} ${d}`));
  }
  if (!f.mounted) {
    const [mountPoint, mount] = brickMountCommands(mnt);
    plan.items.push(item(mountPoint, `the brick mount point ${mnt}`));
    plan.items.push(item(mount, `mount ${dev} at ${mnt} through its ${FSTAB} line`));
  }
  const vol = intent.volumeName;
  if (place.kind === 'unknown') {
    plan.waiting = `glusterd answers on no host, so which directory under ${mnt} is ${vol}'s brick is not known yet (another volume may have ${mnt}/brick): finish the install step`;
  } else if (place.kind === 'existing') {
    if (place.paths.length === 0) plan.notes.push(`${vol} exists and has no brick on ${host}`);
    for (const dir of place.paths.filter((p) => f.brickDirs[p] === undefined)) plan.notes.push(`${vol}'s brick on ${host} is ${dir} (volume info): left as it is`);
  }
  const dirs = place.kind === 'new' ? [place.path] : place.kind === 'existing' ? place.paths.filter((p) => f.brickDirs[p] !== undefined) : [];
  for (const dir of dirs) {
    if (!f.mounted || !f.brickDirs[dir]) plan.items.push(item(brickDirCommand(mnt, dir), `the brick directory ${dir}, only once ${mnt} is mounted`));
  }
  return plan;
}

function brickDirNote(intent: SetupIntent, volumes: VolumeInfo[] | null, inventory: Inventory): string {
  const vol = intent.volumeName;
  const place = inventory.hosts.map((h) => brickPlace(h.name, intent, volumes, inventory)).find((p) => p.kind !== 'existing') ?? { kind: 'existing' };
  if (place.kind === 'new') return `the brick directory of ${vol}: ${place.path}`;
  if (place.kind === 'existing') return `${vol} exists: its bricks stay where volume info has them`;
  if (place.kind === 'refused') return place.why;
  return `${vol}'s brick directory is chosen once glusterd answers`;
}

export function planBricks(check: BricksCheck, intent: SetupIntent, inventory: Inventory): StepPlan {
  // The volumes every host that answered knows: a host not yet in the pool knows none.
  const volumes = knownVolumes(inventory.hosts.map((h) => (check.hostErrors[h.name] === undefined ? check.facts[h.name]?.volumes : undefined)));
  const hosts: HostPlan[] = [];
  for (const h of inventory.hosts) {
    if (check.hostErrors[h.name] !== undefined) continue;
    const facts = check.facts[h.name];
    if (!facts) {
      hosts.push({ host: h.name, items: [], notes: [], blocked: 'the inventory names no brick device for this host: add device: (attached volume) or transientDevice: (volume-less zone)' });
      continue;
    }
    hosts.push(planBricksForHost(h.name, facts, intent, brickPlace(h.name, intent, volumes, inventory)));
  }
  const transient = inventory.hosts.filter((h) => !h.device && h.transientDevice).map((h) => h.name);
  const notes = [`each brick: XFS on the inventory's device, mounted at ${intent.brickMount}; ${brickDirNote(intent, volumes, inventory)}`];
  // One unfit brick mount stops the step everywhere: formatting the other
  // hosts' disks for a cluster that cannot be completed helps nobody, and the
  // operator may well choose another brick mount for every host.
  const unfit = inventory.hosts.flatMap((h) => {
    const facts = check.facts[h.name];
    const problem = facts && check.hostErrors[h.name] === undefined ? mountPointProblem(h.name, facts, intent) : null;
    return problem ? [problem] : [];
  });
  if (unfit.length > 0) {
    const why = `no disk is formatted on any host while a brick mount is unfit: ${unfit.join('; ')}`;
    notes.push(why);
    for (const [i, p] of hosts.entries()) {
      // The fstab lines this host would get are not going to be written: only the other notes stay.
      if (p.blocked === undefined && p.items.length > 0) hosts[i] = { host: p.host, items: [], notes: p.notes.filter((n) => !n.startsWith(`${FSTAB} `)), blocked: why };
    }
  }
  if (transient.length > 0) notes.push(`transient bricks (data lost when the VM stops or is resized): ${transient.join(', ')}`);
  return { hosts, notes };
}

export async function checkBricks(ctx: StepContext, newUuid: () => string): Promise<BricksCheck> {
  const devices = new Map(ctx.inventory.hosts.map((h) => [h.name, brickDevice(h)]));
  const hosts = ctx.inventory.hosts.filter((h) => devices.get(h.name)).map((h) => h.name);
  const { results, errors } = await readHosts(ctx, hosts, (host) => bricksCheckCommand(devices.get(host)!.device, ctx.intent));
  const facts: Record<string, BrickFacts> = {};
  for (const [host, result] of Object.entries(results)) {
    const d = devices.get(host)!;
    facts[host] = parseBricksCheck(result.stdout, d.device, d.transient, newUuid(), ctx.intent);
  }
  return { facts, hostErrors: errors };
}

export const bricksStep: StepDefinition<Record<string, BrickFacts>> = {
  id: 'bricks',
  number: 3,
  title: 'Bricks',
  summary: 'an XFS brick filesystem per host, mounted from fstab by UUID (transient disk where a zone has no volumes)',
  check: (ctx) => checkBricks(ctx, randomUUID),
  plan: planBricks,
};

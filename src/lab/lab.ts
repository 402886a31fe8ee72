// The lab: real GlusterFS hosts on this one machine. Each node is a private
// mount + UTS + PID namespace with its own /etc, /dev, /run and gluster state,
// an sshd on 127.1.1.I and a loop-device disk (see node-init.sh). up, down,
// crash (power cut), boot (restart as after a reboot) and silence (every packet
// to and from the node dropped) act on the record in lab.json, and only ever on
// the processes, devices and firewall rules recorded there. Commands may run at
// once (`lab boot 2 & lab boot 3`): see the locks in state.ts.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInventoryFile, type Inventory } from '../config/inventory.js';
import { mustRun, runLocal } from './host-exec.js';
import { readListeners, portBlocker } from './listeners.js';
import { LAB_AUTHORIZED_KEYS, etcFstab, etcHosts, glusterdVol, nodeEnv, sshdConfig, type LabDisk, type LabNodeSpec } from './node-files.js';
import { labInventoryPath, labNet, labStatePath, nodeAddress, nodeDir, nodeName } from './paths.js';
import { preflight, findProgram } from './preflight.js';
import { childrenOf, isAlive, killRef, refOf, waitFor } from './procs.js';
import { applyFirewall, labTableOf, removeFirewall, silencedAddresses } from './firewall.js';
import { readLabState, updateLabState, withLabLock, withNodeLock, writeLabState, type LabNodeState, type LabState } from './state.js';

export const MAX_NODES = 24;
const DISK_BYTES = 2 * 1024 ** 3;
const BOOT_TIMEOUT_MS = 60_000;
export const ZONE_WITH_VOLUMES = 'zone-a';
export const ZONE_VOLUMELESS = 'zone-b';

export type Log = (line: string) => void;

export interface LabUpOptions {
  dir: string;
  nodes: number;
  volumeless: number;
  log?: Log;
}

export class LabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabError';
  }
}

function initScriptSource(): string {
  // Beside this module: src/lab in a clone, dist/lab in the published package.
  return join(dirname(fileURLToPath(import.meta.url)), 'node-init.sh');
}

const keyFile = (dir: string) => join(dir, 'lab_key');
const knownHostsFile = (dir: string) => join(dir, 'known_hosts');
const consoleLog = (dir: string, index: number) => join(nodeDir(dir, index), 'console.log');

export function checkUpOptions(nodes: number, volumeless: number): void {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
    throw new LabError(`--nodes must be a whole number from 1 to ${MAX_NODES}, not ${nodes}`);
  }
  if (!Number.isInteger(volumeless) || volumeless < 0 || volumeless > nodes) {
    throw new LabError(`--volumeless must be a whole number from 0 to the node count (${nodes}), not ${volumeless}`);
  }
}

/** Directories every node mounts over: a lab directory inside one would vanish from the node's view. */
const NODE_PRIVATE_DIRS = ['/etc', '/dev', '/run', '/var/run', '/root', '/data', '/mnt', '/var/lib/glusterd', '/var/log/glusterfs', '/proc', '/sys'];

export function checkLabDir(dir: string): void {
  if (!isAbsolute(dir)) throw new LabError(`the lab directory must be an absolute path, not "${dir}"`);
  const clean = resolve(dir);
  const hidden = NODE_PRIVATE_DIRS.find((p) => clean === p || clean.startsWith(`${p}/`));
  if (hidden || clean === '/') {
    throw new LabError(`the lab directory cannot be inside ${hidden ?? '/'}: every node mounts its own ${hidden ?? '/'} over it`);
  }
}

/** Starts N bare nodes, or changes nothing. Returns the recorded state. */
export async function labUp(options: LabUpOptions): Promise<{ state: LabState; alreadyUp: boolean }> {
  checkUpOptions(options.nodes, options.volumeless);
  checkLabDir(options.dir);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  return withLabLock(options.dir, 'exclusive', () => upLocked(options));
}

async function upLocked(options: LabUpOptions): Promise<{ state: LabState; alreadyUp: boolean }> {
  const { dir, nodes, volumeless } = options;
  const log = options.log ?? (() => {});

  const existing = readLabState(dir);
  if (existing) {
    const running = existing.nodes.filter((n) => isAlive(n.init)).length;
    const sameShape = existing.nodes.length === nodes && existing.nodes.filter((n) => n.volumeless).length === volumeless;
    if (running === existing.nodes.length && sameShape) return { state: existing, alreadyUp: true };
    throw new LabError(
      `a lab already exists in ${dir} (${existing.nodes.length} nodes, ${running} running). ` +
        `Use "lab boot I" to start a stopped node, or "lab down" first for a new lab.`,
    );
  }

  const net = labNet();
  const addresses = Array.from({ length: nodes }, (_, i) => nodeAddress(i + 1, net));
  const check = preflight(addresses);
  if (check.problems.length > 0) {
    throw new LabError(`the lab cannot start on this machine; nothing was changed:\n  - ${check.problems.join('\n  - ')}`);
  }
  check.notes.forEach(log);

  const state: LabState = { version: 1, dir, createdAt: new Date().toISOString(), nodes: [] };
  try {
    await createLab(state, addresses, volumeless, check.sshPort, log);
    for (const node of state.nodes) {
      log(`booting ${node.name} (${node.address})`);
      await bootNode(dir, node);
    }
    await writeKnownHosts(state);
    writeInventoryFile(labInventoryPath(dir), labInventory(state));
    return { state: readLabState(dir)!, alreadyUp: false };
  } catch (err) {
    log(`lab up failed, undoing what it did: ${(err as Error).message}`);
    await downLocked(dir, () => {});
    throw err;
  }
}

async function createLab(state: LabState, addresses: string[], volumeless: number, sshPort: number, log: Log): Promise<void> {
  const nodes = addresses.length;
  const { dir } = state;
  copyFileSync(initScriptSource(), join(dir, 'node-init.sh'));
  chmodSync(join(dir, 'node-init.sh'), 0o755);
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'gluster-console-lab', '-f', keyFile(dir)]);
  // The nodes bind-mount over /data; the mount point must exist on the machine.
  mkdirSync('/data', { recursive: true });
  const machineVol = readFileSync('/etc/glusterfs/glusterd.vol', 'utf8');

  for (let index = 1; index <= nodes; index++) {
    await createNode(dir, { index, address: addresses[index - 1]!, volumeless: index > nodes - volumeless, sshPort }, machineVol, log, (node) => {
      state.nodes.push(node);
      writeLabState(state); // recorded before anything else can fail, so down can free it
    });
  }
  writeLabState(state);
}

/** What a new node is before it exists: `up` and `add` make every node the same way. */
export interface NewNode {
  index: number;
  address: string;
  volumeless: boolean;
  sshPort: number;
}

/**
 * Makes one bare node's files and disk (not booted). `record` is called once
 * its disk is attached, before anything else can fail, so that down can free it.
 */
export async function createNode(dir: string, spec: NewNode, machineVol: string, log: Log, record: (node: LabNodeState) => void | Promise<void>): Promise<LabNodeState> {
  const { index } = spec;
  const volumelessNode = spec.volumeless;
  const ndir = nodeDir(dir, index);
  mkdirSync(join(ndir, 'etc-upper', 'glusterfs'), { recursive: true });
  mkdirSync(join(ndir, 'etc-work'), { recursive: true });
  mkdirSync(join(ndir, 'root', 'var', 'lib', 'glusterd'), { recursive: true });
  mkdirSync(join(ndir, 'root', 'root'), { recursive: true, mode: 0o700 });
  for (const dotfile of ['.bashrc', '.profile']) {
    if (existsSync(`/etc/skel/${dotfile}`)) copyFileSync(`/etc/skel/${dotfile}`, join(ndir, 'root', 'root', dotfile));
  }
  // The package's hooks and option groups (e.g. `volume set VOL group virt`) live there.
  if (existsSync('/var/lib/glusterd/hooks')) cpSync('/var/lib/glusterd/hooks', join(ndir, 'root/var/lib/glusterd/hooks'), { recursive: true });
  if (existsSync('/var/lib/glusterd/groups')) cpSync('/var/lib/glusterd/groups', join(ndir, 'root/var/lib/glusterd/groups'), { recursive: true });
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${nodeName(index)}`, '-f', join(ndir, 'ssh_host_ed25519_key')]);

  const node: LabNodeState = {
    index,
    name: nodeName(index),
    address: spec.address,
    sshPort: spec.sshPort,
    zone: volumelessNode ? ZONE_VOLUMELESS : ZONE_WITH_VOLUMES,
    volumeless: volumelessNode,
    disks: [],
  };
  const disk = await attachDisk(join(ndir, volumelessNode ? 'vdb.img' : 'vdc.img'), volumelessNode ? 'vdb' : 'vdc');
  node.disks.push(disk);
  await record(node);
  if (volumelessNode) {
    log(`${node.name}: volume-less zone, transient disk /dev/vdb (ext4 "ephemeral0" at /mnt)`);
    await mustRun('mkfs.ext4', ['-q', '-F', '-L', 'ephemeral0', disk.loop]);
  } else {
    log(`${node.name}: attached volume /dev/vdc (${disk.loop}, empty)`);
  }

  writeFileSync(join(ndir, 'node.env'), nodeEnv(node));
  writeFileSync(join(ndir, 'sshd_config'), sshdConfig(node, ndir));
  mkdirSync(join(ndir, 'etc-upper', 'ssh'), { recursive: true });
  copyFileSync(`${keyFile(dir)}.pub`, join(ndir, 'etc-upper', LAB_AUTHORIZED_KEYS.replace('/etc/', '')));
  chmodSync(join(ndir, 'etc-upper', LAB_AUTHORIZED_KEYS.replace('/etc/', '')), 0o644);
  writeFileSync(join(ndir, 'etc-upper', 'glusterfs', 'glusterd.vol'), glusterdVol(machineVol, node.address));
  writeFileSync(join(ndir, 'etc-upper', 'hosts'), etcHosts(node));
  writeFileSync(join(ndir, 'etc-upper', 'fstab'), etcFstab(node));
  writeFileSync(join(ndir, 'etc-upper', 'hostname'), `${node.name}\n`);
  return node;
}

async function attachDisk(file: string, name: LabDisk['name']): Promise<LabDisk> {
  const fd = openSync(file, 'w');
  closeSync(fd);
  await mustRun('truncate', ['-s', String(DISK_BYTES), file]);
  const loop = (await mustRun('losetup', ['--find', '--show', file])).trim();
  // The kernel's own major:minor for it, as the node's mknod needs it.
  const [major, minor] = readFileSync(`/sys/class/block/${loop.replace('/dev/', '')}/dev`, 'utf8').trim().split(':').map(Number);
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
    throw new LabError(`cannot read the device number of ${loop}`);
  }
  return { name, file, loop, major, minor };
}

/**
 * Starts a node's namespaces and init, records them, and waits until it
 * reports "up". The caller holds the node's lock; the record is written under
 * the state lock from a fresh read, so other nodes' records are kept.
 */
export async function bootNode(dir: string, node: LabNodeSpec): Promise<void> {
  const ndir = nodeDir(dir, node.index);
  const logPath = consoleLog(dir, node.index);
  if (existsSync(logPath)) copyFileSync(logPath, `${logPath}.1`);
  const out = openSync(logPath, 'w');
  const child = spawn(
    'unshare',
    ['--mount', '--uts', '--pid', '--fork', '--mount-proc', '--kill-child', '--', findProgram('tini') ?? 'tini', '-s', '--', '/bin/bash', join(dir, 'node-init.sh'), ndir],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const unsharePid = child.pid;
  if (unsharePid === undefined) throw new LabError(`${node.name}: could not start unshare`);
  const unshare = refOf(unsharePid) ?? undefined;
  let initPid: number | undefined;
  const initStarted = () => {
    initPid = childrenOf(unsharePid)[0];
    return initPid !== undefined;
  };
  await waitFor(initStarted, 5_000, 10);
  const init = initPid === undefined ? undefined : (refOf(initPid) ?? undefined);
  await updateLabState(dir, (state) => {
    const recorded = state.nodes.find((n) => n.index === node.index);
    if (!recorded) throw new LabError(`${node.name} is no longer in the lab's record`);
    recorded.unshare = unshare;
    recorded.init = init;
    recorded.bootedAt = new Date().toISOString();
  });
  if (init === undefined) throw new LabError(`${node.name}: its init did not start; see ${logPath}`);

  const upLine = `node ${node.name} is up`;
  const up = await waitFor(() => readLog(logPath).includes(upLine) || !isAlive(init), BOOT_TIMEOUT_MS, 50);
  if (!up || !isAlive(init)) {
    throw new LabError(`${node.name} did not come up${up ? ' (its init exited)' : ' in time'}:\n${tail(readLog(logPath), 8)}`);
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
}

export async function writeKnownHosts(state: LabState): Promise<void> {
  const lines = state.nodes.map((node) => {
    const key = readFileSync(join(nodeDir(state.dir, node.index), 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const host = node.sshPort === 22 ? node.address : `[${node.address}]:${node.sshPort}`;
    return `${host} ${key}`;
  });
  // One rename: ssh clients of the running nodes read it while lab add rewrites it.
  const path = knownHostsFile(state.dir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function labInventory(state: LabState): Inventory {
  return {
    hosts: state.nodes.map((node) => ({
      name: node.name,
      address: node.address,
      ssh: { user: 'root', port: node.sshPort, identityFile: keyFile(state.dir), knownHostsFile: knownHostsFile(state.dir) },
      zone: node.zone,
      ...(node.volumeless ? { transientDevice: '/dev/vdb' } : { device: '/dev/vdc' }),
    })),
  };
}

export function requireState(dir: string): LabState {
  const state = readLabState(dir);
  if (!state) throw new LabError(`no lab in ${dir}: start one with "gluster-console lab up"`);
  return state;
}

function requireNode(state: LabState, index: number): LabNodeState {
  const node = state.nodes.find((n) => n.index === index);
  if (!node) {
    throw new LabError(`there is no node ${index}: this lab has nodes 1 to ${state.nodes.length}`);
  }
  return node;
}

/**
 * Runs a command on one node: the lab stays up meanwhile (shared lab lock) and
 * no other command acts on that node (its lock); other nodes go on in parallel.
 */
async function onNode<T>(dir: string, index: number, fn: (node: LabNodeState) => Promise<T>): Promise<T> {
  requireNode(requireState(dir), index); // says "no lab" or "no node" without waiting for a lock
  return withLabLock(dir, 'shared', () =>
    withNodeLock(dir, index, async () => fn(requireNode(requireState(dir), index))),
  );
}

/** Power cut: SIGKILL to the node's init takes every process of its PID namespace with it. */
export async function labCrash(dir: string, index: number): Promise<{ wasRunning: boolean }> {
  return onNode(dir, index, async (node) => {
    if (!isAlive(node.init)) return { wasRunning: false };
    killRef(node.init, 'SIGKILL');
    const gone = await waitFor(() => !isAlive(node.init) && !isAlive(node.unshare), 10_000, 20);
    if (!gone) throw new LabError(`${node.name}: its init (pid ${node.init?.pid}) did not die`);
    return { wasRunning: true };
  });
}

/** Starts a stopped node again as after a reboot: fstab, sshd, glusterd if it ever ran. */
export async function labBoot(dir: string, index: number): Promise<{ wasRunning: boolean }> {
  return onNode(dir, index, async (node) => {
    if (isAlive(node.init)) return { wasRunning: true };
    const blocker = portBlocker(readListeners(), node.address, node.sshPort);
    if (blocker) throw new LabError(`${node.name}: ${blocker.address}:${blocker.port} is held by another process; cannot boot`);
    await bootNode(dir, node);
    return { wasRunning: false };
  });
}

/**
 * Silence: every packet to and from the node's address is dropped (nftables),
 * as when a VM is powered off or its cable pulled: connections time out rather
 * than being refused. It lasts across crash and boot until unsilence or down.
 */
export async function labSilence(dir: string, index: number, silent: boolean): Promise<{ wasSilenced: boolean }> {
  return onNode(dir, index, () =>
    updateLabState(dir, async (state) => {
      const node = requireNode(state, index);
      const wasSilenced = node.silenced === true;
      node.silenced = silent;
      // Loaded before the record is written: if nft fails, the record stays as it was.
      await applyFirewall(state);
      return { wasSilenced };
    }),
  );
}

/** Ends exactly the processes the lab started, removes its firewall rules, frees its loop devices, removes its files. */
export async function labDown(dir: string, log: Log = () => {}): Promise<{ stopped: number }> {
  if (!readLabState(dir)) return { stopped: 0 };
  return withLabLock(dir, 'exclusive', () => downLocked(dir, log));
}

async function downLocked(dir: string, log: Log): Promise<{ stopped: number }> {
  const state = readLabState(dir);
  if (!state) return { stopped: 0 };
  let stopped = 0;
  for (const node of state.nodes) {
    if (killRef(node.init, 'SIGKILL')) stopped++;
    killRef(node.unshare, 'SIGKILL');
  }
  const allGone = await waitFor(() => state.nodes.every((n) => !isAlive(n.init) && !isAlive(n.unshare)), 10_000, 20);
  if (!allGone) throw new LabError('some lab processes did not die; run lab down again');
  const table = labTableOf(state);
  if (table) await removeFirewall(table);
  for (const node of state.nodes) {
    for (const disk of node.disks) await detachDisk(disk, log);
  }
  for (const node of state.nodes) rmSync(nodeDir(dir, node.index), { recursive: true, force: true });
  for (const file of ['node-init.sh', 'lab_key', 'lab_key.pub', 'known_hosts']) {
    rmSync(join(dir, file), { force: true });
  }
  rmSync(labInventoryPath(dir), { force: true });
  rmSync(labStatePath(dir), { force: true });
  log(`lab down: ${stopped} running node(s) stopped, disks freed, ${dir} cleaned`);
  return { stopped };
}

/** Detaches the loop device only if it is still backed by our file (never someone else's). */
export async function detachDisk(disk: LabDisk, log: Log): Promise<void> {
  const listed = await runLocal('losetup', ['--list', '--noheadings', '--output', 'NAME', '--associated', disk.file]);
  const loops = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const loop of loops) {
    // Right after a power cut the kernel may still be tearing down the node's mounts.
    const ok = await waitFor(async () => (await runLocal('losetup', ['--detach', loop])).code === 0, 10_000, 100);
    if (!ok) log(`could not detach ${loop} (${disk.file}): still busy`);
  }
}

export interface LabNodeStatus {
  index: number;
  name: string;
  address: string;
  sshPort: number;
  zone: string;
  volumeless: boolean;
  running: boolean;
  initPid?: number;
  /** The kernel drops every packet to and from its address (the lab's nftables rules say so). */
  silenced: boolean;
  /** Recorded as silenced, but the rules are gone (flushed by hand, or the machine rebooted). */
  silenceRulesMissing?: true;
  sshd: boolean;
  glusterd: boolean;
  disks: Array<{ name: string; loop: string; attached: boolean }>;
}

export interface LabStatus {
  dir: string;
  inventory: string;
  key: string;
  nodes: LabNodeStatus[];
}

export async function labStatus(dir: string): Promise<LabStatus | null> {
  const state = readLabState(dir);
  if (!state) return null;
  const listeners = readListeners();
  const listening = (address: string, port: number) => listeners.some((l) => l.port === port && l.address === address);
  const table = labTableOf(state);
  const dropped = table ? await silencedAddresses(table) : new Set<string>();
  const nodes: LabNodeStatus[] = [];
  for (const node of state.nodes) {
    const disks = [];
    for (const disk of node.disks) {
      const listed = await runLocal('losetup', ['--list', '--noheadings', '--output', 'NAME', '--associated', disk.file]);
      disks.push({ name: `/dev/${disk.name}`, loop: disk.loop, attached: listed.stdout.trim().split('\n').includes(disk.loop) });
    }
    const running = isAlive(node.init);
    nodes.push({
      index: node.index,
      name: node.name,
      address: node.address,
      sshPort: node.sshPort,
      zone: node.zone,
      volumeless: node.volumeless,
      running,
      ...(running && node.init ? { initPid: node.init.pid } : {}),
      silenced: dropped.has(node.address),
      ...(node.silenced && !dropped.has(node.address) ? { silenceRulesMissing: true as const } : {}),
      sshd: running && listening(node.address, node.sshPort),
      glusterd: running && listening(node.address, 24007),
      disks,
    });
  }
  return { dir, inventory: labInventoryPath(dir), key: keyFile(dir), nodes };
}

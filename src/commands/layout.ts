// `gluster-console layout check [--inventory FILE] [--gluster-version V] [--json] WORDS...`:
// the verdict on a `gluster volume create`, for operators who paste the
// command they are about to run. Offline by default; with an inventory the
// hosts are asked (read only) what glusterd itself would test on them. Exit
// 0: glusterd would accept it; 1: it would refuse it; 2: the input is
// unusable; 3 (with --inventory): nothing found against it, but some hosts
// did not answer, so it is not fully checked.
import { resolve } from 'node:path';
import { checkInventoryFiles } from '../config/inventory-files.js';
import { readInventoryFile, type Inventory } from '../config/inventory.js';
import { formatBytes } from '../format-bytes.js';
import { splitBrickWord } from '../gluster/layout/bricks.js';
import { readCreateCommand } from '../gluster/layout/command.js';
import { checkCreateWords, NEWEST_GLUSTER, splitPastedCommand, type CheckOptions, type Verdict } from '../gluster/layout/index.js';
import type { Executor } from '../ssh/types.js';
import type { HostsLayoutFacts } from '../steps/brick-facts.js';

export const LAYOUT_USAGE = `Usage: gluster-console layout check [--inventory FILE] [--gluster-version V] [--json] WORDS...
  WORDS are what follows the volume name in "gluster volume create", e.g.
    gluster-console layout check replica 3 arbiter 1 node1:/bricks/b node2:/bricks/b node3:/bricks/b
  or the whole command as you would run it:
    gluster-console layout check sudo gluster volume create gv0 replica 3 node1:/bricks/b ...
  or that command in quotes, as one argument.
  --inventory FILE      ask the hosts (read only, one SSH exec each) what glusterd would check on them: each
                        brick's root partition, mount point, volume marks on it or a parent, parent directory,
                        existing volumes' bricks; the pool and the version as the first host sees them
  --gluster-version V   the GlusterFS version to check against (default: the hosts', else newest, ${NEWEST_GLUSTER})
  --json                the verdict as JSON
  Exit status: 0 glusterd would accept it, 1 it would refuse it, 2 unusable input,
  3 nothing found against it but some hosts did not answer (not fully checked; --inventory only).
  Without --inventory, checks that need the hosts are listed as not checked.`;

/** What the hosts answered, for the report; absent when the check ran offline. */
export interface HostsReport {
  asked: string | null;
  unanswered: HostsLayoutFacts['unanswered'];
  notInInventory: string[];
}

export interface VerdictContext {
  /** Where the version came from: given, the hosts, or assumed. */
  versionFrom: 'given' | 'hosts' | 'assumed';
  hosts?: HostsReport;
}

/** Every check the hosts answer: the offline list's "not checked" codes. */
const ON_HOSTS = 'root partition, mount point, volume marks on the directory or a parent, parent directory, existing bricks';

/** The brick words of a usable command, for the hosts to be asked about. */
function brickWords(words: readonly string[]): { host: string; path: string }[] {
  const read = readCreateCommand(words);
  if ('problem' in read) return [];
  return read.command.words.map(splitBrickWord).filter((b): b is { host: string; path: string } => b !== null);
}

/** 3 when nothing is against the command but part of it could not be checked on the hosts. */
export function layoutExitCode(v: Verdict, hosts?: HostsReport): number {
  if (!v.usable) return 2;
  if (!v.accepted) return 1;
  if (hosts && (hosts.asked === null || hosts.unanswered.length > 0 || hosts.notInInventory.length > 0)) return 3;
  return 0;
}

export function formatVerdict(v: Verdict, context: VerdictContext = { versionFrom: 'given' }): string {
  const lines: string[] = [];
  const version = `GlusterFS ${v.glusterVersion}`;
  const hosts = context.hosts;
  const partial = hosts !== undefined && layoutExitCode(v, hosts) === 3;
  lines.push(v.accepted
    ? `${partial ? 'ACCEPTED SO FAR (not fully checked)' : 'ACCEPTED'}: ${version} would create this volume${partial ? ' as far as the hosts that answered tell' : ''}`
    : `REFUSED: ${version} would refuse this command`);
  if (context.versionFrom === 'assumed') {
    lines.push(`Assumed GlusterFS ${v.glusterVersion}, the newest this check knows, because neither --gluster-version nor --inventory says which version runs: give one of them to check against yours`);
  } else if (context.versionFrom === 'hosts' && hosts?.asked) lines.push(`GlusterFS ${v.glusterVersion} as ${hosts.asked} reports it`);
  if (hosts?.asked) lines.push(`Asked the hosts: ${ON_HOSTS}; the pool and the volumes as ${hosts.asked} sees them`);
  if (v.summary) {
    const s = v.summary;
    lines.push('', `Layout: ${s.type}, ${s.text}${s.transport === 'tcp' ? '' : ` (transport ${s.transport})`}`);
    for (const set of s.sets) {
      const bricks = set.bricks.map((b) => `${b.host}:${b.path}${b.zone ? ` [${b.zone}]` : ''}${b.role === 'arbiter' ? ' (arbiter)' : ''}`).join('  ');
      lines.push(`  ${s.setSize > 1 ? `set ${set.index + 1}` : `brick ${set.index + 1}`}: ${bricks}`);
    }
    if (s.thinArbiterBrick) lines.push(`  thin-arbiter: ${s.thinArbiterBrick.host}:${s.thinArbiterBrick.path}`);
    lines.push(`Survives: ${s.survives.text}`);
    if (s.capacityBytes !== null && s.rawBytes !== null) lines.push(`Capacity: ${formatBytes(s.capacityBytes)} usable of ${formatBytes(s.rawBytes)} raw`);
  }
  if (v.errors.length > 0) {
    lines.push('', v.accepted ? 'Problems:' : 'Why it is refused:');
    for (const e of v.errors) {
      lines.push(`  x ${e.message}`, `    fix: ${e.fix}`);
      if (e.gluster) lines.push(`    gluster says: ${e.gluster}`);
    }
  }
  if (v.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of v.warnings) {
      lines.push(`  ! ${w.message}`);
      if (w.fix) lines.push(`    fix: ${w.fix}`);
    }
  }
  if (hosts && (hosts.unanswered.length > 0 || hosts.notInInventory.length > 0 || hosts.asked === null)) {
    lines.push('', 'Not checked on the hosts:');
    for (const u of hosts.unanswered) lines.push(`  - ${u.bricks.join(' ')}: not checked (${ON_HOSTS}): ${u.reason}`);
    if (hosts.notInInventory.length > 0) lines.push(`  - ${hosts.notInInventory.join(' ')}: not checked: the host is not in the inventory`);
    if (hosts.asked === null) lines.push('  - the pool and the existing volumes: no host of the inventory answered with them (is glusterd running?)');
  }
  if (v.notChecked.length > 0) {
    lines.push('', hosts ? 'Not checked:' : 'Not checked offline (needs the hosts):');
    for (const n of v.notChecked) lines.push(`  - ${n.message}`);
  }
  return `${lines.join('\n')}\n`;
}

interface LayoutArgs {
  json: boolean;
  help: boolean;
  glusterVersion?: string;
  inventory?: string;
  words: string[];
}

function parseLayoutArgs(argv: readonly string[]): LayoutArgs | string {
  const args: LayoutArgs = { json: false, help: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--gluster-version') {
      const value = argv[i + 1];
      if (value === undefined) return '--gluster-version needs a version, e.g. --gluster-version 10.3';
      args.glusterVersion = value;
      i++;
    } else if (a.startsWith('--gluster-version=')) args.glusterVersion = a.slice('--gluster-version='.length);
    else if (a === '--inventory') {
      const value = argv[i + 1];
      if (value === undefined || value.trim() === '') return '--inventory needs a file, e.g. --inventory inventory.yaml';
      args.inventory = resolve(value);
      i++;
    } else if (a.startsWith('--inventory=') && a.length > '--inventory='.length) args.inventory = resolve(a.slice('--inventory='.length));
    else args.words.push(a);
  }
  args.words = splitPastedCommand(args.words);
  return args;
}

export interface LayoutDeps {
  /** Default: an SshPool that refuses unknown host keys. */
  executorFor?(inventory: Inventory): Executor;
}

export async function layoutMain(argv: string[], deps: LayoutDeps = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${LAYOUT_USAGE}\n`);
    return 0;
  }
  if (sub !== 'check') {
    process.stderr.write(`layout: ${sub === undefined ? 'which layout command?' : `unknown command "${sub}"`}\n${LAYOUT_USAGE}\n`);
    return 2;
  }
  const args = parseLayoutArgs(rest);
  if (typeof args === 'string') {
    process.stderr.write(`layout check: ${args}\n${LAYOUT_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${LAYOUT_USAGE}\n`);
    return 0;
  }
  const offline = checkCreateWords(args.words, args.glusterVersion === undefined ? {} : { glusterVersion: args.glusterVersion });
  let verdict = offline;
  let context: VerdictContext = { versionFrom: args.glusterVersion === undefined ? 'assumed' : 'given' };
  if (args.inventory !== undefined && offline.usable) {
    let inventory: Inventory;
    try {
      inventory = readInventoryFile(args.inventory);
      const problems = checkInventoryFiles(inventory);
      if (problems.length > 0) throw new Error(`unusable files in the inventory:\n  ${problems.join('\n  ')}`);
    } catch (e) {
      process.stderr.write(`layout check: ${(e as Error).message}\n`);
      return 2;
    }
    // Loaded only here: the offline check starts without the SSH layer.
    const { readLayoutFacts } = await import('../steps/brick-facts.js');
    const pool = deps.executorFor ? null : new (await import('../ssh/pool.js')).SshPool(inventory.hosts);
    const executor = deps.executorFor ? deps.executorFor(inventory) : pool!;
    let facts: HostsLayoutFacts;
    try {
      facts = await readLayoutFacts(executor, inventory, brickWords(args.words));
    } finally {
      await pool?.close();
    }
    const glusterVersion = args.glusterVersion ?? facts.glusterVersion;
    const options: CheckOptions = {
      describeBrick: facts.describe,
      ...(glusterVersion !== undefined ? { glusterVersion } : {}),
      ...(facts.peers ? { peers: facts.peers } : {}),
      ...(facts.existingVolumes ? { existingVolumes: facts.existingVolumes } : {}),
    };
    verdict = checkCreateWords(args.words, options);
    context = {
      versionFrom: args.glusterVersion !== undefined ? 'given' : facts.glusterVersion !== undefined ? 'hosts' : 'assumed',
      hosts: { asked: facts.anchor, unanswered: facts.unanswered, notInInventory: facts.notInInventory },
    };
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ ...verdict, versionFrom: context.versionFrom, ...(context.hosts ? { hosts: context.hosts } : {}) }, null, 2)}\n`);
  else if (!verdict.usable) {
    const lines = verdict.errors.map((e) => `layout check: ${e.message}\n  fix: ${e.fix}`);
    process.stderr.write(`${lines.join('\n')}\n`);
  } else process.stdout.write(formatVerdict(verdict, context));
  return layoutExitCode(verdict, context.hosts);
}

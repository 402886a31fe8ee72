// Step 6, mount: every node mounts the volume from its own glusterd
// (localhost:/VOL, as the runbook does) at the operator's path, persisted in
// /etc/fstab with _netdev and the other nodes as backup volfile servers.
// Verified by writing a file through one node's mount and reading it through
// another's (only after something was applied: a re-run writes nothing).
// A mount path serves one volume: another volume's line or mount there is
// refused, never replaced.
import { randomBytes } from 'node:crypto';
import type { Inventory } from '../config/inventory.js';
import { volumeInfoXml } from '../gluster/commands.js';
import { whereGlusterdRuns } from '../gluster/glusterd.js';
import { parseVolumeInfo } from '../gluster/xml/index.js';
import { runItems } from '../plan/runner.js';
import { cmd, sh, type Command } from '../shell/command.js';
import { SshError } from '../ssh/types.js';
import { fstabWith, parseFstabLine, FSTAB } from './bricks.js';
import { lineDiff, linesOf, parseReadFile, readFaithfully, readFileCommand, replaceFileCommand, textOf, type FileFacts } from './file-edit.js';
import type { SetupIntent } from './intent.js';
import { describeError, hostNames, readHosts } from './read.js';
import { parseSections, section, sections } from './sections.js';
import type { CheckResult, HostPlan, PlanItem, StepContext, StepDefinition, StepPlan } from './types.js';

export interface MountFacts {
  mounted: { source: string; fstype: string } | null;
  /** statfs through the mount answers (a dead FUSE mount says "Transport endpoint is not connected"). */
  responds: boolean;
  pathExists: boolean;
  /** Entries in the directory while nothing is mounted there. */
  entries: number;
  fstab: FileFacts;
  /** This host's glusterd knows the volume. */
  volumeExists: boolean;
  volumeStarted: boolean;
}

export type MountCheck = CheckResult<Record<string, MountFacts>>;

export function mountCheckCommand(intent: Pick<SetupIntent, 'mountPath' | 'volumeName'>) {
  const mnt = intent.mountPath;
  return sections(
    section('mount', cmd('findmnt', '-J', '-o', 'SOURCE,FSTYPE,TARGET', '--mountpoint', mnt)),
    section('path', sh`m=${mnt}
if [ -d "$m" ]; then echo exists; fi
if mountpoint -q "$m"; then
  if timeout 10 stat -f -c %b "$m" >/dev/null 2>&1; then echo responds; fi
elif [ -d "$m" ]; then echo "entries $(ls -A "$m" | wc -l)"; fi`),
    section('fstab', readFileCommand(FSTAB)),
    section('volume', whereGlusterdRuns(volumeInfoXml(intent.volumeName))),
  );
}

export function parseMountCheck(stdout: string, volumeName: string): MountFacts {
  const s = parseSections(stdout);
  let mounted: MountFacts['mounted'] = null;
  try {
    const fs = (JSON.parse(s.mount?.text ?? '') as { filesystems?: Array<Record<string, unknown>> }).filesystems?.[0];
    if (fs) mounted = { source: String(fs.source ?? ''), fstype: String(fs.fstype ?? '') };
  } catch {
    // findmnt prints nothing when nothing is mounted there.
  }
  const path = linesOf(s.path?.text ?? '').map((l) => l.trim());
  const entries = Number(path.find((l) => l.startsWith('entries '))?.slice(8) ?? '0');
  let volume: { exists: boolean; started: boolean } = { exists: false, started: false };
  try {
    const v = parseVolumeInfo(s.volume?.text ?? '').find((x) => x.name === volumeName);
    if (v) volume = { exists: true, started: v.status === 1 };
  } catch {
    // opRet -1: no such volume (or glusterd down): it does not exist as far as this host knows.
  }
  return {
    mounted,
    responds: path.includes('responds'),
    pathExists: path.includes('exists'),
    entries: Number.isFinite(entries) ? entries : 0,
    fstab: parseReadFile(FSTAB, s.fstab?.text ?? ''),
    volumeExists: volume.exists,
    volumeStarted: volume.started,
  };
}

/** The fstab line for this host: its own glusterd first, the other nodes as backup volfile servers. */
export function volumeFstabLine(host: string, intent: Pick<SetupIntent, 'mountPath' | 'volumeName'>, inventory: Inventory): string {
  const backups = inventory.hosts.map((h) => h.name).filter((n) => n !== host);
  const options = ['defaults', '_netdev', ...(backups.length > 0 ? [`backup-volfile-servers=${backups.join(':')}`] : [])].join(',');
  return `localhost:/${intent.volumeName} ${intent.mountPath} glusterfs ${options} 0 0`;
}

/** The gluster volume a mount source names (`localhost:/gv0`, `node1:gv0`), or null for anything else. */
export function glusterVolumeOf(source: string): string | null {
  const m = /^[^:/\s]+:\/?([A-Za-z0-9_-]+)$/.exec(source);
  return m ? m[1]! : null;
}

/**
 * Another volume's mount at this path, from the mount table or an fstab line:
 * a mount path serves one volume, so it is refused, never taken over (the
 * fstab line would be replaced, and the other volume's clients lose it at
 * the next boot).
 */
function otherVolumeAt(f: MountFacts, fstab: readonly string[], intent: SetupIntent): { volume: string; where: string } | null {
  const mnt = intent.mountPath;
  const mounted = f.mounted?.fstype === 'fuse.glusterfs' ? glusterVolumeOf(f.mounted.source) : null;
  if (mounted !== null && mounted !== intent.volumeName) return { volume: mounted, where: `${f.mounted!.source} is mounted there` };
  for (const line of fstab.map(parseFstabLine)) {
    if (line.target !== mnt || line.fstype !== 'glusterfs' || line.source === undefined) continue;
    const volume = glusterVolumeOf(line.source);
    if (volume !== intent.volumeName) return { volume: volume ?? line.source, where: `${FSTAB} mounts ${line.source} there` };
  }
  return null;
}

export function planMountForHost(host: string, f: MountFacts, intent: SetupIntent, inventory: Inventory): HostPlan {
  const plan: HostPlan = { host, items: [], notes: [] };
  const item = (command: PlanItem['command'], why: string): PlanItem => ({ host, command, why });
  const mnt = intent.mountPath;
  if (!readFaithfully(f.fstab)) return { ...plan, blocked: `${FSTAB} holds bytes that are not UTF-8: edit it by hand` };
  const fstab = linesOf(f.fstab.text);
  // Before anything waits for the volume: a taken mount path is known now, and the operator can change it now.
  const other = otherVolumeAt(f, fstab, intent);
  if (other) {
    return { ...plan, blocked: `${mnt} is ${other.volume}'s mount path (${other.where}): it is left alone; give ${intent.volumeName} a mount path of its own, e.g. ${mnt}-${intent.volumeName} (--mount, or e in the console)` };
  }
  if (!f.volumeExists) return { ...plan, waiting: `the volume ${intent.volumeName} does not exist yet: the volume step creates it` };
  if (!f.volumeStarted) return { ...plan, waiting: `the volume ${intent.volumeName} is not started: the volume step starts it` };
  if (f.mounted && !(f.mounted.fstype === 'fuse.glusterfs' && glusterVolumeOf(f.mounted.source) === intent.volumeName)) {
    return { ...plan, blocked: `${mnt} already has ${f.mounted.source} (${f.mounted.fstype}) mounted: choose another mount path or unmount it` };
  }
  const foreign = fstab.map(parseFstabLine).find((l) => l.target === mnt && l.fstype !== undefined && l.fstype !== 'glusterfs');
  if (foreign) return { ...plan, blocked: `${FSTAB} mounts ${foreign.source} (${foreign.fstype}) at ${mnt}: choose another mount path or remove that line` };
  if (!f.mounted && f.entries > 0) {
    return { ...plan, blocked: `${mnt} is not empty (${f.entries} entries): mounting the volume over it would hide them; move them away or choose another path` };
  }
  const desired = fstabWith(fstab, volumeFstabLine(host, intent, inventory));
  const diff = lineDiff(fstab, desired);
  if (diff.length > 0) {
    plan.items.push(item(replaceFileCommand(f.fstab, textOf(desired)), `${FSTAB}: mount ${intent.volumeName} at ${mnt} at boot (_netdev, backup volfile servers; backup next to it)`));
    plan.notes.push(...diff.map((d) => `${FSTAB} ${d}`));
  }
  if (f.mounted && !f.responds) {
    plan.items.push(item(cmd('umount', '-l', mnt), `the mount at ${mnt} does not answer (a client left over from before): detach it`));
  }
  if (!f.mounted || !f.responds) {
    if (!f.pathExists) plan.items.push(item(cmd('mkdir', '-p', mnt), `the mount point ${mnt}`));
    plan.items.push(item(cmd('mount', mnt), `mount ${intent.volumeName} at ${mnt} through its ${FSTAB} line`));
  }
  return plan;
}

export function planMount(check: MountCheck, intent: SetupIntent, inventory: Inventory): StepPlan {
  const hosts = inventory.hosts
    .filter((h) => check.hostErrors[h.name] === undefined && check.facts[h.name] !== undefined)
    .map((h) => planMountForHost(h.name, check.facts[h.name]!, intent, inventory));
  return { hosts, notes: [`each node mounts localhost:/${intent.volumeName} at ${intent.mountPath}`] };
}

export const MOUNT_TEST_PREFIX = '.gluster-console-mount-check';

/**
 * Each node writes a file through its mount; the next node (in inventory
 * order, round the ring) must read the same bytes through its own; then the
 * writer removes it. A problem is charged to the node whose mount failed.
 */
export async function verifyMountsByWriting(
  ctx: StepContext,
  names: string[] = hostNames(ctx),
  token: () => string = () => randomBytes(8).toString('hex'),
  retry = { attempts: 20, intervalMs: 250 },
): Promise<Record<string, string | null>> {
  const problems: Record<string, string | null> = Object.fromEntries(names.map((n) => [n, null]));
  if (names.length === 0) return problems;
  const mnt = ctx.intent.mountPath;
  const timeoutMs = 30_000;
  // The test file is a change, however brief: it goes through the one runner, which audits it.
  const change = async (host: string, command: Command, why: string) => {
    const run = await runItems([{ host, command, why, timeoutMs }], {
      executor: ctx.executor,
      source: 'mount',
      ...(ctx.audit ? { audit: ctx.audit } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const outcome = run.outcomes[0]!;
    if (outcome.sshError) throw outcome.sshError;
    return outcome;
  };
  // Reading it back changes nothing: asked directly, like the checks.
  const read = (host: string, command: Command) => ctx.executor.exec(host, command, { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  await Promise.all(
    names.map(async (writer, i) => {
      const reader = names[(i + 1) % names.length]!;
      const file = `${mnt}/${MOUNT_TEST_PREFIX}.${writer}`;
      const value = token();
      try {
        const w = await change(writer, sh`printf '%s' ${value} > ${file}`, `the mount check's test file, written through ${writer}'s mount`);
        if (!w.ok) {
          problems[writer] = `writing ${file} through ${writer}'s mount failed: ${w.cancelled ? 'cancelled' : ((w.result?.stderr || w.result?.stdout) ?? '').trim()}`;
          return;
        }
        // A new file can take a moment to show through another client: ask a few times.
        let seen = '';
        for (let attempt = 0; attempt < retry.attempts && seen !== value; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, retry.intervalMs));
          const r = await read(reader, sh`cat ${file} 2>/dev/null || true`);
          seen = r.stdout;
        }
        if (seen !== value) problems[reader] = `${reader} does not read through its mount what ${writer} wrote through its own (${file})`;
        await change(writer, cmd('rm', '-f', file), `remove the mount check's test file`);
      } catch (err) {
        // Charged to the host that did not answer, which may be the reader.
        const who = err instanceof SshError && names.includes(err.host) ? err.host : writer;
        problems[who] = describeError(err, who);
      }
    }),
  );
  return problems;
}

export const mountStep: StepDefinition<Record<string, MountFacts>> = {
  id: 'mount',
  number: 6,
  title: 'Mount',
  summary: 'every node mounts the volume (fstab: _netdev, backup volfile servers); verified by writing on one node and reading on another',
  settleMs: 10_000,
  async check(ctx) {
    const { results, errors } = await readHosts(ctx, hostNames(ctx), () => mountCheckCommand(ctx.intent));
    const facts: Record<string, MountFacts> = {};
    for (const [host, result] of Object.entries(results)) facts[host] = parseMountCheck(result.stdout, ctx.intent.volumeName);
    return { facts, hostErrors: errors };
  },
  plan: planMount,
  verifyApplied: (ctx, _check, hosts) => verifyMountsByWriting(ctx, hosts),
};

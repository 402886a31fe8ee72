// Step 5, volume: the layout and the order of the bricks come from the layout
// validator (the operator's words, or the best layout it suggests); the exact
// `gluster volume create` command is in the plan; it runs with --mode=script,
// then `volume start`. A volume that exists already is no error: it is started
// if it is not, and otherwise left alone, its bricks wherever volume info
// says. A new volume's brick directory is chosen in brick-path.ts; a
// volume-id already on it is matched against the volumes that exist.
import type { Inventory } from '../config/inventory.js';
import { peerStatusXml, volumeCreate, volumeInfoXml, volumeStart, volumeStatusXml } from '../gluster/commands.js';
import {
  checkCreateWords,
  layoutWords,
  parseCreateWords,
  parseGlusterVersion,
  rulesFor,
  suggestLayouts,
  validateCreate,
  NEWEST_GLUSTER,
  type BrickFacts,
  type BrickInput,
  type PeerFacts,
  type Verdict,
} from '../gluster/layout/index.js';
import { layoutString, parsePeerStatus, parseVolumeInfo, parseVolumeStatus, volumeIdAsUuid, volumeWithId, type Peer, type VolumeInfo, type VolumeStatus } from '../gluster/xml/index.js';
import { sh } from '../shell/command.js';
import { whereGlusterdRuns } from '../gluster/glusterd.js';
import { brickDevice } from './bricks.js';
import { brickCandidates, brickOwner, knownVolumes, newBrickDir } from './brick-path.js';
import { brickQuestions, parseOnHostBrick, toBrickFacts, type OnHostBrick } from './brick-questions.js';
import { canonicalPath, splitBrickWord } from '../gluster/layout/bricks.js';
import { brickDir, layoutWordsOf, type SetupIntent } from './intent.js';
import { peerIdentity } from './probe.js';
import { hostNames, readHosts } from './read.js';
import { concurrentSections, parseSections, section } from './sections.js';
import type { CheckResult, HostPlan, StepDefinition, StepPlan } from './types.js';
import { GLUSTERD_BUSY_RETRY } from './busy.js';
import { PEER_IN_CLUSTER } from '../gluster/xml/peer-status.js';

export interface BrickDirFacts {
  exists: boolean;
  /** The brick mount is mounted (the brick's parent is its own filesystem). */
  parentMounted: boolean;
  parentExists: boolean;
  isMountPoint: boolean;
  onRootFs: boolean;
  /** Hex volume-id xattr when the directory already belongs to a volume. */
  volumeId: string;
  sizeBytes: number | null;
}

export interface VolumeHostFacts {
  glusterVersion: string | null;
  peers: Peer[] | null;
  volumes: VolumeInfo[] | null;
  /** `volume status NAME` when the volume runs. */
  status: VolumeStatus | null;
  /** The candidate brick directories (brick-path.ts), by path. */
  dirs: Record<string, BrickDirFacts>;
  /** Other directories the layout's HOST:/PATH words name, asked as glusterd would (brick-questions.ts). */
  named?: Record<string, OnHostBrick>;
}

export type VolumeCheck = CheckResult<Record<string, VolumeHostFacts>>;

export const VOLUME_SETTLE_MS = 30_000;

/** What the volume step needs to know about one candidate brick directory. */
function brickDirCheck(brick: string, mount: string) {
  return sh`b=${brick}; m=${mount}
if [ -d "$b" ]; then echo exists; fi
if [ -d "$m" ]; then echo parent; fi
if mountpoint -q "$m"; then echo parent-mounted; fi
if mountpoint -q "$b"; then echo mountpoint; fi
if [ -d "$b" ] && [ "$(stat -c %d "$b")" = "$(stat -c %d /)" ]; then echo rootfs; fi
if [ -d "$b" ]; then echo "volid $(getfattr --absolute-names -n trusted.glusterfs.volume-id -e hex "$b" 2>/dev/null | sed -n 's/^trusted.glusterfs.volume-id=0x//p')"; fi
if [ -d "$b" ]; then echo "size $(df -P -B1 "$b" | awk 'NR==2 {print $2}')"; fi`;
}

/** Section names of the candidate brick directories: `brick` for the first volume's, `brick.own` for the volume's own. */
function brickSections(intent: Pick<SetupIntent, 'volumeName' | 'brickMount'>): Array<[string, string]> {
  return brickCandidates(intent).map((path, i) => [i === 0 ? 'brick' : 'brick.own', path]);
}

/** The paths of the layout's HOST:/PATH words that are not candidate brick directories. */
function namedPaths(intent: Pick<SetupIntent, 'volumeName' | 'brickMount'> & Partial<Pick<SetupIntent, 'layout'>>): string[] {
  const candidates = brickCandidates(intent);
  const paths = layoutWordsOf(intent.layout ?? '').map(splitBrickWord).filter((b) => b !== null).map((b) => canonicalPath(b.path));
  return [...new Set(paths)].filter((p) => !candidates.includes(p));
}

export function volumeCheckCommand(intent: Pick<SetupIntent, 'volumeName' | 'brickMount'> & Partial<Pick<SetupIntent, 'layout'>>) {
  // The gluster questions at the same time: each is a CLI run that waits on glusterd.
  return concurrentSections(
    section('version', sh`glusterd --version 2>/dev/null | head -n 1`),
    section('peers', whereGlusterdRuns(peerStatusXml())),
    section('info', whereGlusterdRuns(volumeInfoXml())),
    section('status', whereGlusterdRuns(volumeStatusXml(intent.volumeName))),
    ...brickSections(intent).map(([name, path]) => section(name, brickDirCheck(path, intent.brickMount))),
    ...namedPaths(intent).map((path, i) => section(`named${i}`, brickQuestions(path))),
  );
}

function tryParse<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

function parseBrickDir(text: string | undefined): BrickDirFacts {
  const lines = (text ?? '').split('\n').map((l) => l.trim());
  const value = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1).trim() ?? '';
  const size = value('size');
  return {
    exists: lines.includes('exists'),
    parentExists: lines.includes('parent'),
    parentMounted: lines.includes('parent-mounted'),
    isMountPoint: lines.includes('mountpoint'),
    onRootFs: lines.includes('rootfs'),
    volumeId: value('volid').replace(/^0x/, ''),
    sizeBytes: /^[0-9]+$/.test(size) ? Number(size) : null,
  };
}

export function parseVolumeCheck(stdout: string, intent: Pick<SetupIntent, 'volumeName' | 'brickMount'> & Partial<Pick<SetupIntent, 'layout'>>): VolumeHostFacts {
  const s = parseSections(stdout);
  const named = namedPaths(intent).flatMap((path, i) => (s[`named${i}`] ? [[path, parseOnHostBrick(s[`named${i}`]!.text)] as const] : []));
  const versionLine = (s.version?.text ?? '').trim();
  return {
    glusterVersion: versionLine ? (/([0-9]+\.[0-9]+)/.exec(versionLine)?.[1] ?? null) : null,
    peers: tryParse(() => parsePeerStatus(s.peers?.text ?? '')),
    volumes: tryParse(() => parseVolumeInfo(s.info?.text ?? '')),
    status: tryParse(() => parseVolumeStatus(s.status?.text ?? '').find((v) => v.name === intent.volumeName) ?? null),
    dirs: Object.fromEntries(brickSections(intent).filter(([name]) => s[name] !== undefined).map(([name, path]) => [path, parseBrickDir(s[name]!.text)])),
    ...(named.length > 0 ? { named: Object.fromEntries(named) } : {}),
  };
}

/** The host that runs create/start: the first (in inventory order) that answered with peers and volumes. */
export function volumeAnchor(check: VolumeCheck, inventory: Inventory): string | null {
  return inventory.hosts.find((h) => check.facts[h.name]?.peers && check.facts[h.name]?.volumes)?.name ?? null;
}

export function brickInputs(check: VolumeCheck, path: string, inventory: Inventory): BrickInput[] {
  return inventory.hosts
    .filter((h) => brickDevice(h) !== null && check.facts[h.name]?.dirs[path])
    .map((h) => {
      const b = check.facts[h.name]!.dirs[path]!;
      return {
        host: h.name,
        path,
        zone: h.zone,
        storage: b.onRootFs ? 'root' : h.device ? 'volume' : 'transient',
        ...(b.sizeBytes !== null ? { sizeBytes: b.sizeBytes } : {}),
        isMountPoint: b.isMountPoint,
        partOfVolume: b.volumeId !== '',
        parentExists: b.parentExists,
      } satisfies BrickInput;
    });
}

/**
 * Why this directory cannot become a brick of the new volume yet, or null.
 * A volume-id on it is matched against the volumes that exist: another
 * volume's brick is never to be cleared; only an id no volume has (a create
 * cut short, a volume deleted since) gets the advice to clear it.
 */
export function brickDirProblem(host: string, path: string, d: BrickDirFacts | undefined, intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>, volumes: readonly VolumeInfo[]): string | null {
  if (!d) return `the check did not say whether the brick ${path} on ${host} is ready: check again`;
  if (!d.parentMounted || !d.exists) {
    return `the brick ${path} is not ready (${d.parentMounted ? 'the directory is missing' : `${intent.brickMount} is not mounted`}): finish the bricks step`;
  }
  if (!d.volumeId) return null;
  const id = volumeIdAsUuid(d.volumeId) ?? d.volumeId;
  const owner = volumeWithId(volumes, d.volumeId);
  if (owner) {
    return `${host}:${path} is ${owner.name}'s brick (it carries ${owner.name}'s volume-id ${id}): it is left alone; ${intent.volumeName} needs a brick directory of its own, e.g. another brick mount`;
  }
  return `${host}:${path} carries volume-id ${id}, which no existing volume has: a create cut short, or a volume deleted since, leaves this; if nothing on it is needed, clear it on ${host} with "setfattr -x trusted.glusterfs.volume-id ${path}; setfattr -x trusted.gfid ${path}; rm -rf ${path}/.glusterfs" and check again`;
}

/** The pool as `anchor` sees it (itself included), named as the inventory names the hosts. */
export function peerFacts(anchor: string, peers: Peer[], inventory: Inventory): PeerFacts[] {
  const self = inventory.hosts.find((h) => h.name === anchor)!;
  return [
    { name: anchor, aliases: [self.address], connected: true, inCluster: true },
    ...peers.map((p) => {
      const id = peerIdentity(p, inventory);
      const host = inventory.hosts.find((h) => h.name === id);
      return {
        name: id ?? p.hostname,
        aliases: [...new Set([p.hostname, ...p.hostnames, ...(host ? [host.address] : [])])],
        connected: p.connected,
        inCluster: p.state === PEER_IN_CLUSTER,
      };
    }),
  ];
}

export interface ChosenLayout {
  words: string[];
  verdict: Verdict;
  /** How the layout was chosen, for the plan's notes. */
  source: string;
}

/** The layout words and bricks for the create command, validated. */
export function chooseLayout(
  intent: SetupIntent,
  bricks: BrickInput[],
  facts: { glusterVersion: string; peers: PeerFacts[]; existingVolumes: string[]; zones: string[] },
  /** What the hosts said about directories the words name outside the candidates (the volume step's check). */
  describeNamed?: (host: string, path: string) => BrickFacts,
): ChosenLayout | { problem: string } {
  const words = layoutWordsOf(intent.layout);
  const base = { glusterVersion: facts.glusterVersion, volumeName: intent.volumeName, peers: facts.peers, existingVolumes: facts.existingVolumes, zones: facts.zones };
  const usable = (v: Verdict) => v.accepted && !v.warnings.some((w) => w.code === 'transient-only-set');
  if (words.length === 0) {
    const suggestions = suggestLayouts({ ...base, bricks });
    const best = suggestions.find((s) => usable(s.verdict));
    if (!best) return { problem: `the validator suggests no layout for these ${bricks.length} bricks that keeps every set off transient-only storage: add hosts with attached volumes, or give a layout` };
    return { words: best.words, verdict: best.verdict, source: `the best layout the validator suggests: ${best.title} (${best.why})` };
  }
  const version = parseGlusterVersion(facts.glusterVersion) ?? parseGlusterVersion(NEWEST_GLUSTER)!;
  const parsed = parseCreateWords(words, rulesFor(version));
  if (parsed.bricks.length > 0) {
    // The operator named the bricks too: check exactly that, with what the hosts told us.
    const byHost = new Map(bricks.map((b) => [`${b.host}:${b.path}`, b]));
    const verdict = checkCreateWords(words, { ...base, describeBrick: (host, path) => {
      const candidate = byHost.get(`${host}:${path}`);
      if (!candidate) return describeNamed?.(host, path) ?? {};
      const { host: _h, path: _p, ...known } = candidate;
      return known;
    } });
    return { words, verdict, source: `the layout as given: ${intent.layout}` };
  }
  const wanted = layoutWords(parsed.layout).join(' ');
  const match = suggestLayouts({ ...base, bricks, limit: 9 }).find((s) => layoutWords(s.layout).join(' ') === wanted);
  if (match) return { words: match.words, verdict: match.verdict, source: `${intent.layout}, bricks ordered by the validator so sets span hosts and zones: ${match.summary.text} (${match.why})` };
  const verdict = validateCreate({ ...base, layout: parsed.layout, bricks, force: false });
  return { words: [...layoutWords(parsed.layout), ...bricks.map((b) => `${b.host}:${b.path}`)], verdict, source: `${intent.layout}, bricks in inventory order` };
}

export function describeVerdictProblems(v: Verdict): string {
  return v.errors.map((e) => `${e.message} (${e.fix})`).join('; ');
}

export function planVolume(check: VolumeCheck, intent: SetupIntent, inventory: Inventory): StepPlan {
  const plans = new Map<string, HostPlan>();
  for (const h of inventory.hosts) if (check.hostErrors[h.name] === undefined && check.facts[h.name]) plans.set(h.name, { host: h.name, items: [], notes: [] });
  const ordered = () => inventory.hosts.filter((h) => plans.has(h.name)).map((h) => plans.get(h.name)!);
  const anchor = volumeAnchor(check, inventory);
  if (anchor === null) {
    for (const p of plans.values()) p.blocked = 'glusterd does not answer here: finish the install and probe steps';
    return { hosts: ordered(), notes: [] };
  }
  const facts = check.facts[anchor]!;
  const name = intent.volumeName;
  const existing = facts.volumes!.find((v) => v.name === name);
  const notes: string[] = [];
  if (existing) {
    notes.push(`${name} exists: ${existing.typeStr} ${layoutString(existing)}, ${existing.statusStr}; it is not created again`);
    if (existing.status !== 1) {
      plans.get(anchor)!.items.push({ host: anchor, command: volumeStart(name), why: `start ${name} (it is ${existing.statusStr})`, retry: GLUSTERD_BUSY_RETRY });
      for (const p of plans.values()) if (p.host !== anchor) p.waiting = `waits for ${anchor} to start ${name}`;
      return { hosts: ordered(), notes };
    }
    // Started: every brick must be online; each host answers for its own.
    const online = new Set((facts.status?.bricks ?? []).filter((b) => b.online).map((b) => `${b.hostname}:${b.path}`));
    for (const b of existing.bricks) {
      const owner = brickOwner(b.host, inventory);
      const plan = owner ? plans.get(owner) : undefined;
      if (plan && !online.has(`${b.host}:${b.path}`)) {
        plan.waiting = `the brick ${b.host}:${b.path} is not online (is its filesystem mounted and glusterd running on ${owner}?)`;
      }
    }
    return { hosts: ordered(), notes };
  }

  // To create: one brick directory for the volume, ready on every host, every host in the pool.
  const volumes = knownVolumes(inventory.hosts.map((h) => check.facts[h.name]?.volumes)) ?? [];
  const chosen = newBrickDir(intent, volumes);
  if ('why' in chosen) {
    for (const p of plans.values()) p.blocked = chosen.why;
    return { hosts: ordered(), notes };
  }
  const path = chosen.path;
  notes.push(`each brick of ${name}: ${path}${path === brickDir(intent) ? '' : ` (${brickDir(intent)} is another volume's)`}`);
  for (const h of inventory.hosts) {
    const p = plans.get(h.name);
    const f = check.facts[h.name];
    if (!p || !f) continue;
    if (brickDevice(h) === null) {
      p.notes.push('no brick device in the inventory: no brick on this host');
      continue;
    }
    const problem = brickDirProblem(h.name, path, f.dirs[path], intent, volumes);
    if (problem) p.blocked = problem;
  }
  if ([...plans.values()].some((p) => p.blocked !== undefined) || plans.size < inventory.hosts.length) {
    for (const p of plans.values()) if (p.blocked === undefined) p.waiting = 'waits for every brick to be ready';
    return { hosts: ordered(), notes };
  }
  const peers = peerFacts(anchor, facts.peers!, inventory);
  const layout = chooseLayout(intent, brickInputs(check, path, inventory), {
    glusterVersion: facts.glusterVersion ?? NEWEST_GLUSTER,
    peers,
    existingVolumes: facts.volumes!.map((v) => v.name),
    zones: [...new Set(inventory.hosts.map((h) => h.zone))],
  }, (host, path) => {
    const h = inventory.hosts.find((x) => x.name === brickOwner(host, inventory));
    const b = h ? check.facts[h.name]?.named?.[canonicalPath(path)] : undefined;
    return h && b ? toBrickFacts(h, b, path, volumes, inventory) : {};
  });
  const anchorPlan = plans.get(anchor)!;
  if ('problem' in layout) {
    anchorPlan.blocked = layout.problem;
  } else {
    notes.push(`layout: ${layout.source}`);
    const v = layout.verdict;
    if (v.summary) notes.push(`${v.summary.type} ${v.summary.text}; survives: ${v.summary.survives.text}`);
    for (const w of v.warnings) notes.push(`warning: ${w.message}${w.fix ? ` (${w.fix})` : ''}`);
    const transientOnly = v.warnings.find((w) => w.code === 'transient-only-set');
    if (!v.accepted) anchorPlan.blocked = `gluster would refuse this volume: ${describeVerdictProblems(v)}`;
    else if (transientOnly) anchorPlan.blocked = `a set of this layout consists of transient bricks only (${transientOnly.message}): choose a layout that pairs every transient brick with attached volumes`;
    else {
      anchorPlan.items.push({ host: anchor, command: volumeCreate(name, layout.words), why: `create ${name}`, retry: GLUSTERD_BUSY_RETRY });
      anchorPlan.items.push({ host: anchor, command: volumeStart(name), why: `start ${name}`, retry: GLUSTERD_BUSY_RETRY });
    }
  }
  for (const p of plans.values()) {
    if (p.host === anchor) continue;
    if (anchorPlan.blocked !== undefined) p.waiting = `waits for ${anchor}: ${anchorPlan.blocked}`;
    else p.waiting = `waits for ${anchor} to create ${name}`;
  }
  return { hosts: ordered(), notes };
}

export const volumeStep: StepDefinition<Record<string, VolumeHostFacts>> = {
  id: 'volume',
  number: 5,
  title: 'Volume',
  summary: 'the volume created with the validated layout, and started',
  settleMs: VOLUME_SETTLE_MS,
  async check(ctx) {
    const { results, errors } = await readHosts(ctx, hostNames(ctx), () => volumeCheckCommand(ctx.intent));
    const facts: Record<string, VolumeHostFacts> = {};
    for (const [host, result] of Object.entries(results)) {
      const f = parseVolumeCheck(result.stdout, ctx.intent);
      if (!f.peers || !f.volumes) errors[host] = `glusterd does not answer on ${host}: finish the install step, then check again`;
      else facts[host] = f;
    }
    return { facts, hostErrors: errors };
  },
  plan: planVolume,
};

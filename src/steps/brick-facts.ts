// What the layout check asks the hosts before it judges a `volume create`:
// for each brick directory, the facts glusterd itself tests when it stages the
// command (glusterd_validate_and_create_brickpath, glusterd_is_path_in_use),
// read without changing anything, one exec per host; and from the first host
// that answers, its version, its view of the pool and the volumes. A host
// that does not answer leaves its bricks not checked, with the reason.
import type { Inventory } from '../config/inventory.js';
import { peerStatusXml, volumeInfoXml } from '../gluster/commands.js';
import { whereGlusterdRuns } from '../gluster/glusterd.js';
import type { BrickFacts, PeerFacts } from '../gluster/layout/index.js';
import { canonicalPath } from '../gluster/layout/bricks.js';
import { parsePeerStatus, parseVolumeInfo, type Peer, type VolumeInfo } from '../gluster/xml/index.js';
import { sh, type Command } from '../shell/command.js';
import { brickQuestions, parseOnHostBrick, toBrickFacts, type OnHostBrick } from './brick-questions.js';
import type { Executor } from '../ssh/types.js';
import { brickOwner } from './brick-path.js';
import { readHosts } from './read.js';
import { concurrentSections, parseSections, section } from './sections.js';
import { peerFacts } from './volume.js';

export interface HostAnswer {
  glusterVersion: string | null;
  peers: Peer[] | null;
  volumes: VolumeInfo[] | null;
  bricks: Record<string, OnHostBrick>;
}

/** Everything one host is asked, in one exec; brick sections are `b0`, `b1`, ... in the order of `paths`. */
export function brickFactsCommand(paths: readonly string[]): Command {
  return concurrentSections(
    section('version', sh`glusterd --version 2>/dev/null | head -n 1`),
    section('peers', whereGlusterdRuns(peerStatusXml())),
    section('info', whereGlusterdRuns(volumeInfoXml())),
    ...paths.map((p, i) => section(`b${i}`, brickQuestions(canonicalPath(p)))),
  );
}

function tryParse<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

export function parseBrickFacts(stdout: string, paths: readonly string[]): HostAnswer {
  const s = parseSections(stdout);
  const versionLine = (s.version?.text ?? '').trim();
  const bricks: Record<string, OnHostBrick> = {};
  paths.forEach((p, i) => {
    const text = s[`b${i}`]?.text;
    if (text !== undefined) bricks[canonicalPath(p)] = parseOnHostBrick(text);
  });
  return {
    glusterVersion: /([0-9]+\.[0-9]+)/.exec(versionLine)?.[1] ?? null,
    peers: tryParse(() => parsePeerStatus(s.peers?.text ?? '')),
    volumes: tryParse(() => parseVolumeInfo(s.info?.text ?? '')),
    bricks,
  };
}

/** A brick of the command on a host of the inventory (its word may name the host or its address). */
export interface BrickOnHost {
  host: string;
  path: string;
}

export interface HostsLayoutFacts {
  /** What the validator gets: facts of the bricks whose host answered. */
  describe: (host: string, path: string) => BrickFacts;
  peers?: PeerFacts[];
  existingVolumes?: string[];
  glusterVersion?: string;
  /** The host whose version, pool and volumes were used. */
  anchor: string | null;
  /** Hosts that did not answer, with the reason and the brick words left not checked. */
  unanswered: { host: string; reason: string; bricks: string[] }[];
  /** Brick words whose host is not in the inventory. */
  notInInventory: string[];
}

/** Asks every host of the inventory that holds a brick of `words` (plus the first host, for the pool) once. */
export async function readLayoutFacts(executor: Executor, inventory: Inventory, bricks: readonly BrickOnHost[], signal?: AbortSignal): Promise<HostsLayoutFacts> {
  const byHost = new Map<string, string[]>();
  const notInInventory: string[] = [];
  for (const b of bricks) {
    const owner = brickOwner(b.host, inventory);
    if (owner === undefined) {
      notInInventory.push(`${b.host}:${b.path}`);
      continue;
    }
    const list = byHost.get(owner) ?? [];
    if (!list.includes(canonicalPath(b.path))) list.push(canonicalPath(b.path));
    byHost.set(owner, list);
  }
  const asked = inventory.hosts.filter((h) => byHost.has(h.name) || h === inventory.hosts[0]).map((h) => h.name);
  const { results, errors } = await readHosts({ executor, ...(signal ? { signal } : {}) }, asked, (host) => brickFactsCommand(byHost.get(host) ?? []));
  const answers = new Map<string, HostAnswer>();
  for (const [host, r] of Object.entries(results)) answers.set(host, parseBrickFacts(r.stdout, byHost.get(host) ?? []));
  const anchor = inventory.hosts.find((h) => answers.get(h.name)?.peers && answers.get(h.name)?.volumes)?.name ?? null;
  const a = anchor === null ? undefined : answers.get(anchor)!;
  const unanswered = asked
    .filter((h) => errors[h] !== undefined && byHost.has(h))
    .map((h) => ({ host: h, reason: errors[h]!, bricks: bricks.filter((b) => brickOwner(b.host, inventory) === h).map((b) => `${b.host}:${b.path}`) }));
  return {
    describe(host, path) {
      const h = inventory.hosts.find((x) => x.name === brickOwner(host, inventory));
      const b = h ? answers.get(h.name)?.bricks[canonicalPath(path)] : undefined;
      return h && b ? toBrickFacts(h, b, path, a?.volumes ?? null, inventory) : {};
    },
    ...(a ? { peers: peerFacts(anchor!, a.peers!, inventory), existingVolumes: a.volumes!.map((v) => v.name) } : {}),
    ...(a?.glusterVersion ? { glusterVersion: a.glusterVersion } : {}),
    anchor,
    unanswered,
    notInInventory,
  };
}

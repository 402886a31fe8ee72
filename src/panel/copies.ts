// Every brick's copy of one heal entry, read from the bricks' backends: size,
// mtime, mode, owner, gfid and AFR's blame counters. The operator resolving a
// split-brain chooses which copy stays; this is what they choose from, and how
// the panel tells data, metadata and gfid split-brain apart (gluster/afr.ts).
// Read only: stat and getfattr on the brick directory, one exec per brick host.
import { blamesFrom, gfidFromHex, parseGetfattr, splitBrainKinds, type BrickCopy, type SplitBrainKind } from '../gluster/afr.js';
import type { HealEntry } from '../gluster/xml/heal-info.js';
import { splitBrickName } from '../gluster/xml/brick-name.js';
import { sh, type Command } from '../shell/command.js';

const STAT = '@@gc-stat ';
const ABSENT = '@@gc-absent';
const GFID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One brick's answer: its copy, or why it could not be read. */
export type CopyRead = { brick: string; copy: BrickCopy; error?: undefined } | { brick: string; error: string; copy?: undefined };

/** An entry as heal info names it: a path from the volume's root, or gfid:UUID. */
export type EntryRef = { path: string } | { gfid: string };

/**
 * Where the entry lives under a brick directory. Paths come from gluster's
 * output, so they are checked: absolute, no `.` or `..` component (a path must
 * never lead the read outside the brick).
 */
export function backendPath(brickDir: string, entry: EntryRef): string {
  if ('gfid' in entry) {
    if (!GFID.test(entry.gfid)) throw new Error(`not a gfid: "${entry.gfid}"`);
    return `${brickDir}/.glusterfs/${entry.gfid.slice(0, 2)}/${entry.gfid.slice(2, 4)}/${entry.gfid}`;
  }
  const parts = entry.path.split('/');
  if (!entry.path.startsWith('/') || parts.some((p, i) => (p === '.' || p === '..') || (p === '' && i > 0 && i < parts.length - 1))) {
    throw new Error(`not a path inside the volume: "${entry.path}"`);
  }
  return entry.path === '/' ? brickDir : `${brickDir}${entry.path}`;
}

/** One command for one brick: its copy's stat line and AFR/gfid xattrs, or that there is none. */
export function copyCommand(brickDir: string, entry: EntryRef): Command {
  const p = backendPath(brickDir, entry);
  const format = `${STAT}%s %Y %a %U:%G %F`;
  const attrs = '^trusted\\.(gfid|afr\\.)';
  return sh`if [ -e ${p} ] || [ -L ${p} ]; then stat -c ${format} -- ${p}; getfattr -d -m ${attrs} -e hex -- ${p} 2>&1; else echo ${ABSENT}; fi`;
}

/** The copy from copyCommand's output; throws when the output is not what it prints. */
export function parseCopy(brick: string, index: number, volume: string, stdout: string): BrickCopy {
  const lines = stdout.split('\n');
  if (lines.some((l) => l.trim() === ABSENT)) return { brick, index, exists: false, blames: new Map() };
  const statLine = lines.find((l) => l.startsWith(STAT));
  const m = statLine ? /^(\d+) (\d+) ([0-7]+) (\S+) (.+)$/.exec(statLine.slice(STAT.length)) : null;
  if (!m) throw new Error(`unexpected answer from ${brick}: ${stdout.trim().split('\n')[0] ?? '(nothing)'}`);
  const attrs = parseGetfattr(stdout);
  const gfid = attrs.get('trusted.gfid');
  return {
    brick,
    index,
    exists: true,
    size: Number(m[1]),
    mtime: Number(m[2]),
    mode: m[3]!,
    owner: m[4]!,
    type: m[5]!,
    ...(gfid !== undefined && gfidFromHex(gfid) ? { gfid: gfidFromHex(gfid)! } : {}),
    blames: blamesFrom(attrs, volume),
  };
}

/** The brick's host and directory, as copyCommand needs them. */
export function brickParts(brick: string): { host: string; dir: string } {
  const { host, path } = splitBrickName(brick);
  return { host, dir: path };
}

/**
 * How to find an entry on every brick: by its path, which names the same file
 * on every brick even when their gfids differ (a gfid split-brain); a brick that
 * knows only the gfid borrows the path another brick gives for that gfid.
 */
export function entryRefFor(entry: HealEntry, others: readonly HealEntry[]): EntryRef {
  if (entry.path) return { path: entry.path };
  const named = others.find((o) => o.gfid === entry.gfid && o.path);
  return named?.path ? { path: named.path } : { gfid: entry.gfid };
}

/** The split-brain kinds the reads show, or why they cannot tell (a brick did not answer). */
export function kindsOf(reads: readonly CopyRead[]): { kinds: SplitBrainKind[] } | { unknown: string } {
  const failed = reads.filter((r) => r.error !== undefined);
  if (failed.length > 0) return { unknown: failed.map((r) => `${r.brick}: ${r.error}`).join('; ') };
  return { kinds: splitBrainKinds(reads.map((r) => r.copy!)) };
}

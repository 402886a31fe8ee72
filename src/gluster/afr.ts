// What the replicate translator (AFR) keeps on each brick's copy of a file,
// read from the brick's backend with `getfattr -d -m ... -e hex`, and what it
// says about split-brain. Measured on GlusterFS 10.3 (docs/GLUSTER-FACTS.md):
// - trusted.afr.VOL-client-N is 12 bytes, three big-endian counters of
//   operations this copy saw that brick N (the volume's N-th brick, from 0) did
//   not: data, metadata, entry. Two copies that each blame the other for the
//   same kind are in split-brain of that kind.
// - a gfid split-brain (one name, a different trusted.gfid per brick) is not in
//   `heal info split-brain`: its parent directory is, and the file sits in
//   `heal info` as pending; reads give EIO.
// - which policy gluster accepts: bigger-file and latest-mtime only for data
//   split-brain ("Use source-brick option to heal metadata split-brain."); for a
//   gfid split-brain both fail ("Lookup failed on /gf:Input/output error.") and
//   source-brick on the file's path works ("GFID split-brain resolved for file
//   /gf"); a directory's entry split-brain has no CLI policy: it merges by itself
//   once the gfid split-brains inside it are resolved and self-heal runs.
import type { SplitBrainPolicy } from './commands.js';

export type AfrKind = 'data' | 'metadata' | 'entry';
export type SplitBrainKind = AfrKind | 'gfid';

export interface AfrPending {
  data: number;
  metadata: number;
  entry: number;
}

/** One brick's copy of an entry, as its backend shows it. */
export interface BrickCopy {
  /** The brick, HOST:PATH, and its index in the volume (AFR's client-N). */
  brick: string;
  index: number;
  exists: boolean;
  size?: number;
  /** Seconds since the epoch. */
  mtime?: number;
  /** Permission bits in octal, e.g. "644". */
  mode?: string;
  owner?: string;
  type?: string;
  gfid?: string;
  /** What this copy says the other bricks missed, by their index. */
  blames: Map<number, AfrPending>;
}

/** Decodes one trusted.afr.* value: 0x + 24 hex digits (three 32-bit counters). */
export function parseAfrPending(hex: string): AfrPending | null {
  const m = /^0x([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{8})$/i.exec(hex.trim());
  if (!m) return null;
  return { data: Number.parseInt(m[1]!, 16), metadata: Number.parseInt(m[2]!, 16), entry: Number.parseInt(m[3]!, 16) };
}

/** `getfattr -d -e hex` text → name → value (lines "name=value"; "# file:" headers skipped). */
export function parseGetfattr(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z0-9._-]+)=(.*)$/.exec(line.trim());
    if (m) attrs.set(m[1]!, m[2]!);
  }
  return attrs;
}

/** trusted.gfid's hex as gluster prints gfids: 8-4-4-4-12. */
export function gfidFromHex(hex: string): string | undefined {
  const m = /^0x([0-9a-f]{32})$/i.exec(hex.trim());
  if (!m) return undefined;
  const h = m[1]!.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The blame map of a copy from its xattrs: trusted.afr.VOL-client-N (the dirty flag is not a blame). */
export function blamesFrom(attrs: ReadonlyMap<string, string>, volume: string): Map<number, AfrPending> {
  const blames = new Map<number, AfrPending>();
  const prefix = `trusted.afr.${volume}-client-`;
  for (const [name, value] of attrs) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length));
    const pending = parseAfrPending(value);
    if (Number.isInteger(index) && pending) blames.set(index, pending);
  }
  return blames;
}

/** The kinds of split-brain the copies show: mutual blame of one kind, or different gfids for one name. */
export function splitBrainKinds(copies: readonly BrickCopy[]): SplitBrainKind[] {
  const present = copies.filter((c) => c.exists);
  const kinds = new Set<SplitBrainKind>();
  const gfids = new Set(present.map((c) => c.gfid).filter((g): g is string => g !== undefined));
  if (gfids.size > 1) kinds.add('gfid');
  for (const a of present) {
    for (const b of present) {
      if (a.index >= b.index) continue;
      for (const kind of ['data', 'metadata', 'entry'] as const) {
        if ((a.blames.get(b.index)?.[kind] ?? 0) > 0 && (b.blames.get(a.index)?.[kind] ?? 0) > 0) kinds.add(kind);
      }
    }
  }
  return (['gfid', 'data', 'metadata', 'entry'] as const).filter((k) => kinds.has(k));
}

export interface PolicyChoice {
  policy: SplitBrainPolicy;
  /** Why gluster would refuse it here, or null when it applies. */
  refused: string | null;
}

/**
 * The policies gluster 10 accepts for these kinds, each with the reason when it
 * does not apply, so the screen offers only what will work and says why not.
 */
export function splitBrainPolicies(kinds: readonly SplitBrainKind[], copies: readonly BrickCopy[]): PolicyChoice[] {
  const present = copies.filter((c) => c.exists);
  const sizes = new Set(present.map((c) => c.size));
  const mtimes = new Set(present.map((c) => c.mtime));
  const notData = kinds.includes('gfid')
    ? 'a gfid split-brain is resolved only by naming the brick whose copy stays (gluster 10 fails bigger-file and latest-mtime on it)'
    : kinds.includes('metadata')
      ? 'the copies differ in permissions or owner: gluster resolves metadata split-brain only with a source brick'
      : null;
  const entryOnly = kinds.length === 1 && kinds[0] === 'entry';
  const none = kinds.length === 0 ? 'the copies do not blame each other: this entry is not in split-brain' : null;
  const dir = entryOnly ? 'a directory whose entries disagree has no CLI policy: resolve the gfid split-brains inside it, then self-heal merges it' : null;
  return [
    { policy: 'bigger-file', refused: none ?? dir ?? notData ?? (sizes.size < 2 ? 'the copies have the same size: gluster refuses bigger-file' : null) },
    { policy: 'latest-mtime', refused: none ?? dir ?? notData ?? (mtimes.size < 2 ? 'the copies were modified in the same second: gluster refuses latest-mtime ("No difference in mtime")' : null) },
    { policy: 'source-brick', refused: none ?? dir },
  ];
}

// Every gluster CLI command the console runs, built in one place. Always
// --mode=script (the CLI otherwise stops at y/n prompts and, with stdin at end
// of file, answers "no"), and --xml wherever gluster has an XML form.
import { cmd, type Command } from '../shell/command.js';
import { isIPv4, validateHostName } from '../config/validate.js';
import { checkVolumeName } from './layout/volume-name.js';
import { defaultRules } from './layout/version.js';
import { splitBrickName } from './xml/brick-name.js';

export class GlusterCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlusterCommandError';
  }
}

/**
 * Volume names as glusterd accepts them: the layout validator's rule (one
 * home), with the rules of the newest GlusterFS we know, so a name that a
 * 10.x glusterd cannot write its volume files for is refused here too.
 */
export function validateVolumeName(name: string): string | null {
  const problem = checkVolumeName(name, defaultRules())[0];
  return problem ? `${problem.message}: ${problem.fix}` : null;
}

function volume(name: string): string {
  const problem = validateVolumeName(name);
  if (problem) throw new GlusterCommandError(problem);
  return name;
}

function host(name: string): string {
  const problem = validateHostName(name);
  if (problem) throw new GlusterCommandError(problem);
  return name;
}

const gluster = (...args: string[]): Command => cmd('gluster', '--mode=script', ...args);

export const peerStatusXml = (): Command => gluster('peer', 'status', '--xml');
export const poolListXml = (): Command => gluster('pool', 'list', '--xml');
export const peerProbe = (name: string): Command => gluster('peer', 'probe', host(name));
/** No --xml: with it a refusal still exits 0 ("nodeX is not part of cluster", opRet -1); without it the exit status says. */
export const peerDetach = (name: string): Command => gluster('peer', 'detach', host(name));
export const volumeInfoXml = (name?: string): Command => (name === undefined ? gluster('volume', 'info', '--xml') : gluster('volume', 'info', volume(name), '--xml'));
export const volumeStatusXml = (name: string | 'all', detail = false): Command =>
  gluster('volume', 'status', name === 'all' ? 'all' : volume(name), ...(detail ? ['detail'] : []), '--xml');
export const healInfoSummaryXml = (name: string): Command => gluster('volume', 'heal', volume(name), 'info', 'summary', '--xml');
export const healInfoSplitBrainXml = (name: string): Command => gluster('volume', 'heal', volume(name), 'info', 'split-brain', '--xml');
/** No XML form: `gluster --xml volume heal` prints plain text only. */
export const heal = (name: string, full = false): Command => gluster('volume', 'heal', volume(name), ...(full ? ['full'] : []));
export const volumeStart = (name: string, force = false): Command => gluster('volume', 'start', volume(name), ...(force ? ['force'] : []));
export const volumeSet = (name: string, key: string, value: string): Command => {
  if (!/^[a-z][a-z0-9.-]*$/.test(key)) throw new GlusterCommandError(`"${key}" is not a volume option name`);
  if (!/^[A-Za-z0-9._:,/-]+$/.test(value)) throw new GlusterCommandError(`"${value}" is not a plain option value`);
  return gluster('volume', 'set', volume(name), key, value);
};

// --- The live panel's queries and fixes ---------------------------------

/** `gluster volume get VOL all --xml`: every option with its effective value (defaults included). */
export const volumeGetXml = (name: string, key = 'all'): Command => {
  if (key !== 'all' && !/^[a-z][a-z0-9.-]*$/.test(key)) throw new GlusterCommandError(`"${key}" is not a volume option name`);
  return gluster('volume', 'get', volume(name), key, '--xml');
};
/** `gluster volume heal VOL info --xml`: the entries waiting for heal, per brick (split-brain not marked). */
export const healInfoXml = (name: string): Command => gluster('volume', 'heal', volume(name), 'info', '--xml');

export type SplitBrainPolicy = 'bigger-file' | 'latest-mtime' | 'source-brick';

/** A file as the split-brain CLI takes it: a path from the volume's root, or gfid:UUID. */
export function validateVolumeFile(file: string): string | null {
  if (/^gfid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(file)) return null;
  if (!file.startsWith('/')) return `"${file.slice(0, 80)}" is neither a path from the volume's root ("/dir/file") nor gfid:UUID`;
  if (/[\u0000-\u001f\u007f]/.test(file)) return 'a file name with control characters cannot be passed to the split-brain CLI safely';
  if (file.split('/').includes('..')) return `"${file.slice(0, 80)}" climbs out with ".."`;
  return null;
}

function volumeFile(file: string): string {
  const problem = validateVolumeFile(file);
  if (problem) throw new GlusterCommandError(problem);
  return file;
}

function brickName(name: string): string {
  // Split where gluster splits: at the last ':' (xml/brick-name.ts).
  const { host: brickHost, path } = splitBrickName(name);
  if (!brickHost) throw new GlusterCommandError(`"${name}" is not a brick (HOST:/path)`);
  // Bricks may be named by address (the seed's cluster was): a name or an IP.
  if (validateHostName(brickHost) !== null && !isIPv4(brickHost)) throw new GlusterCommandError(`"${name}" is not a brick (HOST:/path)`);
  if (!path.startsWith('/') || /[\u0000-\u001f\u007f]/.test(path)) throw new GlusterCommandError(`"${name}" is not a brick (HOST:/path)`);
  return name;
}

/**
 * Resolves a file in split-brain (no XML form: the CLI prints text).
 * bigger-file and latest-mtime need the file; source-brick without a file heals
 * every split-brain entry from that brick.
 */
export function healSplitBrain(name: string, policy: 'bigger-file' | 'latest-mtime', file: string): Command;
export function healSplitBrain(name: string, policy: 'source-brick', file: string | undefined, brick: string): Command;
export function healSplitBrain(name: string, policy: SplitBrainPolicy, file?: string, brick?: string): Command {
  if (policy === 'source-brick') {
    if (brick === undefined) throw new GlusterCommandError('source-brick needs the brick to heal from');
    return gluster('volume', 'heal', volume(name), 'split-brain', 'source-brick', brickName(brick), ...(file === undefined ? [] : [volumeFile(file)]));
  }
  if (file === undefined) throw new GlusterCommandError(`${policy} needs the file to heal`);
  return gluster('volume', 'heal', volume(name), 'split-brain', policy, volumeFile(file));
}

// ---- the guided setup -----------------------------------------------------------

/** Option words `volume create` may carry before or between counts (never a brick). */
const CREATE_WORDS = new Set(['replica', 'arbiter', 'thin-arbiter', 'disperse', 'disperse-data', 'redundancy', 'transport', 'tcp', 'rdma', 'tcp,rdma', 'force']);

function brickWord(word: string): string {
  const at = word.lastIndexOf(':');
  if (at <= 0) throw new GlusterCommandError(`"${word.replace(/[^\x20-\x7e]/g, '?')}" is neither a layout word nor a HOST:/PATH brick`);
  host(word.slice(0, at));
  const path = word.slice(at + 1);
  if (!/^\/[A-Za-z0-9._/+@=,-]*$/.test(path) || path.split('/').some((p) => p === '..')) {
    throw new GlusterCommandError(`"${word.replace(/[^\x20-\x7e]/g, '?')}": the brick path must be absolute, of letters, digits and . _ - + @ = , /`);
  }
  return word;
}

/** `gluster volume create NAME WORDS...`: WORDS as the layout validator orders them (options, then bricks). */
export const volumeCreate = (name: string, words: readonly string[]): Command => {
  const checked = words.map((w) => (CREATE_WORDS.has(w) || /^[0-9]{1,4}$/.test(w) ? w : brickWord(w)));
  if (!checked.some((w) => w.includes(':'))) throw new GlusterCommandError('volume create needs at least one HOST:/PATH brick');
  return gluster('volume', 'create', volume(name), ...checked);
};

// ---- growing and shrinking a volume ------------------------------------------

/** Option words `volume add-brick` may carry before its bricks (a replica count change; never used to grow by sets). */
const ADD_BRICK_WORDS = new Set(['replica', 'arbiter', 'force']);

/** `gluster volume add-brick VOL WORDS... --xml`: WORDS as the add-brick validator orders them. */
export const volumeAddBrick = (name: string, words: readonly string[]): Command => {
  const checked = words.map((w) => (ADD_BRICK_WORDS.has(w) || /^[0-9]{1,4}$/.test(w) ? w : brickWord(w)));
  if (!checked.some((w) => w.includes(':'))) throw new GlusterCommandError('add-brick needs at least one HOST:/PATH brick');
  return gluster('volume', 'add-brick', volume(name), ...checked, '--xml');
};

/** `gluster volume rebalance VOL start --xml`: spreads the files over the new sets (answers with the task id). */
export const rebalanceStart = (name: string): Command => gluster('volume', 'rebalance', volume(name), 'start', '--xml');
/** `gluster volume rebalance VOL status --xml`: per node files moved, scanned, failures, status (parseMigrationStatus). */
export const rebalanceStatusXml = (name: string): Command => gluster('volume', 'rebalance', volume(name), 'status', '--xml');
/** Plain-text rebalance status: the only place 10.3 gives its time-left estimate (parseMigrationEstimate). */
export const rebalanceStatusText = (name: string): Command => gluster('volume', 'rebalance', volume(name), 'status');

export type RemoveBrickAction = 'start' | 'status' | 'commit';

/**
 * `gluster volume remove-brick VOL BRICKS start|status|commit --xml`. `start`
 * migrates the files off the bricks; `commit` drops the bricks, and whatever
 * was not migrated stays behind on them: only after status says completed
 * with zero failures (migrationOutcome).
 */
export const removeBrick = (name: string, bricks: readonly string[], action: RemoveBrickAction): Command => {
  if (bricks.length === 0) throw new GlusterCommandError('remove-brick needs at least one HOST:/PATH brick');
  return gluster('volume', 'remove-brick', volume(name), ...bricks.map(brickWord), action, '--xml');
};

// ---- replacing a dead node ---------------------------------------------------------

/**
 * `gluster volume replace-brick VOL OLD NEW commit force`: 10.3 has only this
 * form (`commit` alone prints the usage, exit 1), and refuses it on distribute-only
 * volumes. Plain, not --xml: the exit status tells a refusal (GLUSTER-FACTS.md).
 */
export const replaceBrick = (name: string, oldBrick: string, newBrick: string): Command =>
  gluster('volume', 'replace-brick', volume(name), brickWord(oldBrick), brickWord(newBrick), 'commit', 'force');

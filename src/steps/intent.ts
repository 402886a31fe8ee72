// What the operator wants the setup to build: the volume's name and layout,
// where it is mounted, where the bricks go. Every field is operator input, so
// each one is checked here, with a message in the operator's terms, before
// any of it can reach a command.
import { validateRemotePath, printable } from '../config/validate.js';
import { checkVolumeName, parseCreateWords, parseGlusterVersion, rulesFor, validateCreate, NEWEST_GLUSTER } from '../gluster/layout/index.js';
import { hostileWords } from '../gluster/layout/command.js';
import { systemPathProblem } from './mount-point.js';

export interface SetupIntent {
  volumeName: string;
  /** The layout words of `gluster volume create` ("replica 3"); empty: the best layout the validator suggests. */
  layout: string;
  /** Where every node mounts the volume (the seed's /data/shared). */
  mountPath: string;
  /** Where each host's brick filesystem is mounted; each volume's brick is a subdirectory of it (steps/brick-path.ts). */
  brickMount: string;
  /** apt only: a PPA to add before installing, as the seed does (e.g. ppa:gluster/glusterfs-10). */
  aptRepository: string;
  /** Hosts whose brick device may be wiped although it holds data (the scripted form of the typed confirmation). */
  wipeHosts: string[];
}

export const DEFAULT_INTENT: Readonly<SetupIntent> = Object.freeze({
  volumeName: '',
  layout: '',
  mountPath: '/data/shared',
  brickMount: '/data/glusterfs/brick1',
  aptRepository: '',
  wipeHosts: [],
});

export type IntentField = 'volumeName' | 'layout' | 'mountPath' | 'brickMount' | 'aptRepository';

export const INTENT_LABELS: Readonly<Record<IntentField, string>> = {
  volumeName: 'Volume name',
  layout: 'Layout',
  mountPath: 'Mount path',
  brickMount: 'Brick mount',
  aptRepository: 'apt repository',
};

/**
 * The first volume's brick directory: a subdirectory of the brick mount, so an
 * unmounted disk never lets gluster write to the root filesystem. Which one a
 * volume gets is decided with the cluster's volumes in steps/brick-path.ts.
 */
export function brickDir(intent: Pick<SetupIntent, 'brickMount'>): string {
  return `${intent.brickMount}/brick`;
}

/** A volume's own brick directory, for a volume next to one that has `brick` (gluster's docs: /data/glusterfs/brick1/VOLUME). */
export function ownBrickDir(intent: Pick<SetupIntent, 'brickMount' | 'volumeName'>): string {
  return `${intent.brickMount}/${intent.volumeName}`;
}

/** Characters that make a value something other than what it looks like; named for the error message. */
function oddCharacter(value: string): string | null {
  for (const c of value) {
    const code = c.codePointAt(0)!;
    if (c === '\n' || c === '\r') return 'a line break';
    if (code < 0x20 || code === 0x7f) return `a control character (0x${code.toString(16).padStart(2, '0')})`;
    if (code > 0x7e) return `"${c}" (U+${code.toString(16).toUpperCase().padStart(4, '0')}), which is not plain ASCII`;
    if (c === ' ') return 'a space';
    if (c === '$' || c === '`') return `"${c}", which a shell would expand`;
    if (`;|&<>(){}'"\\*?!#~`.includes(c)) return `"${c}", a shell character`;
  }
  return null;
}

function pathProblem(what: string, value: string): string | null {
  if (value.length === 0) return `the ${what} cannot be empty`;
  const odd = oddCharacter(value);
  if (odd) return `the ${what} "${printable(value)}" contains ${odd}: use letters, digits and . _ - + @ = , /`;
  const problem = validateRemotePath(value);
  if (problem) return `the ${what}: ${problem}`;
  if (value === '/') return `the ${what} cannot be "/"`;
  if (value.length > 1 && value.endsWith('/')) return `the ${what} "${value}" ends with "/": leave it out`;
  // Both fields are mount points: a filesystem mounted there hides what the directory held.
  const system = systemPathProblem(value);
  if (system) return `the ${what}: ${system}`;
  return null;
}

export function checkVolumeNameField(value: string, glusterVersion?: string): string | null {
  const odd = value.length > 0 ? oddCharacter(value) : null;
  if (odd) return `the volume name "${printable(value)}" contains ${odd}: use only letters, digits, "-" and "_"`;
  const rules = rulesFor(parseGlusterVersion(glusterVersion ?? NEWEST_GLUSTER) ?? parseGlusterVersion(NEWEST_GLUSTER)!);
  const [problem] = checkVolumeName(value, rules);
  return problem ? `${problem.message}: ${problem.fix}` : null;
}

/** Problems about the bricks, which the layout field alone does not give. */
const BRICK_PROBLEMS = new Set(['no-bricks', 'count-not-multiple', 'disperse-mismatch', 'same-host', 'unknown-host', 'host-disconnected', 'duplicate-brick']);

/** The layout words split as the operator typed them (single spaces between words). */
export function layoutWordsOf(value: string): string[] {
  return value.split(' ').filter((w) => w !== '');
}

export function checkLayoutField(value: string, glusterVersion?: string): string | null {
  if (value.trim() === '') return null;
  const words = layoutWordsOf(value);
  const [hostile] = hostileWords(words);
  if (hostile) return `the layout: ${hostile.message}; ${hostile.fix}`;
  const rules = rulesFor(parseGlusterVersion(glusterVersion ?? NEWEST_GLUSTER) ?? parseGlusterVersion(NEWEST_GLUSTER)!);
  const parsed = parseCreateWords(words, rules);
  const problem = parsed.errors.find((e) => e.code !== 'no-bricks');
  if (problem) return `the layout "${value}": ${problem.message}; ${problem.fix}`;
  const stray = parsed.bricks.find((b) => b.host === '');
  if (stray) return `the layout "${value}": "${stray.path}" is neither a layout word (replica, arbiter, disperse, redundancy, transport) nor a HOST:/PATH brick`;
  // Bricks named here would be silently replaced by the setup's own (one per host, in inventory order): refuse them.
  const named = parsed.bricks.find((b) => b.host !== '');
  if (named) {
    return `the layout "${value}": the setup places the bricks itself (one per inventory host, in inventory order, under the brick mount), so it takes only layout words such as "replica 3"; remove "${named.host}:${named.path}" (to check a layout with your own bricks, use gluster-console layout check)`;
  }
  // The rules that need no bricks (replica >= 2, redundancy range, stripe gone...) already apply to the words.
  const verdict = validateCreate({ glusterVersion: rules.version.text, layout: parsed.layout, bricks: parsed.bricks });
  const rule = verdict.errors.find((e) => !BRICK_PROBLEMS.has(e.code));
  if (rule) return `the layout "${value}": ${rule.message}; ${rule.fix}`;
  return null;
}

export function checkAptRepositoryField(value: string): string | null {
  if (value === '') return null;
  const odd = oddCharacter(value);
  if (odd) return `the apt repository "${printable(value)}" contains ${odd}`;
  if (!/^ppa:[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(value)) {
    return `the apt repository "${value}" is not a PPA: write it as ppa:OWNER/NAME, e.g. ppa:gluster/glusterfs-10`;
  }
  return null;
}

export function checkIntentField(field: IntentField, value: string, glusterVersion?: string): string | null {
  switch (field) {
    case 'volumeName':
      return checkVolumeNameField(value, glusterVersion);
    case 'layout':
      return checkLayoutField(value, glusterVersion);
    case 'mountPath':
      return pathProblem('mount path', value);
    case 'brickMount':
      return pathProblem('brick mount', value);
    case 'aptRepository':
      return checkAptRepositoryField(value);
  }
}

const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);

/** Every problem with the intent, per field (empty when it can be used). */
export function checkIntent(intent: SetupIntent, glusterVersion?: string): Partial<Record<IntentField, string>> {
  const problems: Partial<Record<IntentField, string>> = {};
  for (const field of Object.keys(INTENT_LABELS) as IntentField[]) {
    const problem = checkIntentField(field, intent[field], glusterVersion);
    if (problem) problems[field] = problem;
  }
  if (!problems.mountPath && !problems.brickMount) {
    if (inside(intent.mountPath, intent.brickMount) || inside(intent.brickMount, intent.mountPath)) {
      problems.mountPath = `the mount path ${intent.mountPath} and the brick mount ${intent.brickMount} overlap: keep the volume's mount apart from the bricks`;
    }
  }
  return problems;
}

/** A complete intent from partial (saved or typed) values. */
export function intentWith(values: Partial<SetupIntent>): SetupIntent {
  return { ...DEFAULT_INTENT, ...values, wipeHosts: [...(values.wipeHosts ?? [])] };
}

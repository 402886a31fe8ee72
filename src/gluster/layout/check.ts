// One call for a pasted command or the words after the volume name: refuse
// what cannot be read, parse as the CLI of that version would, then validate.
import { hostileWords, readCreateCommand } from './command.js';
import { parseCreateWords } from './parse-words.js';
import { rulesOrError, unusableVerdict, validateCreate } from './rules.js';
import { checkVolumeName } from './volume-name.js';
import type { BrickInput, HostFacts, Verdict } from './types.js';

export type BrickFacts = Omit<BrickInput, 'host' | 'path'>;

export interface CheckOptions extends HostFacts {
  glusterVersion?: string;
  /** What is known about a brick directory on its host: the console's scan of the hosts, or a test's model of its lab. */
  describeBrick?: (host: string, path: string) => BrickFacts;
}

export function checkCreateWords(input: readonly string[], options: CheckOptions = {}): Verdict {
  const rules = rulesOrError(options.glusterVersion);
  if (!('opwords' in rules)) return unusableVerdict([rules]);
  const version = rules.version.text;
  if (input.length === 0) {
    return unusableVerdict([{ code: 'unusable-input', message: 'nothing to check', fix: 'give the words after the volume name, e.g. replica 3 node1:/bricks/b node2:/bricks/b node3:/bricks/b' }], version);
  }
  const hostile = hostileWords(input);
  if (hostile.length > 0) return unusableVerdict(hostile, version);
  const read = readCreateCommand(input);
  if ('problem' in read) return unusableVerdict([read.problem], version);
  const { command } = read;
  const parsed = parseCreateWords(command.words, rules);
  if (parsed.errors.length > 0) {
    const name = command.volumeName === undefined ? [] : checkVolumeName(command.volumeName, rules, parsed.layout.transport);
    return { accepted: false, usable: true, glusterVersion: version, errors: [...name, ...parsed.errors], warnings: [], notChecked: [], summary: null };
  }
  const describe = (b: BrickInput): BrickInput => (options.describeBrick && b.host !== '' ? { ...options.describeBrick(b.host, b.path), ...b } : b);
  const { describeBrick: _describe, ...facts } = options;
  return validateCreate({
    ...facts,
    glusterVersion: version,
    ...(command.volumeName !== undefined ? { volumeName: command.volumeName } : {}),
    layout: parsed.layout,
    bricks: parsed.bricks.map(describe),
    ...(parsed.thinArbiterBrick ? { thinArbiterBrick: describe(parsed.thinArbiterBrick) } : {}),
    force: parsed.force || command.wignore,
  });
}

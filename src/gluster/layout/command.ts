// Operators paste the command they are about to run. This reads such a paste
// (`sudo gluster --mode=script volume create NAME ...`) or just the words after
// the name, and refuses words that cannot be what they look like: a word with
// a space, a line break, a quote, `;` or `$(` was not typed as gluster words,
// so nothing is guessed about it.
import type { Problem } from './types.js';

export interface CreateCommand {
  volumeName?: string;
  words: string[];
  /** `--wignore` sets force for glusterd. */
  wignore: boolean;
  /** `--mode=script` was given: the CLI answers its questions with yes. */
  scriptMode: boolean;
}

const SHELL_CHARS = new Set([...';|&$`<>(){}[]\\\'"!*?~#']);

function describe(c: string): string {
  const code = c.codePointAt(0)!;
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  if (c === '\n' || c === '\r') return 'a line break';
  if (code < 0x20 || code === 0x7f) return `a control character (0x${code.toString(16).padStart(2, '0')})`;
  if (code > 0x7e) return `"${c}" (U+${code.toString(16).toUpperCase().padStart(4, '0')}), which is not plain ASCII`;
  return `"${c}", a shell character`;
}

function shown(word: string): string {
  const safe = word.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 40 ? `${safe.slice(0, 37)}...` : safe;
}

/** Words that cannot be gluster words as typed; one problem per bad word. */
export function hostileWords(words: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  words.forEach((word, i) => {
    const bad = [...word].find((c) => {
      const code = c.codePointAt(0)!;
      return code < 0x21 || code > 0x7e || SHELL_CHARS.has(c);
    });
    if (bad === undefined) return;
    const space = bad === ' ' || bad === '\t';
    problems.push({
      code: 'unusable-input',
      message: `word ${i + 1} ("${shown(word)}") contains ${describe(bad)}`,
      fix: space
        ? 'pass the command as separate words, without quotes around it'
        : 'brick paths use letters, digits and . _ - + @ = , / only, and volume names letters, digits, - and _',
    });
  });
  return problems;
}

/**
 * A command pasted as one quoted argument ("gluster volume create gv0 replica 3
 * ...") is read as the words it holds, split at blanks and line breaks (a
 * backslash that continues a line is dropped with its line break). The words
 * are then judged like typed ones, so a shell character still refuses them.
 */
export function splitPastedCommand(input: readonly string[]): string[] {
  if (input.length !== 1 || !/\s/.test(input[0]!)) return [...input];
  return input[0]!.replace(/\\\r?\n/g, ' ').split(/\s+/).filter((w) => w !== '');
}

const SCRIPT_OPTIONS = /^--(xml|nolog|inet6|wignore-partition|mode=interactive|remote-host=.+|log-file=.+|log-level=.+|timeout=[0-9]+|glusterd-sock=.+|secure-mgmt=.+)$/;

/**
 * Splits a pasted command into the volume name and the words after it. Words
 * alone (no `gluster volume create NAME` in front) are returned as they are.
 */
export function readCreateCommand(input: readonly string[]): { command: CreateCommand } | { problem: Problem } {
  let wignore = false;
  let scriptMode = false;
  const words: string[] = [];
  let optionsEnded = false;
  for (const w of input) {
    // The gluster CLI takes --options anywhere on the line (parse_cmdline), until a bare "--".
    if (!optionsEnded && w.startsWith('--')) {
      if (w === '--') optionsEnded = true;
      else if (w === '--mode=script') scriptMode = true;
      else if (w === '--wignore') wignore = true;
      else if (!SCRIPT_OPTIONS.test(w)) {
        return { problem: { code: 'unusable-input', message: `"${shown(w)}" is not a gluster option`, fix: 'drop it; gluster would stop with "unrecognized option"', gluster: `unrecognized option ${w}` } };
      }
      continue;
    }
    words.push(w);
  }
  let i = 0;
  if (words[i] === 'sudo') {
    i++;
    while (words[i] !== undefined && /^-[nEHSk]+$/.test(words[i]!)) i++;
    if (words[i] === '-u' && words[i + 1] !== undefined) i += 2;
  }
  const program = words[i];
  const isGluster = program === 'gluster' || (program !== undefined && /^\/[A-Za-z0-9_/.-]*\/gluster$/.test(program));
  if (isGluster) i++;
  if (isGluster || words[i] === 'volume') {
    if (words[i] !== 'volume' || words[i + 1] !== 'create') {
      const what = words.slice(i, i + 2).join(' ') || '(nothing)';
      return {
        problem: {
          code: 'unusable-input',
          message: `only "gluster volume create ..." can be checked, not "gluster ${shown(what)}"`,
          fix: words[i + 1] === 'add-brick'
            ? "add-brick depends on the volume's current layout: check it in the console's volume screen"
            : 'paste a "gluster volume create NAME ..." command, or just the words after the name',
        },
      };
    }
    const volumeName = words[i + 2];
    if (volumeName === undefined) {
      return { problem: { code: 'unusable-input', message: 'the command has no volume name', fix: 'write gluster volume create NAME [options] HOST:/PATH ...' } };
    }
    return { command: { volumeName, words: words.slice(i + 3), wignore, scriptMode } };
  }
  if (i > 0) {
    return { problem: { code: 'unusable-input', message: 'only "sudo gluster volume create ..." can be checked', fix: 'paste a "gluster volume create NAME ..." command' } };
  }
  return { command: { words, wignore, scriptMode } };
}

// A VHS tape (charmbracelet/vhs) read as steps a test can replay into a
// terminal. VHS's own commands keep their meaning: Type types, keys press,
// Wait waits for a regex on the screen or its last line. The checks are the
// tape's comments, so the tape stays valid VHS: `# expect: TEXT` (or
// `# expect: /REGEX/`, `# expect@90s: ...`) belongs to the next Sleep, which
// the replay turns into "wait until every expectation is on the screen".
// A Sleep with no expectation is a pause for viewers, and the replay skips it.

export type Expectation = { text: string } | { regex: RegExp };

export type TapeStep =
  | { kind: 'type'; line: number; text: string }
  /** tmux key names: Enter, Down, Escape, C-c, M-x, BSpace... */
  | { kind: 'keys'; line: number; keys: string[] }
  | { kind: 'wait'; line: number; scope: 'line' | 'screen'; regex: RegExp; timeoutMs: number }
  | { kind: 'sleep'; line: number; ms: number; expect: Array<{ expectation: Expectation; timeoutMs: number; line: number }> };

/** VHS's default for Wait: the shell's prompt `>` at the end of the last line. */
export const DEFAULT_WAIT_REGEX = />$/;
export const DEFAULT_WAIT_MS = 15_000;
export const DEFAULT_EXPECT_MS = 60_000;

const KEYS: Record<string, string> = {
  Backspace: 'BSpace',
  Delete: 'DC',
  Insert: 'IC',
  Down: 'Down',
  Up: 'Up',
  Left: 'Left',
  Right: 'Right',
  Enter: 'Enter',
  Escape: 'Escape',
  Home: 'Home',
  End: 'End',
  PageUp: 'PPage',
  PageDown: 'NPage',
  Space: 'Space',
  Tab: 'Tab',
};

/** Commands that shape the recording only (file, fonts, size, hidden parts): nothing to replay. */
const RECORDING_ONLY = new Set(['Output', 'Set', 'Require', 'Hide', 'Show', 'Screenshot', 'Copy', 'Paste', 'Source', 'Env']);

export class TapeError extends Error {
  constructor(line: number, message: string) {
    super(`tape line ${line}: ${message}`);
    this.name = 'TapeError';
  }
}

/** `500ms`, `2s`, `1m`, or a bare number of seconds, as VHS reads them. */
export function parseDuration(text: string, line: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new TapeError(line, `"${text}" is not a duration (e.g. 500ms, 2s, 1m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

/** One quoted string ("...", '...' or `...`, no escapes inside, as in VHS) and nothing after it. */
function quoted(rest: string, line: number): string {
  const quote = rest[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') throw new TapeError(line, `expected a quoted string, got ${JSON.stringify(rest)}`);
  const end = rest.indexOf(quote, 1);
  if (end < 0) throw new TapeError(line, `the string ${rest} has no closing ${quote}`);
  if (rest.slice(end + 1).trim() !== '') throw new TapeError(line, `unexpected text after the string: ${JSON.stringify(rest.slice(end + 1).trim())}`);
  return rest.slice(1, end);
}

function regexArg(text: string, line: number): RegExp {
  const m = /^\/(.*)\/$/.exec(text);
  if (!m) throw new TapeError(line, `expected /REGEX/, got ${JSON.stringify(text)}`);
  try {
    return new RegExp(m[1]!);
  } catch (err) {
    throw new TapeError(line, `bad regex ${text}: ${(err as Error).message}`);
  }
}

function expectation(text: string, line: number): Expectation {
  if (text === '') throw new TapeError(line, 'an expect comment needs a text or /REGEX/ to look for');
  return text.startsWith('/') && text.endsWith('/') && text.length > 1 ? { regex: regexArg(text, line) } : { text };
}

function repeat(count: string | undefined, line: number): number {
  if (count === undefined) return 1;
  if (!/^[1-9]\d*$/.test(count)) throw new TapeError(line, `the count "${count}" is not a whole number from 1`);
  return Number(count);
}

export function parseTape(source: string): TapeStep[] {
  const steps: TapeStep[] = [];
  let pending: Array<{ expectation: Expectation; timeoutMs: number; line: number }> = [];
  const lines = source.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('#')) {
      const m = /^#\s*expect(?:@(\S+))?\s*:\s*(.*)$/.exec(text);
      if (m) pending.push({ expectation: expectation(m[2]!.trim(), line), timeoutMs: m[1] ? parseDuration(m[1], line) : DEFAULT_EXPECT_MS, line });
      else if (/^#\s*expect\b/i.test(text)) throw new TapeError(line, `an expect comment is "# expect: TEXT" or "# expect@90s: TEXT", got ${JSON.stringify(text)}`);
      return;
    }
    const m = /^(\S+?)(?:@(\S+))?(?:\s+(.*))?$/.exec(text)!;
    const [, command, speed, rest = ''] = m;
    if (speed !== undefined && command !== 'Wait' && command !== 'Wait+Line' && command !== 'Wait+Screen') parseDuration(speed, line);
    if (command === 'Sleep') {
      steps.push({ kind: 'sleep', line, ms: parseDuration(rest.trim(), line), expect: pending });
      pending = [];
    } else if (pending.length > 0) {
      throw new TapeError(pending[0]!.line, `an expect comment must be followed by a Sleep (found ${command} on line ${line})`);
    } else if (command === 'Type') {
      steps.push({ kind: 'type', line, text: quoted(rest.trim(), line) });
    } else if (command! in KEYS) {
      steps.push({ kind: 'keys', line, keys: Array(repeat(rest.trim() || undefined, line)).fill(KEYS[command!]) });
    } else if (/^(Ctrl|Alt)\+[A-Za-z@[\]\\^_]$/.test(command!)) {
      if (rest.trim() !== '') throw new TapeError(line, `${command} takes no argument`);
      const [mod, key] = command!.split('+');
      steps.push({ kind: 'keys', line, keys: [`${mod === 'Ctrl' ? 'C' : 'M'}-${key!.toLowerCase()}`] });
    } else if (command === 'Wait' || command === 'Wait+Line' || command === 'Wait+Screen') {
      const regex = rest.trim() === '' ? DEFAULT_WAIT_REGEX : regexArg(rest.trim(), line);
      steps.push({ kind: 'wait', line, scope: command === 'Wait+Screen' ? 'screen' : 'line', regex, timeoutMs: speed ? parseDuration(speed, line) : DEFAULT_WAIT_MS });
    } else if (!RECORDING_ONLY.has(command!)) {
      throw new TapeError(line, `unknown VHS command "${command}"`);
    }
  });
  if (pending.length > 0) throw new TapeError(pending[0]!.line, 'an expect comment must be followed by a Sleep (the tape ends first)');
  return steps;
}

/** Whether the screen (as tmux captures it) shows what is expected. */
export function screenShows(screen: string, expected: Expectation): boolean {
  return 'text' in expected ? screen.includes(expected.text) : expected.regex.test(screen);
}

/** VHS's Wait+Line looks at the last line that is not empty. */
export function lastLine(screen: string): string {
  const lines = screen.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? '';
}

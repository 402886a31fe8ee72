// The one place that turns arguments into shell text. Every command that goes
// to a host is built here, so quoting is decided once: each argument is a
// single word for POSIX sh whatever it contains. The operator sees `text`
// before anything runs, so plain words stay unquoted to keep it readable.

export interface Command {
  /** An argv that runs the same thing without a shell (composites are `sh -c text`). */
  readonly argv: readonly string[];
  /** POSIX sh text; what is shown to the operator and sent to the host. */
  readonly text: string;
}

export type Arg = string | number;

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

// How a command's text binds when composed: composites get braces where the
// shell's precedence would otherwise regroup them (`a && b || c`).
type Shape = 'simple' | 'pipeline' | 'and' | 'or' | 'script';
const shapes = new WeakMap<Command, Shape>();

function make(argv: readonly string[], text: string, shape: Shape): Command {
  const command: Command = Object.freeze({ argv: Object.freeze([...argv]), text });
  shapes.set(command, shape);
  return command;
}

function shapeOf(command: Command): Shape {
  return shapes.get(command) ?? 'script';
}

// Characters that mean nothing to sh anywhere in a word. `~` (tilde expansion),
// `=` at the start of a word in some shells' command position, globs, `$`,
// quotes, spaces and operators are all absent. `=` is safe inside a word here
// because we never put an argument in the position of an assignment prefix:
// the program name comes first.
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

function argText(value: Arg, what: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CommandError(`${what}: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value !== 'string') throw new CommandError(`${what}: expected text or a number, got ${typeof value}`);
  // A NUL cannot be passed in an argv at all: C strings end there, so the
  // remote side would silently see a shorter argument than the one we showed.
  if (value.includes('\0')) throw new CommandError(`${what}: contains a NUL byte, which no command argument can carry`);
  return value;
}

/** Quotes one word for POSIX sh; plain words stay as they are. */
export function quote(value: Arg): string {
  const text = argText(value, 'argument');
  if (text.length > 0 && SAFE_WORD.test(text) && !text.startsWith('=')) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A program and its arguments, every one of them quoted. */
export function cmd(program: string, ...args: Arg[]): Command {
  const name = argText(program, 'program');
  if (name.length === 0) throw new CommandError('program: the program name cannot be empty');
  const argv = [name, ...args.map((a, i) => argText(a, `argument ${i + 1} of ${name}`))];
  return make(argv, argv.map(quote).join(' '), 'simple');
}

export type TemplateValue = Arg | Command | readonly Arg[];

function isCommand(value: unknown): value is Command {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'text' in value && 'argv' in value;
}

/**
 * A trusted constant shell snippet; every interpolated value is quoted as one
 * word (an array as several words). An interpolated Command is inserted as its
 * text, since it is already quoted: sh`${cmd('blkid', dev)} >/dev/null 2>&1`.
 */
export function sh(strings: TemplateStringsArray, ...values: TemplateValue[]): Command {
  let text = '';
  strings.forEach((literal, i) => {
    if (literal.includes('\0')) throw new CommandError('shell snippet: contains a NUL byte');
    text += literal;
    if (i < values.length) {
      const value = values[i] as TemplateValue;
      if (isCommand(value)) text += value.text;
      else if (Array.isArray(value)) text += (value as readonly Arg[]).map(quote).join(' ');
      else text += quote(value as Arg);
    }
  });
  return make(['sh', '-c', text], text, 'script');
}

// `{ x; }` groups without a subshell. A snippet ending in `&` or `;` already
// terminates itself, and one with a comment or a newline needs the closing
// brace on its own line or the comment would swallow it.
function group(command: Command): string {
  const text = command.text.trim();
  if (/[\n#]/.test(text)) return `{\n${text}\n}`;
  if (/[;&]$/.test(text)) return `{ ${text} }`;
  return `{ ${text}; }`;
}

function compose(op: '|' | '&&' | '||', shape: Shape, commands: Command[], keep: Shape[]): Command {
  if (commands.length === 0) throw new CommandError(`"${op}" needs at least one command`);
  if (commands.length === 1) return commands[0] as Command;
  const text = commands.map((c) => (keep.includes(shapeOf(c)) ? c.text : group(c))).join(` ${op} `);
  return make(['sh', '-c', text], text, shape);
}

/** a | b | ...: the exit code is the last command's (sh has no pipefail). */
export function pipe(...commands: Command[]): Command {
  return compose('|', 'pipeline', commands, ['simple', 'pipeline']);
}

/** a && b && ...: stops at the first failure. */
export function and(...commands: Command[]): Command {
  return compose('&&', 'and', commands, ['simple', 'pipeline', 'and']);
}

/** a || b || ...: stops at the first success. */
export function or(...commands: Command[]): Command {
  return compose('||', 'or', commands, ['simple', 'pipeline', 'or']);
}

// The Welcome screen drawn as plain text before Ink is loaded. Loading Ink,
// React and the screens takes most of a second; this frame is on the screen
// within a few tens of milliseconds of the settings being read. It is the
// same frame Ink then draws over it, character for character and in the same
// colours (test/ui/first-frame.test.tsx renders both and compares them), so
// the switch shows nothing. When the first frame would differ from the plain
// layout here (a notice, an unreadable inventory, a terminal too small, lines
// Ink would wrap or clip) nothing is drawn early and Ink draws as before.
import type { InventoryHost } from '../config/inventory.js';
import { hostTableLines } from './host-table-lines.js';
import { footerHints } from './keys.js';
import { WELCOME_MENU } from './welcome-menu.js';

export interface FirstFrameInput {
  columns: number;
  rows: number;
  hosts: ReadonlyArray<InventoryHost>;
  readonly: boolean;
  /** Whether chalk (through Ink) will colour: the same escapes are used here. */
  colour: boolean;
  /** figures' pointer: ❯, or > where the terminal has no Unicode (TERM=linux). */
  pointer: string;
}

/** Kept in step with App.tsx, WelcomeScreen.tsx and layout.tsx; the component test compares them. */
const TITLE = 'gluster-console · Welcome';
const MIN_COLUMNS = 60;
const MIN_ROWS = 20;

function styles(colour: boolean) {
  const wrap = (open: string, close: string) => (text: string) => (colour ? `\u001B[${open}m${text}\u001B[${close}m` : text);
  return { bold: wrap('1', '22'), dim: wrap('2', '22'), blue: wrap('34', '39'), yellow: wrap('33', '39') };
}

/** The lines Ink writes for the Welcome screen, or null when this layout cannot promise the same frame. */
export function welcomeFrame(input: FirstFrameInput): string[] | null {
  const { columns, rows, hosts, readonly } = input;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return null;
  const s = styles(input.colour);
  const plain: string[] = [];
  const styled: string[] = [];
  const add = (text: string, style: (t: string) => string = (t) => t) => {
    plain.push(text);
    styled.push(text === '' ? '' : style(text));
  };

  const count = `${hosts.length} ${hosts.length === 1 ? 'host' : 'hosts'}`;
  const right = `${readonly ? '[read-only] ' : ''}${count}`;
  if (TITLE.length + 1 + right.length > columns) return null;
  const gap = ' '.repeat(columns - TITLE.length - right.length);
  plain.push(`${TITLE}${gap}${right}`);
  styled.push(`${s.bold(TITLE)}${gap}${readonly ? s.yellow('[read-only] ') : ''}${count}`);
  add('');

  if (hosts.length === 0) {
    add('No hosts saved yet.');
    add('Import the inventory of a practice cluster from "Local lab".', s.dim);
  } else {
    add(`Saved inventory: ${count}`);
    const [header, ...lines] = hostTableLines(hosts);
    add(header, s.bold);
    for (const line of lines) add(line);
  }
  add('');
  WELCOME_MENU.forEach(({ label }, i) => {
    plain.push(`${i === 0 ? input.pointer : ' '} ${label}`);
    styled.push(i === 0 ? `${s.blue(input.pointer)} ${s.blue(label)}` : `  ${label}`);
  });

  // The frame is one row shorter than the terminal (App.tsx): header, a margin row, the body, a margin row, the footer.
  const bodyRows = rows - 1 - 4;
  if (plain.length - 2 > bodyRows || plain.some((line) => line.length > columns)) return null;
  while (plain.length < rows - 3) add('');
  add('');
  const hints = footerHints('welcome', readonly);
  add(hints.length > columns ? `${hints.slice(0, columns - 1)}…` : hints, s.dim);
  return styled;
}

/**
 * Writes the frame at the cursor and puts the cursor back where Ink will start
 * its own first frame. The cursor is hidden, as Ink hides it; the keyboard is
 * put in raw mode at once, so keys typed before Ink reads them wait for Ink
 * instead of being echoed over the frame.
 */
export function drawFirstFrame(lines: ReadonlyArray<string>, stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): void {
  stdin.setRawMode?.(true);
  // Ink ends its frame with a line break: so does this one, so a frame that reaches the bottom scrolls as Ink's does.
  stdout.write(`\u001B[?25l${lines.join('\n')}\n\r\u001B[${lines.length}A`);
}

/** After a failure before Ink drew: the cursor back, and the next output below the frame. */
export function abandonFirstFrame(lines: ReadonlyArray<string>, stdout: NodeJS.WriteStream): void {
  stdout.write(`\u001B[${lines.length}B\r\u001B[?25h`);
}

/**
 * Ink's first frame (its first write that holds a line break) starts by erasing
 * from the cursor to the end of the screen, in the same write: whatever the
 * plain frame held that Ink's does not is gone, with no blank screen between.
 */
export function eraseUnderInksFirstFrame(stdout: NodeJS.WriteStream): void {
  const write = stdout.write;
  stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && chunk.includes('\n')) {
      stdout.write = write;
      return (write as (...args: unknown[]) => boolean).call(this, `\u001B[J${chunk}`, ...rest);
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stdout.write;
}

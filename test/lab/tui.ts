// Drives the real console in a real terminal: tmux runs the built bin in a
// pseudo-terminal, send-keys types, capture-pane reads the screen. Each Tui
// has its own tmux server socket, so nothing touches an operator's tmux.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BIN = new URL('../../dist/cli.js', import.meta.url).pathname;
let counter = 0;

function tmux(socket: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('tmux', ['-L', socket, ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export class Tui {
  private constructor(
    private readonly socket: string,
    private readonly exitFile: string,
  ) {}

  /**
   * Starts `gluster-console ARGS` in a terminal (120x40 unless told) with the given environment.
   * `unset` names variables the console must not inherit from the test's own environment.
   */
  static async start(
    args: string[],
    env: Record<string, string>,
    workDir: string,
    options: { columns?: number; rows?: number; unset?: string[]; program?: string[] } = {},
  ): Promise<Tui> {
    const socket = `gc-test-${process.pid}-${++counter}`;
    const exitFile = join(workDir, `${socket}.exit`);
    // Through env(1): tmux sets TERM in the pane itself, whatever -e says.
    const unset = (options.unset ?? []).flatMap((name) => ['-u', name]);
    const assignments = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${v}`);
    // `program`: what runs instead of the built bin (e.g. npx in an installed copy).
    const argv = ['env', ...unset, ...assignments, ...(options.program ?? [process.execPath, BIN]), ...args];
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const size = ['-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40)];
    const started = await tmux(socket, ['new-session', '-d', ...size, `${quoted}; echo $? > '${exitFile}'`]);
    if (started.code !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
    return new Tui(socket, exitFile);
  }

  /** The visible screen as text; with `escapes`, with its colours and attributes as escape sequences (capture-pane -e). */
  async screen(options: { escapes?: boolean } = {}): Promise<string> {
    const r = await tmux(this.socket, ['capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', '0']);
    return r.stdout;
  }

  /** The whole pane history (scrollback and screen): what scrolled off the top is still here. */
  async history(): Promise<string> {
    const r = await tmux(this.socket, ['capture-pane', '-p', '-S', '-', '-E', '-', '-t', '0']);
    return r.stdout;
  }

  /** From now on, every byte the console writes to its terminal is appended to `file` (tmux pipe-pane): every frame, not only the last one. */
  async recordOutput(file: string): Promise<void> {
    const r = await tmux(this.socket, ['pipe-pane', '-o', '-t', '0', `cat >> '${file.replace(/'/g, `'\\''`)}'`]);
    if (r.code !== 0) throw new Error(`tmux pipe-pane failed: ${r.stderr}`);
  }

  /** The console's own process id (the pane runs a shell, and the console is its child). */
  async pid(): Promise<number> {
    const pane = await tmux(this.socket, ['display-message', '-p', '-t', '0', '#{pane_pid}']);
    const shell = Number(pane.stdout.trim());
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    if (children.length !== 1) throw new Error(`the pane's shell ${shell} has children ${children.join(', ') || 'none'}`);
    return children[0]!;
  }

  /** Changes the terminal's size, as an operator resizing the window does. */
  async resize(columns: number, rows: number): Promise<void> {
    const r = await tmux(this.socket, ['resize-window', '-t', '0', '-x', String(columns), '-y', String(rows)]);
    if (r.code !== 0) throw new Error(`tmux resize-window failed: ${r.stderr}`);
  }

  /** Polls the screen until the predicate (or text) holds; fails with the last screen. */
  async waitFor(expected: string | ((screen: string) => boolean), timeoutMs = 20_000, options: { escapes?: boolean } = {}): Promise<string> {
    const ok = typeof expected === 'string' ? (s: string) => s.includes(expected) : expected;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.screen(options);
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${typeof expected === 'string' ? JSON.stringify(expected) : 'the screen'}; last screen:\n${last}`);
  }

  /** tmux key names: 'Down', 'Enter', 'Escape', 'y', 'C-r'... one send per key, as a terminal delivers them. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      const r = await tmux(this.socket, ['send-keys', '-t', '0', key]);
      if (r.code !== 0) throw new Error(`tmux send-keys ${key} failed: ${r.stderr}`);
    }
  }

  /** Several keys in ONE send-keys: tmux writes them to the terminal together, as a fast typist or a slow link does, so the console reads them in one chunk. */
  async keysAtOnce(...keys: string[]): Promise<void> {
    const r = await tmux(this.socket, ['send-keys', '-t', '0', ...keys]);
    if (r.code !== 0) throw new Error(`tmux send-keys ${keys.join(' ')} failed: ${r.stderr}`);
  }

  /** Types text as it is (send-keys -l): no word in it is taken for a key name. */
  async type(text: string): Promise<void> {
    const r = await tmux(this.socket, ['send-keys', '-t', '0', '-l', text]);
    if (r.code !== 0) throw new Error(`tmux send-keys -l failed: ${r.stderr}`);
  }

  /** The exit status once the console has ended, or null while it runs. */
  exitCode(): number | null {
    return existsSync(this.exitFile) ? Number(readFileSync(this.exitFile, 'utf8').trim()) : null;
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const code = this.exitCode();
      if (code !== null) return code;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the console did not exit');
  }

  async close(): Promise<void> {
    await tmux(this.socket, ['kill-server']);
  }
}

const highlightedLine = (screen: string) => screen.split('\n').find((l) => l.startsWith('❯')) ?? '';

/**
 * Moves the cursor until the highlighted line matches: down, and up once the
 * list stops at its end (lists do not wrap). A key sent before the console
 * reads input is simply sent again.
 */
export async function highlight(tui: Tui, pattern: RegExp): Promise<string> {
  let key: 'Down' | 'Up' = 'Down';
  for (let i = 0; i < 32; i++) {
    const screen = await tui.screen();
    if (pattern.test(highlightedLine(screen))) return screen;
    await tui.keys(key);
    const moved = await tui.waitFor((s) => highlightedLine(s) !== highlightedLine(screen), 3_000).then(() => true, () => false);
    if (!moved && highlightedLine(screen) !== '') key = key === 'Down' ? 'Up' : 'Down';
  }
  throw new Error(`no line matching ${pattern} could be highlighted; screen:\n${await tui.screen()}`);
}

// The console's first frame in a real terminal (tmux): the Welcome screen is
// drawn as plain text before Ink loads, and Ink then draws the same frame over
// it. Every Welcome screen seen from the start must be the one Ink ends up
// drawing, colours included (no flicker, no debris), also when the frame
// scrolls the shell's lines away; a key typed at the first sight of the screen
// is neither echoed nor lost: Ink applies it once it reads the keyboard.
// Needs tmux only, no lab.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './setup-support.js';
import { Tui } from './tui.js';

const tmuxMissing = await new Promise<boolean>((resolve) => execFile('tmux', ['-V'], (err) => resolve(err !== null)));

describe.skipIf(tmuxMissing && process.env.CI !== 'true')('the first frame, before and after Ink', () => {
  let work: string;
  const tuis: Tui[] = [];
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gc-first-frame-'));
  });
  afterAll(async () => {
    await Promise.all(tuis.map((t) => t.close()));
    rmSync(work, { recursive: true, force: true });
  });

  it('is the frame Ink draws, and keeps the keys typed before Ink reads them', async () => {
    // Shell lines above the console, so the frame scrolls the terminal as it does after a prompt.
    const program = ['sh', '-c', 'printf "shell line 1\\nshell line 2\\n"; exec "$0" "$@"', process.execPath, BIN];
    const tui = await Tui.start(['--config-dir', join(work, 'config')], {}, work, { columns: 100, rows: 30, program });
    tuis.push(tui);
    const seen: string[] = [];
    const first = await tui.waitFor((s) => s.includes('No hosts saved yet'), 60_000, { escapes: true });
    seen.push(first);
    await tui.keys('Down');
    // Until Ink has applied the key, every Welcome screen is recorded.
    const moved = await tui.waitFor(
      (s) => {
        if (!s.includes('❯') || !/❯.*Guided setup/.test(s.replace(/\u001B\[[0-9;]*m/g, ''))) {
          if (s !== seen[seen.length - 1]) seen.push(s);
          return false;
        }
        return true;
      },
      60_000,
      { escapes: true },
    );
    expect(moved).not.toContain('[B'); // the arrow key was not echoed by the terminal
    await tui.keys('Up');
    const inks = await tui.waitFor((s) => /❯.*Check hosts/.test(s.replace(/\u001B\[[0-9;]*m/g, '')), 30_000, { escapes: true });
    expect(inks).toContain('\u001B[1mgluster-console · Welcome'); // in colour, as Ink draws it here
    for (const screen of seen) expect(screen).toBe(inks);
    process.stderr.write(`[first frame] ${seen.length} distinct Welcome screen(s) before the key took effect\n`);
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

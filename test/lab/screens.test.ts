// The console's screens in a real terminal (tmux), with no lab hosts: colour as
// the terminal allows it, and no frame taller than the terminal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Tui } from './tui.js';

const HEADER = 'gluster-console · ';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The SGR sequences on a captured screen that set a foreground or background colour. */
function colourSequences(screen: string): string[] {
  const found: string[] = [];
  for (const match of screen.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const params = match[1]!.split(/[;:]/).map(Number);
    if (params.some((p) => (p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107))) found.push(match[0]);
  }
  return found;
}

function count(screen: string, text: string): number {
  return screen.split(text).length - 1;
}

describe.skipIf(!hasTmux())('the console screens in a real terminal', () => {
  let work: string;
  const tuis: Tui[] = [];
  // Whatever the test run's own environment says about colour, each test says it itself.
  const COLOUR_VARS = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'CONTINUOUS_INTEGRATION'];
  const open = async (env: Record<string, string>, size: { columns?: number; rows?: number } = {}) => {
    const unset = COLOUR_VARS.filter((name) => !(name in env));
    const tui = await Tui.start(['--config-dir', mkdtempSync(join(work, 'config-'))], env, work, { ...size, unset });
    tuis.push(tui);
    await tui.waitFor((s) => s.includes('No hosts saved yet') && s.includes('❯ Check hosts'));
    return tui;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gc-screens-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  describe('colour', () => {
    it('is on by default in a colour terminal, with CI=true as in CI', async () => {
      const tui = await open({ CI: 'true' });
      const screen = await tui.screen({ escapes: true });
      expect(colourSequences(screen).length, screen).toBeGreaterThan(0);
      await tui.keys('q');
      expect(await tui.waitForExit()).toBe(0);
    });

    it('is on without CI too', async () => {
      const tui = await open({});
      expect(colourSequences(await tui.screen({ escapes: true }))).not.toEqual([]);
    });

    it('is off with NO_COLOR=1, CI=true or not', async () => {
      const envs: Array<Record<string, string>> = [{ NO_COLOR: '1', CI: 'true' }, { NO_COLOR: '1' }];
      for (const env of envs) {
        const tui = await open(env);
        const screen = await tui.screen({ escapes: true });
        expect(colourSequences(screen), JSON.stringify(env)).toEqual([]);
        // Still every frame: the menu answers a key at once.
        await tui.keys('Down');
        await tui.waitFor('❯ Guided setup');
      }
    });

    it('is off with TERM=dumb', async () => {
      const tui = await open({ TERM: 'dumb', CI: 'true' });
      expect(colourSequences(await tui.screen({ escapes: true }))).toEqual([]);
    });
  });

  describe('no frame taller than the terminal', () => {
    for (const [columns, rows] of [
      [120, 40],
      [80, 24],
    ] as const) {
      it(`help scrolls inside a ${columns}x${rows} terminal, and leaves no copies of the header behind`, async () => {
        const tui = await open({ CI: 'true' }, { columns, rows });
        await tui.keys('?');
        const help = await tui.waitFor((s) => s.includes('gluster-console · Help') && s.includes('Esc or ? closes help.'));
        const lines = help.split('\n');
        expect(lines[0]).toContain('gluster-console · Help');
        expect(help).toContain('Keys');
        expect(help).toContain('q quit'); // the footer
        expect(help).toMatch(/1–\d+ of \d+ · PgUp\/PgDn scroll/);
        expect(count(help, HEADER)).toBe(1);

        // Paging moves the window and keeps the title and footer.
        await tui.keys('NPage');
        const paged = await tui.waitFor((s) => {
          const m = /(\d+)–\d+ of \d+ · PgUp/.exec(s);
          return m !== null && m[1] !== '1';
        });
        expect(paged.split('\n')[0]).toContain('gluster-console · Help');
        expect(paged).toContain('q quit');
        await tui.keys('End');
        const end = await tui.waitFor((s) => {
          const m = /(\d+)–(\d+) of (\d+)/.exec(s);
          return m !== null && m[2] === m[3];
        });
        expect(end).toContain('Esc or ? closes help.');

        await tui.keys('Escape');
        const welcome = await tui.waitFor((s) => s.includes('gluster-console · Welcome') && s.includes('❯ Check hosts'));
        expect(count(welcome, HEADER), welcome).toBe(1);
        expect(welcome.split('\n')[0]).toContain('gluster-console · Welcome');
        await tui.keys('q');
        expect(await tui.waitForExit()).toBe(0);
      });
    }

    it('keys read in one chunk are each a key: Escape, Down and Enter in one send close help, move and open the entry', async () => {
      const tui = await open({ CI: 'true' }, { columns: 120, rows: 40 });
      await tui.keys('?');
      await tui.waitFor('Esc or ? closes help.');
      // Before the fix Ink read "ESC ESC [B" as Alt+Down: help stayed open and nothing moved.
      await tui.keysAtOnce('Escape', 'Down', 'Enter');
      const setup = await tui.waitFor((s) => s.split('\n')[0]!.includes('gluster-console · Guided setup'), 10_000);
      expect(setup).not.toContain('Esc or ? closes help.');
    });

    it('redraws within the terminal when it is resized', async () => {
      const tui = await open({ CI: 'true' }, { columns: 120, rows: 40 });
      await tui.keys('?');
      await tui.waitFor('Esc or ? closes help.');
      await tui.resize(100, 26);
      const small = await tui.waitFor((s) => s.split('\n')[0]!.includes('gluster-console · Help') && s.includes('q quit'));
      expect(count(small, HEADER)).toBe(1);
      await tui.resize(50, 15);
      await tui.waitFor('The terminal is 50x15');
      await tui.resize(120, 40);
      await tui.waitFor((s) => s.split('\n')[0]!.includes('gluster-console · Help') && s.includes('Esc or ? closes help.'));
    });
  });
});

// The console's screens on real hosts in a real terminal (tmux), one lab and
// one console for every case: Check hosts' footer, the panel scrolling inside
// a 60x20 terminal with its header and footer on screen, the / filter on the
// hosts table, help → Esc back to the same panel level, a question's footer.
// Three bare nodes whose glusterd is stopped give the panel enough findings to
// scroll without building a volume.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestLab, type TestLab } from './fixture.js';
import { importLabInventory } from './setup-support.js';
import { Tui } from './tui.js';

const HEADER = 'gluster-console · ';

function count(screen: string, text: string): number {
  return screen.split(text).length - 1;
}

/** The footer: the last line with text (the frame leaves the terminal's last row free). */
function footer(screen: string): string {
  return screen.trimEnd().split('\n').at(-1) ?? '';
}

/** Every check after a step: one header, on the first line, and no line wider than the terminal. */
function framed(screen: string, title: string, columns: number): void {
  const lines = screen.split('\n');
  expect(lines[0], screen).toContain(`${HEADER}${title}`);
  expect(count(screen, HEADER), screen).toBe(1);
  expect(lines.every((l) => [...l].length <= columns)).toBe(true);
}

describe.skipIf(inject('labSkipReason') !== '')('the console screens on the lab', () => {
  let lab: TestLab;
  let work: string;
  let tui: Tui;

  beforeAll(async () => {
    lab = await startTestLab(3);
    work = mkdtempSync(join(tmpdir(), 'gc-screens-lab-'));
    tui = await Tui.start(['--config-dir', join(work, 'config')], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work, { columns: 80, rows: 24 });
    await importLabInventory(tui);
  });
  afterAll(async () => {
    await tui?.close();
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('Check hosts: every host answers, and the footer offers no ↑/↓ or Enter there; the menu keeps its place', async () => {
    await tui.waitFor((s) => /❯ Check hosts/.test(s));
    await tui.keys('Enter');
    const checked = await tui.waitFor((s) => (s.match(/ok · root/g) ?? []).length === 3, 60_000);
    framed(checked, 'Check hosts', 80);
    expect(footer(checked)).toContain('r check again');
    expect(footer(checked)).not.toMatch(/move|Enter open/);
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes(`${HEADER}Welcome`) && /❯ Check hosts/.test(s));
    await tui.keys('Down', 'Down');
    await tui.waitFor((s) => /❯ Live panel/.test(s));
  });

  it('the panel in a 60x20 terminal scrolls its view with a position line, its header and footer staying', async () => {
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('glusterd is not running on node3'), 60_000);
    await tui.resize(60, 20);
    const top = await tui.waitFor((s) => /1–\d+ of \d+ · PgUp\/PgDn scroll/.test(s) && s.split('\n')[0]!.includes(HEADER));
    framed(top, 'Live panel', 60);
    expect(top).toContain('Cluster ');
    expect(footer(top)).toContain('q quit');
    await tui.keys('End');
    const end = await tui.waitFor((s) => {
      const m = /(\d+)–(\d+) of (\d+) · PgUp/.exec(s);
      return m !== null && m[2] === m[3];
    });
    framed(end, 'Live panel', 60);
    expect(end).toContain('Cluster ');
    expect(end).toMatch(/glusterd is not running on node3/);
    expect(footer(end)).toContain('q quit');
    await tui.keys('Home');
    await tui.waitFor((s) => /1–\d+ of \d+ · PgUp/.test(s));
    await tui.resize(80, 24);
    await tui.waitFor((s) => s.split('\n')[0]!.includes(`${HEADER}Live panel`) && !s.includes('PgUp/PgDn scroll'));
  });

  it('the / filter narrows the hosts table, and Esc clears it', async () => {
    await tui.keys('/');
    await tui.waitFor('filter: /');
    // While the filter takes text only Esc is a key.
    expect(footer(await tui.screen())).toBe('Esc back');
    await tui.keys('node2', 'Enter');
    const filtered = await tui.waitFor((s) => s.includes('filter: /node2') && !/^node1 /m.test(s));
    framed(filtered, 'Live panel', 80);
    expect(filtered).toMatch(/^node2 +up/m);
    expect(filtered).not.toMatch(/^node3 /m);
    expect(filtered).toContain('glusterd is not running on node2');
    expect(filtered).not.toContain('glusterd is not running on node1');
    await tui.keys('Escape');
    await tui.waitFor((s) => !s.includes('filter:') && /^node1 /m.test(s) && /^node3 /m.test(s));
  });

  it('help, then Esc, returns to the finding the operator had open; a question\'s footer lists only its answers', async () => {
    await tui.waitFor((s) => /❯ ✗ DEGRADED +glusterd is not running on node1/.test(s));
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('Fix (f): Start glusterd on node1'));
    await tui.keys('?');
    const help = await tui.waitFor((s) => s.includes(`${HEADER}Help`) && s.includes('Esc or ? closes help.'));
    framed(help, 'Help', 80);
    expect(footer(help)).toContain('close help');
    await tui.keys('Escape');
    const back = await tui.waitFor((s) => s.includes(`${HEADER}Live panel`) && s.includes('Fix (f): Start glusterd on node1'));
    framed(back, 'Live panel', 80);
    expect(back).not.toContain('HOST ');

    await tui.keys('f');
    const asked = await tui.waitFor('Start glusterd on node1?');
    expect(footer(asked)).toBe('y yes  ·  n/Esc no');
    await tui.keys('n');
    const declined = await tui.waitFor('Nothing was run.');
    expect(footer(declined)).toContain('q quit');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

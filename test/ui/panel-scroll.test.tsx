// The live panel keeps its title and the frame's footer on screen whatever the
// view holds: the view scrolls inside the rows left, with its position, and
// follows the highlighted row.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { LAB_HOSTS, replay } from '../panel/replay.js';
import { KEY, resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(fake: FakeExecutor, columns: number, rows: number) {
  const { dir, cleanup } = tempDir('gc-panel-scroll-');
  const settings = createSettings({ cwd: dir });
  settings.setSetting('refreshIntervalMs', 500);
  const store = createAppStore({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'] });
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
  cleanups.push(ui.unmount, cleanup);
  resizeTerminal(ui.stdout, columns, rows);
  const until = (check: (f: string) => boolean, timeoutMs = 5000) => waitForFrame(ui.lastFrame, check, { timeoutMs });
  return { ui, store, until };
}

describe('the live panel in a small terminal', () => {
  it('scrolls a view taller than the screen, with its position, the panel title and the footer always on screen', async () => {
    const { ui, until } = open(replay('node3-crashed'), 60, 20);
    await until((f) => f.includes('Cluster DEGRADED') && /❯ datapoint/.test(f));
    ui.stdin.write(KEY.enter);
    // Once heal info has answered, the view ends with the finding that its counts are unknown.
    const top = await until((f) => f.includes('Volume datapoint') && f.includes('· heal info ') && /1–\d+ of \d+ · PgUp\/PgDn scroll/.test(f));
    const lines = top.split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(lines[0]).toContain('gluster-console · Live panel');
    expect(top).toContain('Cluster DEGRADED');
    expect(top).toMatch(/❯ node1:/);
    expect(top).not.toContain('Heal counts of datapoint unknown');
    expect(lines.at(-1)).toContain('q quit');

    // A page down shows the rest; the title and the footer stay.
    ui.stdin.write('\u001B[6~');
    const paged = await until((f) => f.includes('Heal counts of datapoint unknown'));
    expect(paged).toMatch(/[2-9]–(\d+) of \1 · PgUp/);
    expect(paged.split('\n')[0]).toContain('gluster-console · Live panel');
    expect(paged).toContain('Cluster DEGRADED');
    expect(paged.split('\n').at(-1)).toContain('q quit');
    ui.stdin.write('\u001B[5~');
    await until((f) => /1–\d+ of \d+ · PgUp/.test(f) && !f.includes('Heal counts of datapoint unknown'));
  }, 15_000);

  it('keeps the highlighted row in the window as the cursor moves past the bottom', async () => {
    const { ui, until } = open(replay('node3-crashed'), 60, 20);
    await until((f) => f.includes('Cluster DEGRADED') && /❯ datapoint/.test(f));
    ui.stdin.write(KEY.enter);
    await until((f) => f.includes('· heal info ') && /1–\d+ of \d+ · PgUp/.test(f) && /❯ node1:/.test(f));
    for (let i = 0; i < 5; i++) ui.stdin.write(KEY.down);
    // The last row of the view is a finding: the window moved down to it.
    const last = await until((f) => /❯ . [A-Z]+ /.test(f) && /(\d+)–(\d+) of \2 ·/.test(f));
    expect(last).toContain('Cluster DEGRADED');
    expect(last).toMatch(/❯ \? UNKNOWN +Heal counts of datapoint unknown/);
    expect(last).not.toContain('Volume datapoint ·');
    for (let i = 0; i < 5; i++) ui.stdin.write(KEY.up);
    await until((f) => /❯ node1:/.test(f) && /of \d+ · PgUp/.test(f));
  }, 15_000);
});

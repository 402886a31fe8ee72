// Help is a layer over the screen, not a screen of its own: closing it returns
// to exactly where the operator was.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { LAB_HOSTS, replay } from '../panel/replay.js';
import { KEY, pressEscape, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('help, then Esc', () => {
  it('returns to the panel level and the row the operator was on', async () => {
    const { dir, cleanup } = tempDir('gc-help-return-');
    const settings = createSettings({ cwd: dir });
    settings.setSetting('refreshIntervalMs', 500);
    const store = createAppStore({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'] });
    const fake = replay('healthy');
    const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
    cleanups.push(ui.unmount, cleanup);
    const until = (check: (f: string) => boolean) => waitForFrame(ui.lastFrame, check, { timeoutMs: 5000 });
    await until((f) => f.includes('Cluster HEALTHY'));
    ui.stdin.write(KEY.enter);
    await until((f) => f.includes('Volume datapoint ·'));
    ui.stdin.write(KEY.down);
    await until((f) => /❯ node2:/.test(f));
    ui.stdin.write('?');
    await until((f) => f.includes('gluster-console · Help') && !f.includes('Volume datapoint ·'));
    await pressEscape(ui.stdin);
    const back = await until((f) => f.includes('gluster-console · Live panel') && f.includes('Volume datapoint ·'));
    expect(back).toMatch(/❯ node2:/);
    expect(back).not.toContain('HOST ');
  }, 15_000);

  it("lists the current screen's keys first (k9s), then the keys that work everywhere", async () => {
    const { dir, cleanup } = tempDir('gc-help-order-');
    const store = createAppStore({ stack: ['welcome', 'lab'] });
    const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => replay('healthy')} />);
    cleanups.push(ui.unmount, cleanup);
    await waitForFrame(ui.lastFrame, (f) => f.includes('gluster-console · Local lab'));
    ui.stdin.write('?');
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('gluster-console · Help'));
    const lines = help.split('\n').map((l) => l.trim());
    const own = lines.indexOf('Local lab');
    expect(own, help).toBeGreaterThan(0);
    expect(lines.slice(own + 1, own + 2).join(' ')).toMatch(/^i +Import the lab's inventory/);
    const everywhere = lines.indexOf('Everywhere');
    expect(everywhere, help).toBeGreaterThan(own);
  }, 15_000);
});

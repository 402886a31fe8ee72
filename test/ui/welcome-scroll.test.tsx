// A long saved inventory on the Welcome screen scrolls inside the terminal:
// the menu's highlighted entry stays in view, with the position shown.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { KEY, resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('Welcome with many hosts', () => {
  it('keeps the menu on screen in 80x24, the table scrolling above it', async () => {
    const hosts = Array.from({ length: 30 }, (_, i) => ({ name: `node${i + 1}`, address: `127.1.1.${i + 1}`, ssh: {}, zone: 'a' }));
    const { dir, cleanup } = tempDir('gc-welcome-scroll-');
    const store = createAppStore({ inventory: { hosts } });
    const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => new FakeExecutor()} />);
    cleanups.push(ui.unmount, cleanup);
    resizeTerminal(ui.stdout, 80, 24);
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('❯ Check hosts') && /of \d+ · PgUp\/PgDn scroll/.test(f));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[0]).toContain('gluster-console · Welcome');
    expect(lines.at(-1)).toContain('q quit');
    ui.stdin.write(KEY.down);
    await waitForFrame(ui.lastFrame, (f) => f.includes('❯ Guided setup'));
    ui.stdin.write('\u001B[H'); // Home: the top of the table
    const top = await waitForFrame(ui.lastFrame, (f) => /1–\d+ of \d+ · PgUp/.test(f));
    expect(top).toContain('Saved inventory: 30 hosts');
    expect(top).toMatch(/^node1 /m);
  }, 15_000);
});

import { render } from 'ink-testing-library';
import { FakeExecutor } from '../support/fake-executor.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSettings, type SettingsStore } from '../../src/config/settings.js';
import { createAppStore, type AppData } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { initialStateFromSettings } from '../../src/ui/boot.js';
import { KEY_BINDINGS } from '../../src/ui/keys.js';
import { frameHas, KEY, pressEscape, resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const HOSTS = {
  hosts: [
    { name: 'gluster1.example.com', address: '10.0.0.1', ssh: { user: 'root', port: 22 }, zone: 'zone-a', device: '/dev/vdc' },
    { name: 'gluster2.example.com', address: '10.0.0.2', ssh: { user: 'root', port: 2222 }, zone: 'zone-b', transientDevice: '/dev/vdb' },
  ],
};

describe('App', () => {
  let dir: string;
  let cleanup: () => void;
  let settings: SettingsStore;
  let unmounts: Array<() => void>;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    settings = createSettings({ cwd: dir });
    unmounts = [];
  });
  afterEach(() => {
    for (const u of unmounts) u();
    cleanup();
  });

  function start(extra: Partial<AppData> = {}, onQuit?: () => void) {
    const store = createAppStore({ ...initialStateFromSettings(settings, { readonly: false }), ...extra });
    const ui = render(<App store={store} settings={settings} labDir={dir} onQuit={onQuit} executorFor={() => new FakeExecutor()} />);
    unmounts.push(ui.unmount);
    return { ...ui, store };
  }

  it('shows an empty inventory, then a saved one', async () => {
    const first = start();
    const frame = await waitForFrame(first.lastFrame, frameHas('No hosts saved yet'));
    expect(frame).toContain('gluster-console · Welcome');
    expect(frame).toContain('Guided setup');
    expect(frame).toContain('Live panel');
    expect(frame).toContain('Local lab');
    expect(frame).toContain('↑/↓ move  ·  Enter open  ·  Esc back  ·  ? help  ·  q quit');
    first.unmount();

    settings.setInventory(HOSTS);
    const second = start();
    const saved = await waitForFrame(second.lastFrame, frameHas('gluster1.example.com'));
    expect(saved).not.toContain('No hosts saved yet');
    expect(saved).toMatch(/NAME\s+ADDRESS\s+ZONE\s+DEVICE/);
    expect(saved).toMatch(/gluster1\.example\.com\s+10\.0\.0\.1\s+zone-a\s+\/dev\/vdc/);
    expect(saved).toMatch(/gluster2\.example\.com\s+10\.0\.0\.2:2222\s+zone-b\s+\/dev\/vdb \(transient\)/);
    expect(saved).toContain('2 hosts');
  });

  it('shows why a saved inventory cannot be read', async () => {
    const { lastFrame } = start({ inventoryError: 'config.json: not valid JSON' });
    const frame = await waitForFrame(lastFrame, frameHas('cannot be read'));
    expect(frame).toContain('config.json: not valid JSON');
  });

  it.each([
    { downs: 0, title: 'Check hosts', text: 'No hosts saved yet: import an inventory first' },
    { downs: 1, title: 'Guided setup', text: 'What the setup builds' },
    { downs: 2, title: 'Live panel', text: 'import an inventory first (Local lab), then open the live panel' },
    { downs: 3, title: 'Local lab', text: 'gluster-console lab up' },
  ])('opens $title with arrows and Enter, and Esc returns', async ({ downs, title, text }) => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Guided setup'));
    for (let i = 0; i < downs; i++) {
      stdin.write(KEY.down);
      await waitForFrame(lastFrame, (f) => f.split('\n').some((line) => line.includes('❯') && line.includes(['Check hosts', 'Guided setup', 'Live panel', 'Local lab'][i + 1]!)));
    }
    stdin.write(KEY.enter);
    const opened = await waitForFrame(lastFrame, frameHas(`gluster-console · ${title}`));
    expect(opened).toContain(text);
    expect(store.getState().stack).toHaveLength(2);
    await pressEscape(stdin);
    await waitForFrame(lastFrame, frameHas('gluster-console · Welcome'));
    expect(store.getState().stack).toEqual(['welcome']);
  });

  it('does nothing on Esc at the welcome screen', async () => {
    const { lastFrame, stdin, store } = start({ stack: ['welcome', 'panel'] });
    await waitForFrame(lastFrame, frameHas('gluster-console · Live panel'));
    await pressEscape(stdin);
    await waitForFrame(lastFrame, frameHas('gluster-console · Welcome'));
    await pressEscape(stdin);
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    expect(store.getState().stack).toEqual(['welcome']);
    expect(store.getState().quitRequested).toBe(false);
  });

  it('keeps every frame within the terminal: help scrolls under its title, above the footer', async () => {
    const { lastFrame, stdin, stdout } = start();
    await waitForFrame(lastFrame, frameHas('No hosts saved yet'));
    resizeTerminal(stdout, 80, 24);
    stdin.write('?');
    const help = await waitForFrame(lastFrame, (f) => f.includes('gluster-console · Help') && / of \d+ · PgUp/.test(f));
    const lines = help.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[0]).toContain('gluster-console · Help');
    expect(lines.at(-1)).toContain('q quit');
    expect(lines[4]).toMatch(/^1–\d+ of \d+ · PgUp\/PgDn scroll/);
    expect(lines[5]).toContain('Everywhere');
    await pressEscape(stdin);
    const welcome = await waitForFrame(lastFrame, frameHas('❯ Check hosts'));
    expect(welcome.split('\n').length).toBeLessThanOrEqual(23);
    resizeTerminal(stdout, 50, 15);
    await waitForFrame(lastFrame, frameHas('The terminal is 50x15'));
  });

  it('toggles help generated from the key registry', async () => {
    const { lastFrame, stdin } = start();
    await waitForFrame(lastFrame, frameHas('Guided setup'));
    stdin.write('?');
    const help = await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    for (const b of KEY_BINDINGS) expect(help).toContain(b.description);
    expect(help).toContain('Everywhere');
    expect(help).toContain('Local lab');
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Welcome'));
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    await pressEscape(stdin);
    await waitForFrame(lastFrame, frameHas('gluster-console · Welcome'));
  });

  it('hides dangerous bindings in help and footer under --readonly', async () => {
    const { lastFrame, stdin } = start({ readonly: true });
    await waitForFrame(lastFrame, frameHas('[read-only]'));
    stdin.write('?');
    const help = await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    const dangerous = KEY_BINDINGS.filter((b) => b.dangerous);
    expect(dangerous.length).toBeGreaterThan(0);
    for (const b of dangerous) expect(help).not.toContain(b.description);
    for (const b of KEY_BINDINGS.filter((b) => !b.dangerous && b.showInHelp)) expect(help).toContain(b.description);
    expect(help).toMatch(/Read-only: \d+ keys? that changes? hosts or saved data/);
  });

  it('quits with q from the welcome screen', async () => {
    const onQuit = vi.fn();
    const { lastFrame, stdin, store } = start({}, onQuit);
    await waitForFrame(lastFrame, frameHas('Guided setup'));
    stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
    expect(store.getState().quitRequested).toBe(true);
  });

  it('quits with q from another screen and from help', async () => {
    const onQuit = vi.fn();
    const { lastFrame, stdin } = start({ stack: ['welcome', 'panel'], helpVisible: true }, onQuit);
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
  });

  it('leaves q to a focused text field', async () => {
    const onQuit = vi.fn();
    const { lastFrame, stdin, store } = start({ textInputFocused: true }, onQuit);
    await waitForFrame(lastFrame, frameHas('Guided setup'));
    stdin.write('q');
    stdin.write('?');
    store.getState().setTextInputFocused(false);
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    expect(onQuit).not.toHaveBeenCalled();
    expect(store.getState().quitRequested).toBe(false);
  });

  it('accepts ctrl-r without changing anything', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Guided setup'));
    stdin.write(KEY.ctrlR);
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    expect(store.getState()).toMatchObject({ stack: ['welcome'], quitRequested: false, status: null });
  });
});

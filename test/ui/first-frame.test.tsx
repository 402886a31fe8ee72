// The plain first frame must be the frame Ink then draws: same characters,
// same colours, at every size it draws for; otherwise the switch would show.
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/inventory.js';
import { createSettings, type SettingsStore } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { initialStateFromSettings } from '../../src/ui/boot.js';
import { welcomeFrame } from '../../src/ui/first-frame.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const LAB: Inventory = {
  hosts: [1, 2, 3].map((i) => ({
    name: `node${i}`,
    address: `127.1.1.${i}`,
    ssh: { user: 'root', port: i === 3 ? 2222 : 22 },
    zone: i === 3 ? 'zone-b' : 'zone-a',
    ...(i === 3 ? { transientDevice: '/dev/vdb' } : { device: '/dev/vdc' }),
  })),
};

describe('the first frame drawn before Ink', () => {
  let dir: string;
  let cleanup: () => void;
  let settings: SettingsStore;
  const unmounts: Array<() => void> = [];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    settings = createSettings({ cwd: dir });
  });
  afterEach(() => {
    for (const u of unmounts.splice(0)) u();
    cleanup();
  });

  async function inkFrame(columns: number, rows: number, readonly: boolean): Promise<string> {
    const store = createAppStore(initialStateFromSettings(settings, { readonly }));
    const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => new FakeExecutor()} />);
    unmounts.push(ui.unmount);
    resizeTerminal(ui.stdout, columns, rows);
    // The frame at this size: as tall as the terminal less one row, the footer last.
    return waitForFrame(ui.lastFrame, (f) => f.split('\n').length === rows - 1 && f.includes('q quit'));
  }

  it.each([
    [120, 40, false, false],
    [120, 40, true, false],
    [80, 24, false, true],
    [60, 20, true, true],
    [200, 60, false, true],
  ])('is what Ink draws at %ix%i (read-only %s, saved hosts %s)', async (columns, rows, readonly, withHosts) => {
    if (withHosts) settings.setInventory(LAB);
    const frame = welcomeFrame({ columns, rows, hosts: settings.getInventory().hosts, readonly, colour: chalk.level > 0, pointer: '❯' });
    expect(frame).not.toBeNull();
    expect(frame!.join('\n')).toBe(await inkFrame(columns, rows, readonly));
  });

  it('is not drawn where the plain layout would not match: too small, or more hosts than rows', () => {
    const base = { hosts: [], readonly: false, colour: false, pointer: '❯' };
    expect(welcomeFrame({ ...base, columns: 59, rows: 40 })).toBeNull();
    expect(welcomeFrame({ ...base, columns: 120, rows: 19 })).toBeNull();
    const many = Array.from({ length: 30 }, (_, i) => ({ ...LAB.hosts[0]!, name: `n${i}` }));
    expect(welcomeFrame({ ...base, hosts: many, columns: 120, rows: 30 })).toBeNull();
    expect(welcomeFrame({ ...base, hosts: many, columns: 120, rows: 60 })).not.toBeNull();
  });

  it('uses the colours Ink uses', () => {
    const frame = welcomeFrame({ columns: 80, rows: 20, hosts: [], readonly: true, colour: true, pointer: '❯' })!;
    expect(frame[0]).toBe(`\u001B[1mgluster-console · Welcome\u001B[22m${' '.repeat(80 - 25 - 19)}\u001B[33m[read-only] \u001B[39m0 hosts`);
    expect(frame).toContain('\u001B[2mImport the inventory of a practice cluster from "Local lab".\u001B[22m');
    expect(frame).toContain('\u001B[34m❯\u001B[39m \u001B[34mCheck hosts\u001B[39m');
    expect(frame.at(-1)).toMatch(/^\u001B\[2m.*q quit\u001B\[22m$/);
    expect(frame).toHaveLength(19);
  });
});

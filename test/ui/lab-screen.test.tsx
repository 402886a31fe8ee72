import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { FakeExecutor } from '../support/fake-executor.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettings, type SettingsStore } from '../../src/config/settings.js';
import { labInventoryPath } from '../../src/lab/paths.js';
import { createAppStore, type AppData } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { initialStateFromSettings } from '../../src/ui/boot.js';
import { frameHas, KEY, pressEscape, SAMPLE_INVENTORY_YAML, tempDir, waitForFrame, writeFile } from './helpers.js';

const SAVED = { hosts: [{ name: 'old.example.com', address: '10.9.9.9', ssh: { user: 'root', port: 22 }, zone: 'z' }] };

describe('LabScreen', () => {
  let root: string;
  let cleanup: () => void;
  let labDir: string;
  let settings: SettingsStore;
  let unmount: (() => void) | undefined;

  beforeEach(() => {
    ({ dir: root, cleanup } = tempDir());
    labDir = join(root, 'lab');
    mkdirSync(labDir);
    settings = createSettings({ cwd: join(root, 'config') });
  });
  afterEach(() => {
    unmount?.();
    cleanup();
  });

  function startAtLab(extra: Partial<AppData> = {}) {
    const store = createAppStore({ ...initialStateFromSettings(settings, { readonly: false }), stack: ['welcome', 'lab'], ...extra });
    const ui = render(<App store={store} settings={settings} labDir={labDir} executorFor={() => new FakeExecutor()} />);
    unmount = ui.unmount;
    return { ...ui, store };
  }

  it('says when there is no lab inventory, and shows the lab commands', async () => {
    const { lastFrame } = startAtLab();
    const frame = await waitForFrame(lastFrame, frameHas('gluster-console · Local lab'));
    expect(frame).toContain(`No lab inventory at ${labInventoryPath(labDir)}`);
    // This lab's own commands: with its directory, never one that could reach another lab on the machine.
    for (const cmd of ['lab up', 'lab status', 'lab down']) expect(frame).toContain(`gluster-console ${cmd} --dir ${labDir}`);
    expect(frame).toContain("Import the lab's inventory");
    expect(frame).toContain('i import');
  });

  it('imports the lab inventory with Enter and shows the hosts on the welcome screen', async () => {
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const { lastFrame, stdin, store } = startAtLab();
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write(KEY.enter);
    const frame = await waitForFrame(lastFrame, frameHas('node2.lab.example'));
    expect(frame).toContain('gluster-console · Welcome');
    expect(frame).toMatch(/node1\s+127\.1\.1\.1:2201\s+zone-a\s+\/dev\/vdc/);
    expect(frame).toContain(`Imported 2 hosts from ${labInventoryPath(labDir)}`);
    expect(store.getState().stack).toEqual(['welcome']);
    expect(settings.getInventory().hosts.map((h) => h.name)).toEqual(['node1', 'node2.lab.example']);
  });

  it('imports with the i key too', async () => {
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const { lastFrame, stdin } = startAtLab();
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write('i');
    await waitForFrame(lastFrame, frameHas('node2.lab.example'));
    expect(createSettings({ cwd: join(root, 'config') }).getInventory().hosts).toHaveLength(2);
  });

  it('asks before replacing a different saved inventory: n keeps it, y replaces it', async () => {
    settings.setInventory(SAVED);
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const { lastFrame, stdin, store } = startAtLab();
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write(KEY.enter);
    const question = await waitForFrame(lastFrame, frameHas("Replace the saved inventory with the lab's?"));
    expect(question).toContain('Saved now: 1 host (old.example.com)');
    expect(question).toContain("The lab's: 2 hosts (node1, node2.lab.example)");
    stdin.write('n');
    await waitForFrame(lastFrame, frameHas('The saved inventory was kept.'));
    expect(settings.getInventory()).toEqual(SAVED);
    expect(store.getState().stack).toEqual(['welcome', 'lab']);
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, frameHas("Replace the saved inventory with the lab's?"));
    stdin.write('y');
    await waitForFrame(lastFrame, frameHas('Imported 2 hosts'));
    expect(settings.getInventory().hosts.map((h) => h.name)).toEqual(['node1', 'node2.lab.example']);
  });

  it('does not ask when the saved inventory is already the lab\'s', async () => {
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    settings.importInventoryFile(join(labDir, 'inventory.yaml'));
    const { lastFrame, stdin, store } = startAtLab();
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, frameHas('Imported 2 hosts'));
    expect(store.getState().prompt).toBeNull();
  });

  it('keeps the welcome menu where it was after going into an entry and back', async () => {
    const { lastFrame, stdin } = startAtLab({ stack: ['welcome'] });
    await waitForFrame(lastFrame, frameHas('❯ Check hosts'));
    stdin.write(KEY.down);
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, frameHas('❯ Live panel'));
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, frameHas('gluster-console · Live panel'));
    await pressEscape(stdin);
    await waitForFrame(lastFrame, (f) => f.includes('gluster-console · Welcome') && f.includes('❯ Live panel'));
  });

  it('shows a clear error for an invalid inventory and keeps the saved one', async () => {
    settings.setInventory(SAVED);
    const before = readFileSync(settings.path, 'utf8');
    writeFile(labDir, 'inventory.yaml', 'hosts:\n  - name: node1\n    address: 999.1.1.1\n');
    const { lastFrame, stdin, store } = startAtLab();
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write(KEY.enter);
    const frame = await waitForFrame(lastFrame, frameHas('Import failed'));
    expect(frame).toContain('the saved inventory was not changed');
    expect(frame).toContain('hosts[0].address');
    expect(frame).toContain('999.1.1.1');
    expect(store.getState().inventory).toEqual(SAVED);
    expect(readFileSync(settings.path, 'utf8')).toBe(before);
    await pressEscape(stdin);
    const welcome = await waitForFrame(lastFrame, frameHas('gluster-console · Welcome'));
    expect(welcome).toContain('old.example.com');
  });

  it('refuses to import over a saved file it cannot read, and says so on both screens', async () => {
    writeFileSync(settings.path, '{"inventory": ');
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const { lastFrame, stdin } = startAtLab({ stack: ['welcome'] });
    const welcome = await waitForFrame(lastFrame, frameHas('cannot be read'));
    expect(welcome).toContain('not valid JSON');
    for (const entry of ['Guided setup', 'Live panel']) {
      stdin.write(KEY.down);
      await waitForFrame(lastFrame, (f) => f.split('\n').some((line) => line.includes('❯') && line.includes(entry)));
    }
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, (f) => f.split('\n').some((line) => line.includes('❯') && line.includes('Local lab')));
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    stdin.write(KEY.enter);
    const frame = await waitForFrame(lastFrame, frameHas('Import failed'));
    expect(frame).toContain('not valid JSON');
    expect(readFileSync(settings.path, 'utf8')).toBe('{"inventory": ');
  });

  it('shows a clear error when the lab has no inventory yet', async () => {
    const { lastFrame, stdin } = startAtLab();
    await waitForFrame(lastFrame, frameHas('No lab inventory'));
    stdin.write(KEY.enter);
    const frame = await waitForFrame(lastFrame, frameHas('Import failed'));
    expect(frame).toContain('cannot read');
  });

  it('offers no import under --readonly', async () => {
    writeFile(labDir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const { lastFrame, stdin, store } = startAtLab({ readonly: true });
    const frame = await waitForFrame(lastFrame, frameHas('Lab inventory found'));
    expect(frame).not.toContain("Import the lab's inventory");
    expect(frame).toContain('importing the lab\'s inventory is turned off');
    expect(frame).not.toContain('i import');
    stdin.write('i');
    stdin.write(KEY.enter);
    stdin.write('?');
    await waitForFrame(lastFrame, frameHas('gluster-console · Help'));
    expect(store.getState().inventory.hosts).toHaveLength(0);
    expect(settings.getInventory().hosts).toHaveLength(0);
  });
});

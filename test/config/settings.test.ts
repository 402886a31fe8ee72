import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryError, type Inventory } from '../../src/config/inventory.js';
import { createSettings, DEFAULT_SETTINGS, SettingsError } from '../../src/config/settings.js';
import { SAMPLE_INVENTORY_YAML, tempDir, writeFile } from '../ui/helpers.js';

const INVENTORY: Inventory = {
  hosts: [
    { name: 'gluster1.example.com', address: '10.0.0.1', ssh: { user: 'root', port: 22 }, zone: 'a', device: '/dev/vdc' },
    { name: 'gluster2.example.com', address: '10.0.0.2', ssh: { user: 'admin', port: 2222 }, zone: 'b' },
  ],
};

describe('createSettings', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it('starts with no hosts and default settings, without writing anything', () => {
    const settings = createSettings({ cwd: dir });
    expect(settings.path).toBe(join(dir, 'config.json'));
    expect(settings.getInventory()).toEqual({ hosts: [] });
    expect(settings.getSetting('refreshIntervalMs')).toBe(DEFAULT_SETTINGS.refreshIntervalMs);
    expect(() => statSync(settings.path)).toThrow();
  });

  it('saves an inventory with dotted host names intact, in a 0600 file', () => {
    const settings = createSettings({ cwd: dir });
    settings.setInventory(INVENTORY);
    expect(createSettings({ cwd: dir }).getInventory()).toEqual(INVENTORY);
    const raw = JSON.parse(readFileSync(settings.path, 'utf8')) as { inventory: Inventory };
    expect(raw.inventory.hosts[0]?.name).toBe('gluster1.example.com');
    expect(statSync(settings.path).mode & 0o777).toBe(0o600);
  });

  it('uses GLUSTER_CONSOLE_CONFIG_DIR when no cwd is given', () => {
    const before = process.env.GLUSTER_CONSOLE_CONFIG_DIR;
    process.env.GLUSTER_CONSOLE_CONFIG_DIR = dir;
    try {
      expect(createSettings().path).toBe(join(dir, 'config.json'));
    } finally {
      if (before === undefined) delete process.env.GLUSTER_CONSOLE_CONFIG_DIR;
      else process.env.GLUSTER_CONSOLE_CONFIG_DIR = before;
    }
  });

  it('refuses an invalid inventory and keeps the saved one', () => {
    const settings = createSettings({ cwd: dir });
    settings.setInventory(INVENTORY);
    const bad = { hosts: [{ name: 'bad host', address: '10.0.0.9', ssh: { user: 'root', port: 22 }, zone: 'a' }] };
    expect(() => settings.setInventory(bad)).toThrow(InventoryError);
    expect(settings.getInventory()).toEqual(INVENTORY);
  });

  it('imports an inventory file and returns it', () => {
    const settings = createSettings({ cwd: dir });
    const file = writeFile(dir, 'inventory.yaml', SAMPLE_INVENTORY_YAML);
    const imported = settings.importInventoryFile(file);
    expect(imported.hosts.map((h) => h.name)).toEqual(['node1', 'node2.lab.example']);
    expect(settings.getInventory()).toEqual(imported);
  });

  it('does not save anything when the imported file is invalid', () => {
    const settings = createSettings({ cwd: dir });
    settings.setInventory(INVENTORY);
    const file = writeFile(dir, 'broken.yaml', 'hosts:\n  - name: node1\n');
    expect(() => settings.importInventoryFile(file)).toThrow(/hosts\[0\]\.address: required/);
    expect(() => settings.importInventoryFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read: does not exist/);
    expect(settings.getInventory()).toEqual(INVENTORY);
  });

  // Broken while the console runs (broken before it starts: settings-broken.test.ts).
  it('reports a file that is not JSON and never writes over it', () => {
    const path = join(dir, 'config.json');
    const settings = createSettings({ cwd: dir });
    writeFileSync(path, '{"inventory": {"hosts": [');
    expect(() => settings.getInventory()).toThrow(SettingsError);
    expect(() => settings.getInventory()).toThrow(/config\.json: not valid JSON/);
    expect(() => settings.setInventory(INVENTORY)).toThrow(/not valid JSON/);
    expect(() => settings.setSetting('refreshIntervalMs', 1000)).toThrow(/not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{"inventory": {"hosts": [');
  });

  it('reports a saved inventory that fails validation and never writes over it', () => {
    const path = join(dir, 'config.json');
    const text = JSON.stringify({ inventory: { hosts: [{ name: 'node1' }] } });
    const settings = createSettings({ cwd: dir });
    writeFileSync(path, text);
    expect(() => settings.getInventory()).toThrow(/the saved inventory is invalid[\s\S]*hosts\[0\]\.address: required/);
    expect(() => settings.setInventory(INVENTORY)).toThrow(SettingsError);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('reports a file that is JSON but not an object', () => {
    const settings = createSettings({ cwd: dir });
    writeFileSync(join(dir, 'config.json'), '[1, 2]');
    expect(() => settings.getInventory()).toThrow(/expected a JSON object/);
  });

  it('keeps settings next to the inventory and checks their values', () => {
    const settings = createSettings({ cwd: dir });
    settings.setInventory(INVENTORY);
    settings.setSetting('refreshIntervalMs', 2000);
    const again = createSettings({ cwd: dir });
    expect(again.getSetting('refreshIntervalMs')).toBe(2000);
    expect(again.getInventory()).toEqual(INVENTORY);
    expect(() => settings.setSetting('refreshIntervalMs', 10)).toThrow(/from 500 to 3600000/);
    expect(() => settings.setSetting('refreshIntervalMs', 1.5)).toThrow(SettingsError);
    expect(settings.getSetting('refreshIntervalMs')).toBe(2000);
  });

  it('reports an invalid saved setting', () => {
    const settings = createSettings({ cwd: dir });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { refreshIntervalMs: 'soon' } }));
    expect(() => settings.getSetting('refreshIntervalMs')).toThrow(/saved setting is invalid/);
  });
});

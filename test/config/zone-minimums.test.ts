import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings, SettingsError } from '../../src/config/settings.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gc-zone-min-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the setting zoneMinimums', () => {
  it('is one host in every zone until set; keeps per-zone values', () => {
    const settings = createSettings({ cwd: fresh() });
    expect(settings.getSetting('zoneMinimums')).toEqual({ '*': 1 });
    settings.setSetting('zoneMinimums', { 'zone-a': 2, '*': 0 });
    expect(settings.getSetting('zoneMinimums')).toEqual({ 'zone-a': 2, '*': 0 });
  });

  it('refuses what is not a zone name or a whole number of hosts', () => {
    const settings = createSettings({ cwd: fresh() });
    for (const bad of [{ 'zone a': 1 }, { 'zone-a': -1 }, { 'zone-a': 1.5 }, { 'zone-a': 251 }, [1]] as unknown[]) {
      expect(() => settings.setSetting('zoneMinimums', bad as Record<string, number>)).toThrow(SettingsError);
    }
  });

  it('a broken saved value is moved aside when the console starts, as every setting is', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { zoneMinimums: { 'zone-a': 'two' } } }));
    const settings = createSettings({ cwd: dir });
    expect(settings.notice).toMatch(/zoneMinimums must map zone names/);
    expect(settings.getSetting('zoneMinimums')).toEqual({ '*': 1 });
  });
});

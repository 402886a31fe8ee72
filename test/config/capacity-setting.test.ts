// The setting capacityThresholdPercent: 80 unless set, a whole percentage from 1 to 99.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettings, SettingsError } from '../../src/config/settings.js';
import { tempDir } from '../ui/helpers.js';

describe('capacityThresholdPercent', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it('is 80 until set, and keeps what is set', () => {
    const settings = createSettings({ cwd: dir });
    expect(settings.getSetting('capacityThresholdPercent')).toBe(80);
    settings.setSetting('capacityThresholdPercent', 90);
    expect(createSettings({ cwd: dir }).getSetting('capacityThresholdPercent')).toBe(90);
  });

  it.each([0, 100, 85.5, '80' as unknown as number])('refuses %j', (value) => {
    expect(() => createSettings({ cwd: dir }).setSetting('capacityThresholdPercent', value)).toThrow(SettingsError);
  });
});

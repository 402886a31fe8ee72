// The console's own files broken before it starts (corrupt, truncated, a
// directory, a FIFO, /dev/zero, a saved inventory that no longer passes the
// checks): a message naming the file, the bad file kept beside it as a backup,
// and the console still starts. Nothing saved is lost without saying where it is.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/inventory.js';
import { createSettings } from '../../src/config/settings.js';
import { readProgress, writeProgress } from '../../src/store/setup-progress.js';
import { intentWith } from '../../src/steps/intent.js';
import { tempDir } from '../ui/helpers.js';

const INVENTORY: Inventory = { hosts: [{ name: 'node1', address: '10.0.0.1', ssh: {}, zone: 'a' }] };

describe('a broken config.json when the console starts', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());
  const backups = () => readdirSync(dir).filter((f) => f.startsWith('config.json.broken-'));

  const cases: [string, () => void, RegExp][] = [
    ['a directory', () => mkdirSync(join(dir, 'config.json')), /not a regular file \(a directory\)/],
    ['truncated JSON', () => writeFileSync(join(dir, 'config.json'), '{"inventory": {"hosts": ['), /not valid JSON/],
    ['JSON but not an object', () => writeFileSync(join(dir, 'config.json'), '[1, 2]'), /expected a JSON object/],
    ['a FIFO', () => execFileSync('mkfifo', [join(dir, 'config.json')]), /not a regular file \(a FIFO\)/],
    ['a link to /dev/zero', () => symlinkSync('/dev/zero', join(dir, 'config.json')), /not a regular file \(a character device\)/],
    ['binary', () => writeFileSync(join(dir, 'config.json'), Buffer.from([0, 1, 2, 0xff])), /not valid JSON/],
  ];

  it.each(cases)('%s: says so naming the file, keeps it as a backup, and starts empty', (_, make, problem) => {
    make();
    const settings = createSettings({ cwd: dir });
    expect(settings.notice).toMatch(problem);
    expect(settings.notice).toContain(join(dir, 'config.json'));
    expect(backups()).toHaveLength(1);
    expect(settings.notice).toContain(join(dir, backups()[0]!));
    expect(settings.getInventory()).toEqual({ hosts: [] });
    settings.setInventory(INVENTORY);
    expect(createSettings({ cwd: dir }).getInventory()).toEqual(INVENTORY);
    expect(createSettings({ cwd: dir }).notice).toBeNull();
  });

  it('a saved inventory that no longer passes the checks is kept in the backup, byte for byte', () => {
    const text = JSON.stringify({ inventory: { hosts: [{ name: 'node1', address: '10.0.0.1' }, { name: 'NODE1', address: '10.0.0.2' }] } });
    writeFileSync(join(dir, 'config.json'), text);
    const settings = createSettings({ cwd: dir });
    expect(settings.notice).toMatch(/the saved inventory is invalid[\s\S]*hosts\[1\]\.name/);
    expect(settings.notice).toMatch(/its hosts are kept in the backup/);
    expect(readFileSync(join(dir, backups()[0]!), 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });

  it('an invalid saved setting is reported and moved aside too', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { refreshIntervalMs: 'soon' } }));
    const settings = createSettings({ cwd: dir });
    expect(settings.notice).toMatch(/refreshIntervalMs/);
    expect(settings.getSetting('refreshIntervalMs')).toBe(2000);
  });
});

describe('a broken setup-progress.json', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it.each([
    ['a directory', (p: string) => mkdirSync(p), /not a regular file \(a directory\)/],
    ['truncated', (p: string) => writeFileSync(p, '{"intent": {"volumeName": "gv'), /not valid JSON/],
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), /not a regular file \(a FIFO\)/],
  ])('%s: defaults, a notice naming the file, the file kept as a backup, and saving works again', (_, make, problem) => {
    const path = join(dir, 'setup-progress.json');
    make(path);
    const first = readProgress(path);
    expect(first.step).toBeNull();
    expect(first.notice).toMatch(problem);
    expect(first.notice).toContain(path);
    const backup = readdirSync(dir).find((f) => f.startsWith('setup-progress.json.broken-'));
    expect(backup).toBeDefined();
    expect(first.notice).toContain(join(dir, backup!));
    // The store reads twice while starting; the second read still says what happened.
    expect(readProgress(path).notice).toBe(first.notice);
    writeProgress(path, { intent: intentWith({ volumeName: 'gv0' }), step: 'hosts' });
    expect(statSync(path).isFile()).toBe(true);
    expect(readProgress(path)).toMatchObject({ step: 'hosts', intent: { volumeName: 'gv0' } });
    expect(readProgress(path).notice).toBeUndefined();
  });
});

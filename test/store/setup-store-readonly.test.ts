// --readonly means read-only: an edited volume name is used for the session's
// checks, and the progress file on disk stays as it was (issue 9).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/config/audit.js';
import { createSetupStore } from '../../src/store/setup-store.js';
import { writeProgress } from '../../src/store/setup-progress.js';
import { DEFAULT_INTENT } from '../../src/steps/intent.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { tempDir } from '../ui/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function store(readonly: boolean) {
  const { dir, cleanup } = tempDir('gc-setup-ro-');
  cleanups.push(cleanup);
  const progressPath = join(dir, 'setup-progress.json');
  writeProgress(progressPath, { intent: { ...DEFAULT_INTENT, volumeName: 'gv0' }, step: null });
  const before = readFileSync(progressPath, 'utf8');
  const s = createSetupStore({
    executorFor: () => new FakeExecutor(),
    inventory: () => ({ hosts: [] }),
    ask: async () => null,
    audit: new AuditLog(join(dir, 'audit.log')),
    progressPath,
    readonly,
  });
  return { s, progressPath, before };
}

describe('the setup store under --readonly', () => {
  it('keeps an edited intent for the session and saves nothing', () => {
    const { s, progressPath, before } = store(true);
    s.getState().saveIntent({ ...s.getState().intent, volumeName: 'gv1' });
    expect(s.getState().intent.volumeName).toBe('gv1');
    expect(s.getState().notice?.text).toMatch(/nothing is saved under --readonly/);
    expect(readFileSync(progressPath, 'utf8')).toBe(before);
  });

  it('saves it otherwise', () => {
    const { s, progressPath, before } = store(false);
    s.getState().saveIntent({ ...s.getState().intent, volumeName: 'gv1' });
    expect(existsSync(progressPath)).toBe(true);
    expect(readFileSync(progressPath, 'utf8')).not.toBe(before);
    expect(readFileSync(progressPath, 'utf8')).toContain('gv1');
  });
});

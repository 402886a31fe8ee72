// Where the operator was in the guided setup, and what they want it to build:
// a small JSON file next to the settings (mode 0600). Never "volume created =
// true": what is done is read from the hosts every time; this only remembers
// the intent (volume name, layout, paths) and the step the operator was on.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_INTENT, intentWith, type SetupIntent } from '../steps/intent.js';
import type { StepId } from '../steps/types.js';

export interface SetupProgress {
  intent: SetupIntent;
  /** The step the operator last opened. */
  step: StepId | null;
}

export const PROGRESS_FILE = 'setup-progress.json';

export function progressPathBeside(settingsPath: string): string {
  return join(dirname(settingsPath), PROGRESS_FILE);
}

const STEP_IDS: readonly StepId[] = ['inventory', 'hosts', 'install', 'bricks', 'probe', 'volume', 'mount'];
const TEXT_FIELDS = ['volumeName', 'layout', 'mountPath', 'brickMount', 'aptRepository'] as const;

/** The saved progress; defaults when there is none or it cannot be read (it holds nothing that cannot be typed again). */
export function readProgress(path: string): SetupProgress {
  if (!existsSync(path)) return { intent: intentWith({}), step: null };
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { intent?: Record<string, unknown>; step?: unknown };
    const values: Partial<SetupIntent> = {};
    for (const key of TEXT_FIELDS) {
      const v = data.intent?.[key];
      // Saved values are checked again where they are used, like typed ones.
      if (typeof v === 'string') values[key] = v;
    }
    const step = typeof data.step === 'string' && (STEP_IDS as readonly string[]).includes(data.step) ? (data.step as StepId) : null;
    return { intent: intentWith(values), step };
  } catch {
    return { intent: intentWith({}), step: null };
  }
}

/** Atomic (temporary file + rename); the wipe confirmations are never saved: they are given each time. */
export function writeProgress(path: string, progress: SetupProgress): void {
  const { wipeHosts: _never, ...intent } = progress.intent;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify({ intent, step: progress.step }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export const EMPTY_PROGRESS: SetupProgress = { intent: { ...DEFAULT_INTENT, wipeHosts: [] }, step: null };

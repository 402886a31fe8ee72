// Where the operator was in the guided setup, and what they want it to build:
// a small JSON file next to the settings (mode 0600). Never "volume created =
// true": what is done is read from the hosts every time; this only remembers
// the intent (volume name, layout, paths) and the step the operator was on.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { moveAside } from '../config/settings.js';
import { printable } from '../config/validate.js';
import { FileReadError, readRegularFile } from '../fsutil/read-regular-file.js';
import { DEFAULT_INTENT, intentWith, type SetupIntent } from '../steps/intent.js';
import type { StepId } from '../steps/types.js';

export interface SetupProgress {
  intent: SetupIntent;
  /** The step the operator last opened. */
  step: StepId | null;
  /** The saved file could not be used: what was wrong and where it was moved. */
  notice?: string;
}

export const PROGRESS_FILE = 'setup-progress.json';

export function progressPathBeside(settingsPath: string): string {
  return join(dirname(settingsPath), PROGRESS_FILE);
}

const STEP_IDS: readonly StepId[] = ['inventory', 'hosts', 'install', 'bricks', 'probe', 'volume', 'mount'];
const TEXT_FIELDS = ['volumeName', 'layout', 'mountPath', 'brickMount', 'aptRepository'] as const;
/** A few hundred bytes in practice. */
const MAX_PROGRESS_BYTES = 64 * 1024;

/**
 * Broken files moved aside in this process, by path: the store reads the progress
 * more than once while starting, and each read must still say what happened.
 * Forgotten when the progress is saved again.
 */
const movedAside = new Map<string, string>();

function problemOf(path: string): { problem: string } | { data: { intent?: Record<string, unknown>; step?: unknown } } | null {
  let text: string;
  try {
    text = readRegularFile(path, { maxBytes: MAX_PROGRESS_BYTES }).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { problem: err instanceof FileReadError ? err.problem : (err as Error).message };
  }
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: 'expected a JSON object' };
    return { data };
  } catch (err) {
    return { problem: `not valid JSON (${printable((err as Error).message)})` };
  }
}

/** The saved progress; defaults when there is none. A broken file is moved aside and named in `notice` (it holds nothing that cannot be typed again). */
export function readProgress(path: string): SetupProgress {
  const read = problemOf(path);
  const defaults = { intent: intentWith({}), step: null };
  if (read === null) return movedAside.has(path) ? { ...defaults, notice: movedAside.get(path)! } : defaults;
  if ('problem' in read) {
    let notice: string;
    try {
      notice = `${printable(path)}: ${read.problem}; moved it to ${printable(moveAside(path))}; the setup starts from the defaults`;
    } catch (err) {
      notice = `${printable(path)}: ${read.problem}; could not move it aside (${printable((err as Error).message)}); the setup starts from the defaults`;
    }
    movedAside.set(path, notice);
    return { ...defaults, notice };
  }
  const data = read.data;
  const values: Partial<SetupIntent> = {};
  for (const key of TEXT_FIELDS) {
    const v = data.intent?.[key];
    // Saved values are checked again where they are used, like typed ones.
    if (typeof v === 'string') values[key] = v;
  }
  const step = typeof data.step === 'string' && (STEP_IDS as readonly string[]).includes(data.step) ? (data.step as StepId) : null;
  return { intent: intentWith(values), step };
}

/** Atomic (temporary file + rename); the wipe confirmations are never saved: they are given each time. */
export function writeProgress(path: string, progress: SetupProgress): void {
  const { wipeHosts: _never, ...intent } = progress.intent;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify({ intent, step: progress.step }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  movedAside.delete(path);
}

export const EMPTY_PROGRESS: SetupProgress = { intent: { ...DEFAULT_INTENT, wipeHosts: [] }, step: null };

// Starts the interactive console: options, a terminal check, the settings,
// and the Welcome screen drawn as plain text at once (first-frame.ts); then
// Ink and the screens are loaded (app-start.tsx) and Ink draws over it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSettings, type SettingsStore } from '../config/settings.js';
import { initialStateFromSettings } from './boot.js';
import { abandonFirstFrame, drawFirstFrame, welcomeFrame } from './first-frame.js';
import { NON_INTERACTIVE_HINT } from '../usage.js';

const CONSOLE_USAGE = `Usage: gluster-console [--config-dir DIR] [--readonly]
  --config-dir DIR   where the inventory and settings are kept
  --readonly         watch only: keys and actions that change hosts or saved data are turned off`;

export interface InteractiveOptions {
  configDir?: string;
  readonly: boolean;
}

/** Parses the console's options; throws with a message for the operator on anything unknown. */
export function parseInteractiveArgs(argv: string[]): InteractiveOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'config-dir': { type: 'string' },
      readonly: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const configDir = values['config-dir'];
  if (configDir !== undefined && configDir.trim() === '') throw new Error('--config-dir needs a directory');
  return { ...(configDir !== undefined ? { configDir: resolve(configDir) } : {}), readonly: values.readonly ?? false };
}

export async function runInteractive(argv: string[]): Promise<number> {
  let options: InteractiveOptions;
  try {
    options = parseInteractiveArgs(argv);
  } catch (err) {
    process.stderr.write(`gluster-console: ${(err as Error).message}\n${CONSOLE_USAGE}\n`);
    return 2;
  }
  // cli.ts checks this too; checked again because Ink's raw-mode error is no help to an operator.
  if (!process.stdin.isTTY || !process.stdout.isTTY || typeof process.stdin.setRawMode !== 'function') {
    process.stderr.write(`${NON_INTERACTIVE_HINT}\n`);
    return 2;
  }

  let settings: SettingsStore;
  try {
    settings = createSettings(options.configDir !== undefined ? { cwd: options.configDir } : {});
  } catch (err) {
    process.stderr.write(`gluster-console: cannot open the settings: ${(err as Error).message}\n`);
    return 1;
  }

  const initial = initialStateFromSettings(settings, { readonly: options.readonly });
  // A notice or an unreadable inventory is not the plain Welcome screen: Ink draws those alone.
  const frame =
    initial.status || initial.inventoryError
      ? null
      : welcomeFrame({
          columns: process.stdout.columns || 80,
          rows: process.stdout.rows || 0,
          hosts: initial.inventory?.hosts ?? [],
          readonly: options.readonly,
          colour: process.stdout.hasColors?.() ?? false,
          pointer: process.env.TERM === 'linux' ? '>' : '❯',
        });
  if (frame) drawFirstFrame(frame, process.stdout, process.stdin);
  let app: typeof import('./app-start.js');
  try {
    app = await import('./app-start.js');
  } catch (err) {
    if (frame) abandonFirstFrame(frame, process.stdout);
    throw err;
  }
  return app.startApp(settings, initial, { overFirstFrame: frame !== null });
}

// Starts the interactive console: options, a terminal check, one store and one
// settings instance, and a single exit path through shutdown().
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { render } from 'ink';
import { createSettings, type SettingsStore } from '../config/settings.js';
import { createAppStore } from '../store/app-store.js';
import { App } from './App.js';
import { initialStateFromSettings } from './boot.js';
import { createShutdown } from './shutdown.js';
import { SshSession } from '../ssh/session.js';
import { sshPromptOptions } from './ssh-prompts.js';
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

  const { onShutdown, shutdown } = createShutdown();
  const store = createAppStore(initialStateFromSettings(settings, { readonly: options.readonly }));
  const ssh = new SshSession(sshPromptOptions(store));
  onShutdown(() => ssh.close());

  const instance = render(<App store={store} settings={settings} executorFor={(inventory) => ssh.poolFor(inventory)} />);
  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);

  let code = 0;
  try {
    await instance.waitUntilExit();
  } catch (err) {
    process.stderr.write(`gluster-console: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
  for (const failure of await shutdown()) {
    process.stderr.write(`gluster-console: while shutting down: ${failure.message}\n`);
    code = code || 1;
  }
  return code;
}

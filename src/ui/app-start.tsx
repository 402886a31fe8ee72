// The console once Ink is loaded: one store, the SSH session, Ink's render,
// and the single exit path through shutdown(). run.tsx imports this module
// only after the first frame is on the screen, since loading Ink, React and
// the screens takes most of a second.
import { render } from 'ink';
import type { SettingsStore } from '../config/settings.js';
import { SshSession } from '../ssh/session.js';
import { createAppStore, type AppData } from '../store/app-store.js';
import { App } from './App.js';
import { eraseUnderInksFirstFrame } from './first-frame.js';
import { separateEscapeKeys } from './lone-escape.js';
import { createShutdown } from './shutdown.js';
import { sshPromptOptions } from './ssh-prompts.js';

export async function startApp(settings: SettingsStore, initial: Partial<AppData>, options: { overFirstFrame: boolean }): Promise<number> {
  const { onShutdown, shutdown } = createShutdown();
  const store = createAppStore(initial);
  const ssh = new SshSession(sshPromptOptions(store));
  onShutdown(() => ssh.close());

  if (options.overFirstFrame) eraseUnderInksFirstFrame(process.stdout);
  // Escape glued to the next key in one read (send-keys Escape Down) is two keys, not Alt+Down.
  onShutdown(separateEscapeKeys(process.stdin));
  // Ctrl-C is a key of the console's own (keys.ts): it quits, but while setup commands run it asks and cancels them.
  const instance = render(<App store={store} settings={settings} executorFor={(inventory) => ssh.poolFor(inventory)} />, { exitOnCtrlC: false });
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

// The one way out of the interactive console. Whatever holds resources (SSH
// connections, once ssh/ exists) registers a hook here; run.tsx calls
// shutdown() exactly once, however the app ended.
export type ShutdownHook = () => void | Promise<void>;

export interface Shutdown {
  /** Register cleanup, e.g. `onShutdown(() => pool.closeAll())`; hooks run in reverse order of registration. */
  onShutdown(hook: ShutdownHook): void;
  /** Runs every hook once, even when some fail; returns the failures. */
  shutdown(): Promise<Error[]>;
}

export function createShutdown(): Shutdown {
  const hooks: ShutdownHook[] = [];
  let done: Promise<Error[]> | null = null;
  return {
    onShutdown(hook) {
      hooks.push(hook);
    },
    shutdown() {
      done ??= (async () => {
        const failures: Error[] = [];
        for (const hook of [...hooks].reverse()) {
          try {
            await hook();
          } catch (err) {
            failures.push(err instanceof Error ? err : new Error(String(err)));
          }
        }
        return failures;
      })();
      return done;
    },
  };
}

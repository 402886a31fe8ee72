// What Ink and its colour library are told about the terminal, before they are
// loaded. Both read the environment once, at import: Ink's is-in-ci turns CI
// into "draw only the last frame", chalk's supports-color turns CI into "no
// colour". Both are right for a build log and wrong here: the console starts
// only when stdin and stdout are terminals, so an operator is watching it.
// supports-color does not read NO_COLOR (no-color.org), so it is said here.

export type Env = Record<string, string | undefined>;

/**
 * The changes to make to the environment for the interactive console: CI is
 * hidden from the console's own process (it describes the job, not this
 * terminal), and NO_COLOR becomes FORCE_COLOR=0 unless FORCE_COLOR is set
 * (an explicit FORCE_COLOR wins, as in Node's own getColorDepth). TERM=dumb
 * needs nothing: supports-color already turns colour off for it.
 * A key with the value undefined is to be removed.
 */
export function terminalEnvChanges(env: Env): Env {
  const changes: Env = {};
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in env) changes[name] = undefined;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  if (noColor && env.FORCE_COLOR === undefined) changes.FORCE_COLOR = '0';
  return changes;
}

/** Applies terminalEnvChanges to process.env; call it before Ink is imported. */
export function prepareTerminalEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(terminalEnvChanges(env))) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
}

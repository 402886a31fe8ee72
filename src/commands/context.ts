// What every subcommand that works on hosts does around its own work, in one
// place: the shared arguments (--inventory, --dry-run, --yes, --config-dir,
// --command-timeout), the inventory read and checked (exit 2 with
// "NAME: ..." on stderr), the settings (their notice, the values the command
// reads; a SettingsError is exit 2), the audit log beside them, the SshPool,
// a readline only when stdin and stdout are terminals, Ctrl-C and SIGTERM as
// an AbortSignal, and the cleanup that always runs: the signal handlers
// removed, the readline closed, the pool closed.
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AuditLog } from '../config/audit.js';
import { InventoryError, readInventoryFile, type Inventory } from '../config/inventory.js';
import { checkInventoryFiles } from '../config/inventory-files.js';
import { createSettings, SettingsError, type SettingsStore } from '../config/settings.js';
import { printable } from '../config/validate.js';
import { SshPool } from '../ssh/pool.js';
import type { Executor } from '../ssh/types.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options every host-changing subcommand takes. */
export const RUN_OPTIONS = {
  inventory: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  'config-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/** --command-timeout S, for the subcommands that take it. */
export const TIMEOUT_OPTION = { 'command-timeout': { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

type RunWords<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: typeof RUN_OPTIONS & O }>>['values'];

/**
 * The words of a subcommand with RUN_OPTIONS and its own options: the values
 * (with --inventory present), 'help', or the error for the operator.
 */
export function parseRunWords<O extends ParseArgsOptionsConfig>(argv: string[], options: O): (RunWords<O> & { inventory: string }) | 'help' | string {
  let values: RunWords<O>;
  try {
    ({ values } = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { ...RUN_OPTIONS, ...options } }) as { values: RunWords<O> });
  } catch (err) {
    return (err as Error).message;
  }
  const shared = values as { help?: boolean; inventory?: string };
  if (shared.help) return 'help';
  if (!shared.inventory) return '--inventory FILE is required';
  return values as RunWords<O> & { inventory: string };
}

/** The shared fields of the parsed arguments: --dry-run, --yes, --config-dir. */
export function runFlags(values: { 'dry-run'?: boolean; yes?: boolean; 'config-dir'?: string }): { dryRun: boolean; yes: boolean; configDir?: string } {
  return {
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
    ...(values['config-dir'] ? { configDir: values['config-dir'] } : {}),
  };
}

/** --command-timeout in milliseconds; undefined when absent (the setting decides); a string is the error. */
export function parseCommandTimeout(text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > 86_400) return `--command-timeout: whole seconds from 1 to 86400, not "${printable(text)}"`;
  return seconds * 1000;
}

/** A check of the inventory before anything connects: the operator's problem, or undefined. */
export type InventoryCheck = (inventory: Inventory) => string | undefined;

export const hasHosts: InventoryCheck = (inventory) => (inventory.hosts.length === 0 ? 'the inventory has no hosts' : undefined);

/** The key and config files the inventory names are regular files we can read. */
export function usableFiles(file: string): InventoryCheck {
  return (inventory) => {
    const problems = checkInventoryFiles(inventory);
    return problems.length > 0 ? `${printable(file)}: unusable files:\n  ${problems.join('\n  ')}` : undefined;
  };
}

/** The hosts the operator named are in the inventory; `say` words the ones that are not. */
export function namedHosts(hosts: readonly string[], say: (unknown: string[]) => string, options: { ignoreCase?: boolean } = {}): InventoryCheck {
  const same = options.ignoreCase ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  return (inventory) => {
    const unknown = hosts.filter((h) => !inventory.hosts.some((i) => same(i.name, h)));
    return unknown.length > 0 ? say(unknown) : undefined;
  };
}

export interface CommandContext<S> {
  inventory: Inventory;
  settings: SettingsStore;
  /** What `read` took from the settings. */
  values: S;
  audit: AuditLog;
  executor: Executor;
  /** A line typed by the operator; absent when stdin or stdout is not a terminal. */
  ask?: (question: string) => Promise<string | null>;
  /** Aborted by SIGINT or SIGTERM. */
  signal: AbortSignal;
  out(line: string): void;
  err(line: string): void;
}

export interface CommandSetup<S> {
  /** The inventory file (--inventory). */
  inventoryFile: string;
  /** In this order, after the file is read; the first problem is exit 2. */
  checks: readonly InventoryCheck[];
  configDir?: string | undefined;
  /** Print the settings' notice as a warning (default true). */
  notice?: boolean;
  /** What the command takes from the settings; a SettingsError thrown here is exit 2. */
  read?: (settings: SettingsStore) => S;
}

/** What the context is made of; tests replace them. */
export interface ContextDeps {
  executorFor?(inventory: Inventory): Executor;
  /** Default: a readline on stdin when stdin and stdout are terminals. */
  terminal?: boolean;
  out?(line: string): void;
  err?(line: string): void;
}

/** Calls SIGINT and SIGTERM `onSignal` (once each) until the returned function removes them. */
export function onStopSignals(onSignal: () => void): () => void {
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * Reads and checks the inventory and the settings, makes the audit log, the
 * pool, the readline and the signal, runs `body`, and cleans up whatever
 * `body` did. Exit 2 (with `name: problem` on stderr) before anything connects.
 */
export async function withCommandContext<S = undefined>(name: string, setup: CommandSetup<S>, body: (ctx: CommandContext<S>) => Promise<number>, deps: ContextDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => void process.stderr.write(`${line}\n`));
  let inventory: Inventory;
  try {
    inventory = readInventoryFile(setup.inventoryFile);
  } catch (e) {
    err(`${name}: ${e instanceof InventoryError ? e.message : String(e)}`);
    return 2;
  }
  for (const check of setup.checks) {
    const problem = check(inventory);
    if (problem !== undefined) {
      err(`${name}: ${problem}`);
      return 2;
    }
  }
  const settings = createSettings(setup.configDir ? { cwd: setup.configDir } : {});
  if ((setup.notice ?? true) && settings.notice) err(`${name}: warning: ${settings.notice}`);
  let values: S;
  try {
    values = setup.read ? setup.read(settings) : (undefined as S);
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    err(`${name}: ${e.message}`);
    return 2;
  }
  const audit = AuditLog.beside(settings.path);
  const executor = deps.executorFor ? deps.executorFor(inventory) : new SshPool(inventory.hosts);
  const terminal = deps.terminal ?? (process.stdin.isTTY && process.stdout.isTTY);
  const rl = terminal ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  const controller = new AbortController();
  const removeSignals = onStopSignals(() => controller.abort());
  try {
    return await body({
      inventory,
      settings,
      values,
      audit,
      executor,
      ...(rl ? { ask: async (q: string) => rl.question(q) } : {}),
      signal: controller.signal,
      out,
      err,
    });
  } finally {
    removeSignals();
    rl?.close();
    await executor.close();
  }
}

/** The parser's answer that ends the command: 'help' is the usage on stdout (exit 0), anything else the error and the usage on stderr (exit 2). */
export function argsExit(name: string, usage: string, answer: string): number {
  if (answer === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  process.stderr.write(`${name}: ${answer}\n${usage}\n`);
  return 2;
}

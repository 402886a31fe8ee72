// `gluster-console status [--inventory FILE] [--json] [--watch] [--config-dir DIR]`:
// the live panel's model without a terminal, for scripts and monitoring.
// Exit status: 0 healthy, 1 degraded (or a volume down), 2 unreachable or unknown
// (and 2 for unusable arguments or inventory, as the other subcommands do).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readInventoryFile, type Inventory } from '../config/inventory.js';
import { checkInventoryFiles } from '../config/inventory-files.js';
import { createSettings, DEFAULT_SETTINGS } from '../config/settings.js';
import { analyze } from '../panel/analyze.js';
import { ClusterPoller } from '../panel/poller.js';
import { reportToJson, reportToText } from '../panel/print.js';
import type { ClusterReport } from '../panel/report.js';
import { exitCodeFor } from '../panel/verdict.js';
import { SshPool } from '../ssh/pool.js';
import type { Executor } from '../ssh/types.js';
import { onStopSignals } from './context.js';

export const STATUS_USAGE = `Usage: gluster-console status [--inventory FILE] [--json] [--watch] [--config-dir DIR]
  The live panel's view of the cluster, once (or every refresh interval with --watch).
  --inventory FILE   the hosts to ask (default: the saved inventory)
  --json             one JSON document (with --watch: one per line)
  --watch            refresh until interrupted (Ctrl-C); every refreshIntervalMs of the settings (default ${DEFAULT_SETTINGS.refreshIntervalMs / 1000} s)
  --config-dir DIR   where the saved inventory and settings are kept
  Exit status: 0 healthy, 1 degraded, 2 unreachable or unknown (with --watch: of the last refresh).
  Unknown SSH host keys are refused here: accept them once in the console, or list them in known_hosts.`;

export interface StatusOptions {
  inventoryFile?: string;
  configDir?: string;
  json: boolean;
  watch: boolean;
}

export function parseStatusArgs(argv: string[]): StatusOptions | { help: true } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      inventory: { type: 'string' },
      'config-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new Error(`status takes no arguments (got "${positionals.join(' ')}")`);
  for (const key of ['inventory', 'config-dir'] as const) {
    if (values[key] !== undefined && values[key]!.trim() === '') throw new Error(`--${key} needs a value`);
  }
  return {
    ...(values.inventory !== undefined ? { inventoryFile: resolve(values.inventory) } : {}),
    ...(values['config-dir'] !== undefined ? { configDir: resolve(values['config-dir']) } : {}),
    json: values.json ?? false,
    watch: values.watch ?? false,
  };
}

export interface StatusDeps {
  /** Default: an SshPool that refuses unknown host keys. */
  executorFor?(inventory: Inventory): Executor;
  out?(text: string): void;
  err?(text: string): void;
  /** Ends --watch (default: SIGINT or SIGTERM). */
  stopSignal?: AbortSignal;
}

export async function statusMain(argv: string[], deps: StatusDeps = {}): Promise<number> {
  const out = deps.out ?? ((t: string) => void process.stdout.write(t));
  const err = deps.err ?? ((t: string) => void process.stderr.write(t));
  let options: StatusOptions;
  try {
    const parsed = parseStatusArgs(argv);
    if ('help' in parsed) {
      out(`${STATUS_USAGE}\n`);
      return 0;
    }
    options = parsed;
  } catch (e) {
    err(`status: ${(e as Error).message}\n${STATUS_USAGE}\n`);
    return 2;
  }

  let inventory: Inventory;
  let intervalMs: number = DEFAULT_SETTINGS.refreshIntervalMs;
  let capacityThresholdPercent: number = DEFAULT_SETTINGS.capacityThresholdPercent;
  try {
    const settings =
      options.inventoryFile === undefined || options.watch || options.configDir !== undefined ? createSettings(options.configDir !== undefined ? { cwd: options.configDir } : {}) : undefined;
    inventory = options.inventoryFile !== undefined ? readInventoryFile(options.inventoryFile) : settings!.getInventory();
    if (settings?.notice) err(`status: warning: ${settings.notice}\n`);
    if (options.watch && settings) intervalMs = settings.getSetting('refreshIntervalMs');
    if (settings) capacityThresholdPercent = settings.getSetting('capacityThresholdPercent');
  } catch (e) {
    err(`status: ${(e as Error).message}\n`);
    return 2;
  }
  if (inventory.hosts.length === 0) {
    err(`status: no hosts: give --inventory FILE, or save an inventory in the console first\n`);
    return 2;
  }
  const fileProblems = checkInventoryFiles(inventory);
  if (fileProblems.length > 0) {
    err(`status: unusable files in the inventory:\n  ${fileProblems.join('\n  ')}\n`);
    return 2;
  }

  const executor = deps.executorFor ? deps.executorFor(inventory) : new SshPool(inventory.hosts);
  const poller = new ClusterPoller({ executor, hosts: inventory.hosts });
  const stop = new AbortController();
  // Ctrl-C also stops the refresh under way, so a host that never answers cannot hold the exit up.
  const onSignal = () => {
    stop.abort();
    poller.stop();
  };
  const removeSignals = deps.stopSignal ? () => {} : onStopSignals(onSignal);
  deps.stopSignal?.addEventListener('abort', onSignal, { once: true });

  const print = (report: ClusterReport) => {
    if (options.json) out(`${JSON.stringify(reportToJson(report), null, options.watch ? undefined : 2)}\n`);
    else out(`${options.watch ? '\n' : ''}${reportToText(report)}`);
  };

  let report: ClusterReport | undefined;
  try {
    do {
      const started = Date.now();
      const snapshot = await poller.refresh();
      if (stop.signal.aborted && report) break;
      report = analyze(snapshot, Date.now(), { capacityThresholdPercent });
      print(report);
      if (!options.watch) break;
      const wait = Math.max(0, intervalMs - (Date.now() - started));
      await new Promise<void>((done) => {
        // One listener per wait, removed when the wait ends: --watch runs for days.
        const onStop = () => {
          clearTimeout(timer);
          done();
        };
        const timer = setTimeout(() => {
          stop.signal.removeEventListener('abort', onStop);
          done();
        }, wait);
        stop.signal.addEventListener('abort', onStop, { once: true });
      });
    } while (!stop.signal.aborted);
  } finally {
    poller.stop();
    removeSignals();
    await executor.close();
  }
  return report ? exitCodeFor(report.verdict) : 2;
}

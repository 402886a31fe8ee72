// The console's own memory: the saved inventory and a few settings, kept by
// conf in one JSON file (mode 0600). The inventory is re-checked every time it
// is read. A file found broken when the console starts (corrupt, truncated, a
// directory, a FIFO, a saved inventory that no longer passes the checks) is
// renamed aside as a backup and named in a notice, so the console and every
// subcommand still start and nothing saved is lost without saying where it is.
// A file that breaks while running is never written over: it is reported on use.
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Conf from 'conf';
import { type FileReadError, readRegularFile } from '../fsutil/read-regular-file.js';
import { InventoryError, MAX_HOSTS, parseInventory, readInventoryFile, type Inventory } from './inventory.js';
import { printable, validateZone } from './validate.js';

/** An inventory of 250 hosts is about 100 KB; the limit keeps /dev/zero from eating memory. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Renames a broken file to FILE.broken-TIME beside it; returns the new name. */
export function moveAside(path: string): string {
  const backup = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  return backup;
}

export interface AppSettings {
  /** How often the live panel polls the cluster. */
  refreshIntervalMs: number;
  /** How long one command of the setup may run on a host before it is killed (long ones: 15 times this). */
  commandTimeoutMs: number;
  /** How full a volume's usable space may get (percent used) before the panel raises the capacity finding. */
  capacityThresholdPercent: number;
  /**
   * The fewest hosts holding a volume's bricks that shrinking may leave in a zone: per zone name, "*" for every
   * zone not named. The seed's cluster shrinks when load falls, "never below a minimum per zone".
   */
  zoneMinimums: Record<string, number>;
}

export const DEFAULT_SETTINGS: Readonly<AppSettings> = { refreshIntervalMs: 2000, commandTimeoutMs: 120_000, capacityThresholdPercent: 80, zoneMinimums: { '*': 1 } };

const SETTING_CHECKS: { [K in keyof AppSettings]: (value: unknown) => string | null } = {
  refreshIntervalMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 500 && v <= 3_600_000
      ? null
      : `refreshIntervalMs must be a whole number of milliseconds from 500 to 3600000, got ${JSON.stringify(v)}`,
  commandTimeoutMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 86_400_000
      ? null
      : `commandTimeoutMs must be a whole number of milliseconds from 1000 to 86400000, got ${JSON.stringify(v)}`,
  capacityThresholdPercent: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 99
      ? null
      : `capacityThresholdPercent must be a whole percentage from 1 to 99, got ${JSON.stringify(v)}`,
  zoneMinimums: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).every(([zone, n]) => (zone === '*' || validateZone(zone) === null) && Number.isInteger(n) && n >= 0 && n <= MAX_HOSTS)
      ? null
      : `zoneMinimums must map zone names (or "*" for every other zone) to whole numbers of hosts from 0 to ${MAX_HOSTS}, got ${JSON.stringify(v)}`,
};

export class SettingsError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`);
    this.name = 'SettingsError';
  }
}

export interface SettingsStore {
  /** The file everything is kept in. */
  readonly path: string;
  /** What was wrong with the file when it was opened and where it was moved; null when nothing was. */
  readonly notice: string | null;
  /** The saved inventory; no hosts when none was saved yet. Throws SettingsError when the saved one is unreadable. */
  getInventory(): Inventory;
  /** Checks with parseInventory, then saves. Refuses to replace a saved file it cannot read. */
  setInventory(inventory: Inventory): Inventory;
  /** Reads and checks an inventory file (YAML or JSON), saves it, returns it. */
  importInventoryFile(path: string): Inventory;
  getSetting<K extends keyof AppSettings>(key: K): AppSettings[K];
  setSetting<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void;
}

export interface CreateSettingsOptions {
  /** Directory of the settings file; default $GLUSTER_CONSOLE_CONFIG_DIR, else the user's config directory. */
  cwd?: string;
}

interface StoredShape {
  inventory?: unknown;
  settings?: Record<string, unknown>;
}

const INVENTORY_KEY = 'inventory';
const SETTINGS_KEY = 'settings';

export function createSettings(options: CreateSettingsOptions = {}): SettingsStore {
  const cwd = options.cwd ?? (process.env.GLUSTER_CONSOLE_CONFIG_DIR || undefined);
  // conf would either clear a malformed file or throw from its constructor, and it
  // reads with readFileSync (a FIFO hangs, /dev/zero eats memory): reading is ours.
  // Problems are recorded here and handled after opening, or reported on use.
  let readProblem: string | null = null;
  class GuardedConf extends Conf<StoredShape> {
    override get store(): StoredShape {
      return readStore(this.path);
    }
    override set store(value: StoredShape) {
      super.store = value;
    }
  }
  function readStore(path: string): StoredShape {
    readProblem = null;
    let text: string;
    try {
      text = readRegularFile(path, { maxBytes: MAX_CONFIG_BYTES, why: 'it holds an inventory of at most 250 hosts and a few settings' }).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        // As conf does: the directory exists once the settings are open (the console's other files go there too).
        mkdirSync(dirname(path), { recursive: true });
        return {};
      }
      readProblem = (err as FileReadError).problem ?? (err as Error).message;
      return {};
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      readProblem = `not valid JSON (${printable((err as Error).message)})`;
      return {};
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      readProblem = 'expected a JSON object';
      return {};
    }
    return data as StoredShape;
  }
  const conf = new GuardedConf({
    projectName: 'gluster-console',
    ...(cwd ? { cwd } : {}),
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });

  /** Everything in the file, or a SettingsError; every read and every write goes through here first. */
  function load(): StoredShape {
    const store = conf.store;
    if (readProblem) throw new SettingsError(`${readProblem}; fix or move the file, nothing was changed`, conf.path);
    return store;
  }

  function storedInventory(store: StoredShape): Inventory {
    if (store.inventory === undefined) return { hosts: [] };
    try {
      return parseInventory(store.inventory, `saved inventory in ${conf.path}`);
    } catch (err) {
      const message = err instanceof InventoryError ? err.message : String(err);
      throw new SettingsError(`the saved inventory is invalid; fix or move the file, nothing was changed\n${message}`, conf.path);
    }
  }

  function setInventory(inventory: Inventory): Inventory {
    const checked = parseInventory(inventory);
    const store = load();
    storedInventory(store);
    conf.store = { ...store, [INVENTORY_KEY]: checked };
    return checked;
  }

  function storedSettings(store: StoredShape): Record<string, unknown> {
    const raw = store.settings;
    if (raw === undefined) return {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new SettingsError('"settings" must be an object; fix or move the file, nothing was changed', conf.path);
    }
    return raw;
  }

  const notice = checkOnOpen();

  /** The file as the console starts: anything unusable is moved aside (see the top of this file). */
  function checkOnOpen(): string | null {
    const store = conf.store;
    let problem = readProblem;
    let hosts: number | undefined;
    if (!problem) {
      try {
        storedInventory(store);
        const stored = storedSettings(store);
        for (const key of Object.keys(SETTING_CHECKS) as (keyof AppSettings)[]) {
          const bad = Object.hasOwn(stored, key) ? SETTING_CHECKS[key](stored[key]) : null;
          if (bad) throw new SettingsError(`saved setting is invalid: ${bad}`, conf.path);
        }
      } catch (err) {
        problem = (err as Error).message.slice(conf.path.length + 2);
        const raw = (store.inventory as { hosts?: unknown } | undefined)?.hosts;
        hosts = Array.isArray(raw) ? raw.length : undefined;
      }
    }
    if (!problem) return null;
    const kept = hosts ? `; its hosts are kept in the backup (${hosts} in all): fix them there and import them again` : '';
    try {
      const backup = moveAside(conf.path);
      readProblem = null;
      return `${printable(conf.path)}: ${problem}; moved it to ${printable(backup)} and started without it${kept}`;
    } catch (err) {
      return `${printable(conf.path)}: ${problem}; could not move it aside (${printable((err as Error).message)}): nothing is saved until it is fixed or moved`;
    }
  }

  return {
    path: conf.path,
    notice,
    getInventory: () => storedInventory(load()),
    setInventory,
    importInventoryFile(path: string): Inventory {
      return setInventory(readInventoryFile(path));
    },
    getSetting<K extends keyof AppSettings>(key: K): AppSettings[K] {
      const stored = storedSettings(load());
      if (!Object.hasOwn(stored, key)) return DEFAULT_SETTINGS[key];
      const problem = SETTING_CHECKS[key](stored[key]);
      if (problem) throw new SettingsError(`saved setting is invalid: ${problem}`, conf.path);
      return stored[key] as AppSettings[K];
    },
    setSetting<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
      const problem = SETTING_CHECKS[key](value);
      if (problem) throw new SettingsError(problem, conf.path);
      const store = load();
      conf.store = { ...store, [SETTINGS_KEY]: { ...storedSettings(store), [key]: value } };
    },
  };
}

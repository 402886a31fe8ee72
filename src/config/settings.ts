// The console's own memory: the saved inventory and a few settings, kept by
// conf in one JSON file (mode 0600). The inventory is re-checked every time it
// is read, and nothing is ever written over a file we could not read: a broken
// file is the operator's to fix, so we say where it is and what is wrong.
import Conf from 'conf';
import { InventoryError, parseInventory, readInventoryFile, type Inventory } from './inventory.js';

export interface AppSettings {
  /** How often the live panel polls the cluster. */
  refreshIntervalMs: number;
}

export const DEFAULT_SETTINGS: Readonly<AppSettings> = { refreshIntervalMs: 2000 };

const SETTING_CHECKS: { [K in keyof AppSettings]: (value: unknown) => string | null } = {
  refreshIntervalMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 500 && v <= 3_600_000
      ? null
      : `refreshIntervalMs must be a whole number of milliseconds from 500 to 3600000, got ${JSON.stringify(v)}`,
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
  // conf would either clear a malformed file or throw from its constructor; we
  // want neither, so parse failures are recorded here and reported on use.
  let readProblem: string | null = null;
  const conf = new Conf<StoredShape>({
    projectName: 'gluster-console',
    ...(cwd ? { cwd } : {}),
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    deserialize: (text: string) => {
      readProblem = null;
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (err) {
        readProblem = `not valid JSON (${(err as Error).message}); fix or move the file, nothing was changed`;
        return {};
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        readProblem = 'expected a JSON object; fix or move the file, nothing was changed';
        return {};
      }
      return data as StoredShape;
    },
  });

  /** Everything in the file, or a SettingsError; every read and every write goes through here first. */
  function load(): StoredShape {
    readProblem = null;
    const store = conf.store;
    if (readProblem) throw new SettingsError(readProblem, conf.path);
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

  return {
    path: conf.path,
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

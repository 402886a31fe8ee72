// The store's first state, from what was saved. A saved inventory that cannot
// be read is shown as an error on the welcome screen instead of stopping the app.
import type { SettingsStore } from '../config/settings.js';
import type { AppData } from '../store/app-store.js';

export function initialStateFromSettings(settings: SettingsStore, options: { readonly: boolean }): Partial<AppData> {
  // A config file found broken at start was moved aside: say so, and where it went.
  const status = settings.notice ? { status: { text: settings.notice, kind: 'error' as const } } : {};
  try {
    return { inventory: settings.getInventory(), readonly: options.readonly, ...status };
  } catch (err) {
    return { inventory: { hosts: [] }, inventoryError: err instanceof Error ? err.message : String(err), readonly: options.readonly };
  }
}

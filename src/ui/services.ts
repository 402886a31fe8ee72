// What the screens may use besides the store: saved settings and where the lab
// lives. Injected, so tests point them at temporary directories.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { Inventory } from '../config/inventory.js';
import type { SettingsStore } from '../config/settings.js';
import type { Executor } from '../ssh/types.js';

export interface AppServices {
  settings: SettingsStore;
  /** The lab state directory whose inventory the lab screen offers to import. */
  labDir: string;
  /** The executor for the hosts of this inventory (the SSH pool; a fake in tests). */
  executorFor(inventory: Inventory): Executor;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children?: ReactNode }) {
  return createElement(ServicesContext.Provider, { value: services }, children);
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a <ServicesProvider> above it');
  return services;
}

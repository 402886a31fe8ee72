// React access to the setup store, like app-store.ts does for the app store.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SetupState, SetupStore } from '../../store/setup-store.js';

const SetupContext = createContext<SetupStore | null>(null);

export function SetupStoreProvider({ store, children }: { store: SetupStore; children?: ReactNode }) {
  return createElement(SetupContext.Provider, { value: store }, children);
}

export function useSetupStoreApi(): SetupStore {
  const store = useContext(SetupContext);
  if (!store) throw new Error('useSetup needs a <SetupStoreProvider> above it');
  return store;
}

/** One value or one action per call (a selector that builds objects re-renders forever). */
export function useSetup<T>(selector: (state: SetupState) => T): T {
  return useStore(useSetupStoreApi(), selector);
}

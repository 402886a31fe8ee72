// What the screens show and where the operator is. One store per app instance
// (a factory, not a module singleton) so that tests and future sub-apps never
// share state. The transitions are plain functions of the state, exported so
// they can be unit-tested without a store.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Inventory } from '../config/inventory.js';
import { createPromptSlice, type PromptActions, type PromptData } from './prompts.js';

export type ScreenId = 'welcome' | 'hosts' | 'setup' | 'panel' | 'lab' | 'shrink' | 'grow' | 'replace';

export const SCREEN_TITLES: Readonly<Record<ScreenId, string>> = {
  welcome: 'Welcome',
  hosts: 'Check hosts',
  setup: 'Guided setup',
  panel: 'Live panel',
  lab: 'Local lab',
  shrink: 'Shrink the cluster',
  grow: 'Grow the cluster',
  replace: 'Replace a dead node',
};

export interface StatusMessage {
  text: string;
  kind: 'info' | 'error';
}

export interface AppData extends PromptData {
  /** Screens the operator opened, the root (welcome) first; never empty. */
  stack: ScreenId[];
  helpVisible: boolean;
  inventory: Inventory;
  /** Why the saved inventory could not be read; the inventory is then empty and must not be saved over. */
  inventoryError: string | null;
  /** --readonly: dangerous bindings and actions are not offered. */
  readonly: boolean;
  status: StatusMessage | null;
  /** While a text field has focus, letters are text, not commands (q, ?). */
  textInputFocused: boolean;
  /** The current screen's sub-view (setup: 'step', 'form'…; panel: 'volume', 'filter'…), so the footer shows only the keys that work there. */
  keyView: string | null;
  /** Each menu's highlighted entry (by menu name), kept while the operator goes into an entry and comes back. */
  menuCursors: Record<string, number>;
  quitRequested: boolean;
}

export interface AppActions extends PromptActions {
  navigate(screen: ScreenId): void;
  /** Esc: closes help first, else leaves the current screen; at the root it does nothing. */
  back(): void;
  /** Back to the root screen, as after finishing a task. */
  home(): void;
  toggleHelp(): void;
  setInventory(inventory: Inventory): void;
  setInventoryError(message: string | null): void;
  setStatus(text: string, kind?: StatusMessage['kind']): void;
  clearStatus(): void;
  setTextInputFocused(focused: boolean): void;
  setKeyView(view: string | null): void;
  setMenuCursor(menu: string, index: number): void;
  requestQuit(): void;
  /** A screen with levels of its own takes Esc first: its handler returns true when it went back within itself. */
  setBackHandler(handler: (() => boolean) | null): void;
}

export type AppState = AppData & AppActions;
export type AppStore = StoreApi<AppState>;

export function initialAppData(initial: Partial<AppData> = {}): AppData {
  const data: AppData = {
    stack: ['welcome'],
    helpVisible: false,
    inventory: { hosts: [] },
    inventoryError: null,
    readonly: false,
    status: null,
    textInputFocused: false,
    keyView: null,
    menuCursors: {},
    quitRequested: false,
    prompt: null,
    promptQueue: [],
    ...initial,
  };
  if (data.stack.length === 0) data.stack = ['welcome'];
  return data;
}

export function currentScreen(state: Pick<AppData, 'stack'>): ScreenId {
  return state.stack[state.stack.length - 1] ?? 'welcome';
}

// Transitions: each takes the data and returns the part that changes.
export const transitions = {
  navigate(s: AppData, screen: ScreenId): Partial<AppData> {
    if (currentScreen(s) === screen) return { helpVisible: false };
    return { stack: [...s.stack, screen], helpVisible: false, status: null, keyView: null };
  },
  back(s: AppData): Partial<AppData> {
    if (s.helpVisible) return { helpVisible: false };
    if (s.stack.length <= 1) return {};
    return { stack: s.stack.slice(0, -1), status: null, keyView: null };
  },
  home(s: AppData): Partial<AppData> {
    // A task is finished: the menus start from the top again.
    return { stack: s.stack.slice(0, 1), helpVisible: false, menuCursors: {} };
  },
  toggleHelp(s: AppData): Partial<AppData> {
    return { helpVisible: !s.helpVisible };
  },
  setInventory(_s: AppData, inventory: Inventory): Partial<AppData> {
    return { inventory, inventoryError: null };
  },
} as const;

export function createAppStore(initial: Partial<AppData> = {}): AppStore {
  // A function, not data: kept beside the state like the prompt resolvers.
  let backHandler: (() => boolean) | null = null;
  return createStore<AppState>()((set, get) => ({
    ...initialAppData(initial),
    ...createPromptSlice(set, get),
    navigate: (screen) => set((s) => transitions.navigate(s, screen)),
    back: () => {
      if (!get().helpVisible && backHandler?.()) return;
      set((s) => transitions.back(s));
    },
    home: () => set((s) => transitions.home(s)),
    toggleHelp: () => set((s) => transitions.toggleHelp(s)),
    setInventory: (inventory) => set((s) => transitions.setInventory(s, inventory)),
    setInventoryError: (message) => set({ inventoryError: message }),
    setStatus: (text, kind = 'info') => set({ status: { text, kind } }),
    clearStatus: () => set({ status: null }),
    setTextInputFocused: (focused) => set({ textInputFocused: focused }),
    setKeyView: (view) => set({ keyView: view }),
    setMenuCursor: (menu, index) => set((s) => ({ menuCursors: { ...s.menuCursors, [menu]: index } })),
    requestQuit: () => set({ quitRequested: true }),
    setBackHandler: (handler) => {
      backHandler = handler;
    },
  }));
}

// React access. Kept here so there is one import for the store and its hook;
// createElement instead of JSX keeps this file plain TypeScript.
const AppStoreContext = createContext<AppStore | null>(null);

export function AppStoreProvider({ store, children }: { store: AppStore; children?: ReactNode }) {
  return createElement(AppStoreContext.Provider, { value: store }, children);
}

export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore needs an <AppStoreProvider> above it');
  return store;
}

/** Select one value or one action per call: a selector that builds a new object each time re-renders forever. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

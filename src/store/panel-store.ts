// What the live panel shows: the latest snapshot read as a report, where the
// operator is (cluster → volume → brick → heal entries, or a finding), the
// cursor of each list, the filter, and the action running. One store per
// panel screen; the poller writes, the screens read.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClusterReport } from '../panel/report.js';
import type { Snapshot } from '../panel/snapshot.js';

export type PanelView =
  | { kind: 'cluster' }
  | { kind: 'volume'; volume: string }
  | { kind: 'brick'; volume: string; brick: string }
  | { kind: 'finding'; id: string };

export interface PanelAction {
  title: string;
  state: 'running' | 'done' | 'failed';
  lines: string[];
}

export interface PanelData {
  snapshot: Snapshot | null;
  report: ClusterReport | null;
  /** The drill-down path; the cluster view first, never empty. */
  views: PanelView[];
  /** Highlighted row per view (by viewKey): its key, so it stays on the same row when rows come and go, and its index for when that row is gone. */
  cursors: Record<string, { key: string; index: number }>;
  filter: string;
  filterEditing: boolean;
  action: PanelAction | null;
}

export interface PanelActions {
  setReport(snapshot: Snapshot, report: ClusterReport): void;
  open(view: PanelView): void;
  /** Esc inside the panel: ends the filter, else goes up a level. False at the top (the app then leaves the panel). */
  back(): boolean;
  /** Moves the highlight through the rows on screen (by their keys), wrapping. */
  move(delta: number, rows: readonly string[]): void;
  startFilter(): void;
  typeFilter(text: string): void;
  endFilter(keep: boolean): void;
  setAction(action: PanelAction | null): void;
}

export type PanelState = PanelData & PanelActions;
export type PanelStore = StoreApi<PanelState>;

export function viewKey(view: PanelView): string {
  switch (view.kind) {
    case 'cluster':
      return 'cluster';
    case 'volume':
      return `volume:${view.volume}`;
    case 'brick':
      return `brick:${view.volume}:${view.brick}`;
    case 'finding':
      return `finding:${view.id}`;
  }
}

export function currentView(state: Pick<PanelData, 'views'>): PanelView {
  return state.views[state.views.length - 1] ?? { kind: 'cluster' };
}

/** The highlighted row's index among the rows on screen. */
export function cursorOf(state: Pick<PanelData, 'views' | 'cursors'>, rows: readonly string[]): number {
  const cursor = state.cursors[viewKey(currentView(state))];
  if (!cursor || rows.length === 0) return 0;
  const at = rows.indexOf(cursor.key);
  return at >= 0 ? at : Math.min(cursor.index, rows.length - 1);
}

export function createPanelStore(initial: Partial<PanelData> = {}): PanelStore {
  return createStore<PanelState>()((set, get) => ({
    snapshot: null,
    report: null,
    views: [{ kind: 'cluster' }],
    cursors: {},
    filter: '',
    filterEditing: false,
    action: null,
    ...initial,
    setReport: (snapshot, report) => set({ snapshot, report }),
    open: (view) => set((s) => ({ views: [...s.views, view], filter: '', filterEditing: false })),
    back: () => {
      const s = get();
      if (s.filterEditing || s.filter !== '') {
        set({ filter: '', filterEditing: false });
        return true;
      }
      if (s.views.length <= 1) return false;
      set({ views: s.views.slice(0, -1) });
      return true;
    },
    move: (delta, rows) =>
      set((s) => {
        if (rows.length === 0) return {};
        const index = (cursorOf(s, rows) + delta + rows.length) % rows.length;
        return { cursors: { ...s.cursors, [viewKey(currentView(s))]: { key: rows[index]!, index } } };
      }),
    startFilter: () => set({ filterEditing: true }),
    typeFilter: (text) => set({ filter: text }),
    endFilter: (keep) => set((s) => ({ filterEditing: false, filter: keep ? s.filter : '' })),
    setAction: (action) => set({ action }),
  }));
}

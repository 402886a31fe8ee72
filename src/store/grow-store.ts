// What the "Grow the cluster" screen shows, and the actions that run the grow
// (src/grow/run.ts) with the executor they are given: the screen picks the new
// hosts and dispatches; the proposal with the validator's verdict, the
// questions and the rebalance's progress come from here. One store per app
// (growStoreFor), so leaving the screen while a rebalance runs and coming back
// shows it still running.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditSink } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { growLines } from '../grow/lines.js';
import { formatMigrationProgress } from '../grow/progress.js';
import { runGrow, type GrowResult } from '../grow/run.js';
import { readCluster } from '../shrink/facts.js';
import type { Executor } from '../ssh/types.js';
import type { PromptRequest } from './prompts.js';

export interface GrowDeps {
  executorFor(inventory: Inventory): Executor;
  inventory(): Inventory;
  ask(request: PromptRequest): Promise<string | null>;
  audit: AuditSink;
  commandTimeoutMs?: number;
  readonly: boolean;
}

export type GrowPhase = 'pick' | 'planning' | 'planned' | 'running' | 'finished';

export interface GrowData {
  volumes: string[] | null;
  volume: string | null;
  /** The volumes' members: they are not offered as new hosts. */
  members: string[];
  error: string | null;
  picked: string[];
  cursor: number;
  phase: GrowPhase;
  /** The proposal, the commands and the progress, as the command line prints them. */
  lines: string[];
  /** The proposed add-brick with the layout validator's verdict, kept apart so it stays on screen above the steps' plans. */
  proposal: string[];
  /** The latest rebalance reading, in one line. */
  progress: string | null;
  result: GrowResult | null;
}

export interface GrowActions {
  open(): Promise<void>;
  move(delta: number): void;
  toggle(): void;
  nextVolume(): void;
  /** A dry run: the proposed add-brick and the validator's verdict, every step's plan; nothing changes. */
  plan(): Promise<void>;
  /** The real run: asks before each step's commands, the add-brick and the rebalance. */
  apply(): Promise<void>;
}

export type GrowState = GrowData & GrowActions;
export type GrowStore = StoreApi<GrowState>;

const initial = (): GrowData => ({ volumes: null, volume: null, members: [], error: null, picked: [], cursor: 0, phase: 'pick', lines: [], proposal: [], progress: null, result: null });

export function createGrowStore(deps: GrowDeps): GrowStore {
  return createStore<GrowState>()((set, get) => {
    const busy = () => get().phase === 'planning' || get().phase === 'running';
    const out = (line: string) => set((s) => ({ lines: [...s.lines, line] }));
    const confirm = async (title: string, lines: string[]) => (await deps.ask({ kind: 'confirm', title, lines })) === 'yes';
    async function go(dryRun: boolean): Promise<void> {
      const { volume, picked } = get();
      if (busy() || !volume || picked.length === 0) return;
      const inventory = deps.inventory();
      const hosts = inventory.hosts.map((h) => h.name).filter((n) => picked.includes(n));
      set({ phase: dryRun ? 'planning' : 'running', lines: [], proposal: [], progress: null, result: null });
      let result: GrowResult;
      try {
        result = await runGrow(
          { executor: deps.executorFor(inventory), audit: deps.audit, ...(deps.commandTimeoutMs ? { commandTimeout: { ms: deps.commandTimeoutMs, hint: 'raise it with the setting commandTimeoutMs' } } : {}) },
          { inventory, volume, hosts, dryRun },
          {
            dryRun,
            ...growLines(out, { dryRun }),
            onProposal(plan, anchor) {
              const proposal: string[] = [];
              growLines((line) => proposal.push(line), { dryRun }).onProposal?.(plan, anchor);
              set({ proposal });
            },
            onProgress: (status) => set({ progress: formatMigrationProgress(status) }),
            approve: (plan) => confirm(`Apply ${plan.hosts.reduce((n, h) => n + h.items.length, 0)} command(s)?`, ['The commands are shown on the screen.']),
            approveItems: (title, items) => confirm(`${title}: run ${items.length} command(s)?`, items.flatMap((i) => [`${i.host}: # ${i.why}`, `${i.host}: $ ${i.command.text}`])),
            confirmDestroy: async (host, d) => (await deps.ask({ kind: 'typed', title: `Wipe ${d.device} on ${host}?`, lines: d.lines, expect: host })) === host,
          },
        );
      } catch (err) {
        result = { state: 'failed', phase: 'Grow', reason: (err as Error).message };
      }
      set({ phase: dryRun && result.state === 'dry-run' ? 'planned' : 'finished', result });
    }
    return {
      ...initial(),
      async open() {
        if (busy()) return;
        set({ ...initial() });
        const cluster = await readCluster({ executor: deps.executorFor(deps.inventory()), inventory: deps.inventory() }, []);
        if ('error' in cluster) {
          set({ volumes: [], error: cluster.error });
          return;
        }
        const names = deps.inventory().hosts.map((h) => h.name);
        const members = names.filter((n) => cluster.volumes.some((v) => v.bricks.some((b) => b.host.toLowerCase() === n.toLowerCase())));
        set({ volumes: cluster.volumes.map((v) => v.name), volume: cluster.volumes[0]?.name ?? null, members, error: cluster.volumes.length ? null : 'the cluster has no volume' });
      },
      move(delta) {
        const count = deps.inventory().hosts.length;
        if (count > 0) set((s) => ({ cursor: (s.cursor + delta + count) % count }));
      },
      toggle() {
        if (busy()) return;
        const host = deps.inventory().hosts[get().cursor]?.name;
        if (!host || get().members.includes(host)) return;
        set((s) => ({ picked: s.picked.includes(host) ? s.picked.filter((h) => h !== host) : [...s.picked, host], phase: 'pick', lines: [], result: null }));
      },
      nextVolume() {
        const { volumes, volume } = get();
        if (busy() || !volumes || volumes.length < 2) return;
        set({ volume: volumes[(volumes.indexOf(volume ?? '') + 1) % volumes.length]!, phase: 'pick', lines: [], result: null });
      },
      plan: () => go(true),
      async apply() {
        if (deps.readonly || get().phase !== 'planned') return;
        await go(false);
      },
    };
  });
}

const stores = new WeakMap<object, GrowStore>();

/** The app's one grow store (keyed by the app store), made on first use. */
export function growStoreFor(owner: object, make: () => GrowDeps): GrowStore {
  let store = stores.get(owner);
  if (!store) {
    store = createGrowStore(make());
    stores.set(owner, store);
  }
  return store;
}

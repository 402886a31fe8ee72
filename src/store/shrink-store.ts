// What the "Shrink the cluster" screen shows, and the actions that run the
// shrink (src/shrink/run.ts) with the executor they are given: the screen picks
// hosts and dispatches; the plan, the questions and the progress come from
// here. One store per app (see shrinkStoreFor), so leaving the screen while a
// migration runs and coming back shows it still running.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditSink } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { readCluster } from '../shrink/facts.js';
import { zoneMinimum } from '../shrink/plan.js';
import { runShrink, type ShrinkHooks, type ShrinkResult } from '../shrink/run.js';
import type { Executor } from '../ssh/types.js';
import type { PromptRequest } from './prompts.js';

export interface ShrinkDeps {
  executorFor(inventory: Inventory): Executor;
  /** The saved inventory as the app has it now. */
  inventory(): Inventory;
  ask(request: PromptRequest): Promise<string | null>;
  audit: AuditSink;
  /** The setting zoneMinimums; a setting that cannot be read is said, and nothing runs. */
  zoneMinimums(): Record<string, number>;
  commandTimeoutMs?: number;
  readonly: boolean;
}

export type ShrinkPhase = 'pick' | 'planning' | 'planned' | 'running' | 'finished';

export interface ShrinkData {
  /** The volumes a staying host knows; null until read. */
  volumes: string[] | null;
  volume: string | null;
  /** Why the volumes could not be read. */
  error: string | null;
  picked: string[];
  cursor: number;
  phase: ShrinkPhase;
  /** The plan, the commands and the progress, as the command line prints them. */
  lines: string[];
  result: ShrinkResult | null;
}

export interface ShrinkActions {
  /** Reads the volumes (once per opening of the screen). */
  open(): Promise<void>;
  move(delta: number): void;
  toggle(): void;
  nextVolume(): void;
  /** A dry run: the plan or the refusal, nothing changed. */
  plan(): Promise<void>;
  /** The real run: asks before starting, and the typed name before the commit. */
  apply(): Promise<void>;
}

export type ShrinkState = ShrinkData & ShrinkActions;
export type ShrinkStore = StoreApi<ShrinkState>;

const initial = (): ShrinkData => ({ volumes: null, volume: null, error: null, picked: [], cursor: 0, phase: 'pick', lines: [], result: null });

export function createShrinkStore(deps: ShrinkDeps): ShrinkStore {
  const env = () => ({ executor: deps.executorFor(deps.inventory()), inventory: deps.inventory(), audit: deps.audit, ...(deps.commandTimeoutMs ? { commandTimeout: { ms: deps.commandTimeoutMs, hint: 'raise it with the setting commandTimeoutMs' } } : {}) });
  return createStore<ShrinkState>()((set, get) => {
    const busy = () => get().phase === 'planning' || get().phase === 'running';
    const hooks: ShrinkHooks = {
      line: (...lines) => set((s) => ({ lines: [...s.lines, ...lines] })),
      approve: async (question) => (await deps.ask({ kind: 'confirm', title: question, lines: ['The commands are shown on the screen. remove-brick start only copies data off; "remove-brick ... stop" undoes it.'] })) === 'yes',
      confirmCommit: async (volume, bricks) =>
        (await deps.ask({
          kind: 'typed',
          title: `Commit: ${bricks.length} brick(s) leave ${volume}`,
          lines: ['Every node says completed with 0 failures. After the commit, whatever is still on these bricks is no longer part of the volume:', ...bricks],
          expect: volume,
        })) === volume,
    };
    async function go(dryRun: boolean): Promise<void> {
      const { volume, picked } = get();
      if (busy() || !volume || picked.length === 0) return;
      // In the inventory's order, whatever order they were picked in.
      const hosts = deps.inventory().hosts.map((h) => h.name).filter((n) => picked.includes(n));
      let minimums: Record<string, number>;
      try {
        minimums = deps.zoneMinimums();
      } catch (err) {
        set({ phase: 'finished', lines: [], result: { kind: 'failed', message: (err as Error).message } });
        return;
      }
      set({ phase: dryRun ? 'planning' : 'running', lines: [], result: null });
      let result: ShrinkResult;
      try {
        result = await runShrink(env(), { volume, hosts, minPerZone: zoneMinimum(minimums), dryRun }, hooks);
      } catch (err) {
        result = { kind: 'failed', message: (err as Error).message };
      }
      set({ phase: dryRun && (result.kind === 'dry-run' || result.kind === 'refused' || result.kind === 'nothing') ? 'planned' : 'finished', result });
    }
    return {
      ...initial(),
      async open() {
        if (busy()) return;
        set({ ...initial() });
        const cluster = await readCluster({ executor: deps.executorFor(deps.inventory()), inventory: deps.inventory() }, []);
        if ('error' in cluster) set({ volumes: [], error: cluster.error });
        else set({ volumes: cluster.volumes.map((v) => v.name), volume: cluster.volumes[0]?.name ?? null, error: cluster.volumes.length ? null : 'the cluster has no volume' });
      },
      move(delta) {
        const count = deps.inventory().hosts.length;
        if (count > 0) set((s) => ({ cursor: (s.cursor + delta + count) % count }));
      },
      toggle() {
        if (busy()) return;
        const host = deps.inventory().hosts[get().cursor]?.name;
        if (!host) return;
        set((s) => ({ picked: s.picked.includes(host) ? s.picked.filter((h) => h !== host) : [...s.picked, host], phase: 'pick', lines: [], result: null }));
      },
      nextVolume() {
        const { volumes, volume } = get();
        if (busy() || !volumes || volumes.length < 2) return;
        set({ volume: volumes[(volumes.indexOf(volume ?? '') + 1) % volumes.length]!, phase: 'pick', lines: [], result: null });
      },
      plan: () => go(true),
      async apply() {
        if (deps.readonly || get().phase !== 'planned' || get().result?.kind !== 'dry-run') return;
        await go(false);
      },
    };
  });
}

const stores = new WeakMap<object, ShrinkStore>();

/** The app's one shrink store (keyed by the app store), made on first use. */
export function shrinkStoreFor(owner: object, make: () => ShrinkDeps): ShrinkStore {
  let store = stores.get(owner);
  if (!store) {
    store = createShrinkStore(make());
    stores.set(owner, store);
  }
  return store;
}

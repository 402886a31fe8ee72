// What the "Replace a dead node" screen shows, and the actions that run the
// replace (src/replace/run.ts) with the executor they are given. The panel's
// "host down" finding opens it with the dead host and the inventory's fresh
// hosts (begin); the screen picks the new host and dispatches; the plan (or
// the refusal), every command, the typed confirmation and the heal's pending
// count come from here. One store per app (replaceStoreFor), so leaving the
// screen while the heal runs and coming back shows it still running.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditSink } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import type { HealProgress } from '../replace/plan.js';
import { runReplace, type ReplaceEnv, type ReplaceResult } from '../replace/run.js';
import type { Executor } from '../ssh/types.js';
import { DEFAULT_INTENT } from '../steps/intent.js';
import type { PromptRequest } from './prompts.js';

export interface ReplaceDeps {
  executorFor(inventory: Inventory): Executor;
  inventory(): Inventory;
  ask(request: PromptRequest): Promise<string | null>;
  audit: AuditSink;
  commandTimeoutMs?: number;
  readonly: boolean;
  /** Default 1800 s, as the command's --heal-timeout. */
  healTimeoutMs?: number;
  /** Tests: the steps that prepare the new host and mount the volume on it. */
  steps?: Pick<ReplaceEnv, 'prepareSteps' | 'mountStep'>;
}

export type ReplacePhase = 'pick' | 'planning' | 'planned' | 'running' | 'finished';

export interface ReplaceData {
  /** The dead host, from the panel's finding; null until the panel opens the screen. */
  oldHost: string | null;
  /** Hosts the panel saw as fresh (answer over SSH, outside the pool, no brick). */
  fresh: string[];
  /** The inventory's hosts but the old one: what can be picked. */
  candidates: string[];
  picked: string | null;
  cursor: number;
  phase: ReplacePhase;
  /** The plan, every command, the checks and the progress, as the command line prints them. */
  lines: string[];
  /** The stage running now ("Prepare node4", "Replace bricks", "Heal"...). */
  stage: string | null;
  /** The latest heal info reading, in one line: the pending count falling to 0. */
  heal: string | null;
  result: ReplaceResult | null;
}

export interface ReplaceActions {
  /** From the panel: the dead host and the fresh hosts it saw; the cursor starts on the first fresh one. */
  begin(oldHost: string, fresh: readonly string[]): void;
  move(delta: number): void;
  /** Picks the highlighted host as the new one. */
  pick(): void;
  /** A dry run: the plan or the refusal with its reasons; nothing changes. */
  plan(): Promise<void>;
  /** The real run, after a dry run that planned: the old host's name must be typed first. */
  apply(): Promise<void>;
}

export type ReplaceState = ReplaceData & ReplaceActions;
export type ReplaceStore = StoreApi<ReplaceState>;

const initial = (): ReplaceData => ({ oldHost: null, fresh: [], candidates: [], picked: null, cursor: 0, phase: 'pick', lines: [], stage: null, heal: null, result: null });

export function healLine(volume: string, progress: HealProgress | null): string {
  if (!progress) return `heal ${volume}: heal info gave no answer`;
  return `heal ${volume}: ${progress.pending} pending${progress.complete ? '' : ' so far'} (${progress.perBrick.join(', ')})`;
}

export function createReplaceStore(deps: ReplaceDeps): ReplaceStore {
  return createStore<ReplaceState>()((set, get) => {
    const busy = () => get().phase === 'planning' || get().phase === 'running';
    async function go(dryRun: boolean): Promise<void> {
      const { oldHost, picked } = get();
      if (busy() || !oldHost || !picked) return;
      const inventory = deps.inventory();
      set({ phase: dryRun ? 'planning' : 'running', lines: [], stage: null, heal: null, result: null });
      let result: ReplaceResult;
      try {
        result = await runReplace(
          {
            executor: deps.executorFor(inventory),
            audit: deps.audit,
            ...(deps.commandTimeoutMs ? { commandTimeout: { ms: deps.commandTimeoutMs, hint: 'raise it with the setting commandTimeoutMs' } } : {}),
            ...deps.steps,
          },
          { inventory, oldHost, newHost: picked, mountPath: DEFAULT_INTENT.mountPath, healTimeoutMs: deps.healTimeoutMs ?? 1_800_000, dryRun },
          {
            line: (line) => set((s) => ({ lines: [...s.lines, ...line.split('\n')] })),
            confirm: async (old, fresh) =>
              (await deps.ask({
                kind: 'typed',
                title: `Replace ${old} by ${fresh}`,
                lines: [`The commands are shown on the screen. ${old}'s bricks move to ${fresh} (replace-brick ... commit force) and ${old} leaves the pool: only if ${old} is gone for good.`],
                expect: old,
              })) === old,
            onStage: (stage) => set({ stage }),
            onHeal: (volume, progress) => set({ heal: healLine(volume, progress) }),
          },
        );
      } catch (err) {
        result = { kind: 'failed', message: (err as Error).message };
      }
      set({ phase: dryRun && result.kind === 'dry-run' ? 'planned' : 'finished', stage: null, result });
    }
    return {
      ...initial(),
      begin(oldHost, fresh) {
        if (busy()) return;
        const candidates = deps.inventory().hosts.map((h) => h.name).filter((n) => n !== oldHost);
        const first = candidates.findIndex((c) => fresh.includes(c));
        set({ ...initial(), oldHost, fresh: [...fresh], candidates, cursor: Math.max(0, first), picked: first >= 0 ? candidates[first]! : null });
      },
      move(delta) {
        const count = get().candidates.length;
        if (count > 0 && !busy()) set((s) => ({ cursor: (s.cursor + delta + count) % count }));
      },
      pick() {
        if (busy()) return;
        const host = get().candidates[get().cursor];
        if (host) set({ picked: host, phase: 'pick', lines: [], heal: null, result: null });
      },
      plan: () => go(true),
      async apply() {
        if (deps.readonly || get().phase !== 'planned' || get().result?.kind !== 'dry-run') return;
        await go(false);
      },
    };
  });
}

const stores = new WeakMap<object, ReplaceStore>();

/** The app's one replace store (keyed by the app store), made on first use. */
export function replaceStoreFor(owner: object, make: () => ReplaceDeps): ReplaceStore {
  let store = stores.get(owner);
  if (!store) {
    store = createReplaceStore(make());
    stores.set(owner, store);
  }
  return store;
}

// What the guided setup's screens show, and the actions that run the steps.
// The screens render this state and dispatch these actions; the actions drive
// the step engine (steps/engine.ts) with the executor they are given, so no
// screen builds a command or talks to SSH. One store per app (see setupStoreFor).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { auditScript, type AuditEntry, type AuditLog } from '../config/audit.js';
import { quote } from '../shell/command.js';
import { replayCommand } from '../ssh/replay.js';
import type { Inventory } from '../config/inventory.js';
import type { Executor } from '../ssh/types.js';
import { previewStep, runStep, type StepOutcome } from '../steps/engine.js';
import { checkIntent, type SetupIntent } from '../steps/intent.js';
import { SETUP_STEPS, STEP_IDS, stepById } from '../steps/setup.js';
import type { HostRun, StepId, StepPlan } from '../steps/types.js';
import type { PromptRequest } from './prompts.js';
import { readProgress, writeProgress } from './setup-progress.js';

export interface SetupDeps {
  executorFor(inventory: Inventory): Executor;
  /** The saved inventory as the app has it now. */
  inventory(): Inventory;
  ask(request: PromptRequest): Promise<string | null>;
  audit: AuditLog;
  progressPath: string;
  /** --readonly: nothing is applied, and nothing is saved. */
  readonly: boolean;
  /** The setting commandTimeoutMs: how long one command may run on a host (long ones get more). */
  commandTimeoutMs?: number;
  now?(): number;
}

export type SetupView = 'overview' | 'step' | 'form' | 'audit' | 'inventory';
export type StepLight = 'unknown' | 'checking' | 'done' | 'todo' | 'attention' | 'later';

export interface StepSummary {
  status: StepLight;
  text: string;
  hosts: HostRun[];
}

export type RunPhase = 'checking' | 'review' | 'applying' | 'finished';

export interface StepRun {
  step: StepId;
  phase: RunPhase;
  plan: StepPlan | null;
  hosts: HostRun[];
  outcome: StepOutcome | null;
  /** Output of the commands, "host | line", the newest last. */
  log: string[];
  /** The step could not run at all (a bug, a bad value): shown instead of hosts. */
  error: string | null;
}

export interface SetupData {
  view: SetupView;
  intent: SetupIntent;
  selected: StepId;
  overview: Record<StepId, StepSummary>;
  run: StepRun | null;
  /** Commands in full instead of their first line. */
  verbose: boolean;
  notice: { text: string; kind: 'info' | 'error' } | null;
  auditEntries: AuditEntry[];
}

export interface SetupActions {
  /** Opens the setup: the saved intent, then the form (when it is incomplete) or the overview. */
  start(): void;
  refreshOverview(): Promise<void>;
  openStep(step: StepId): Promise<void>;
  /** In review: asks, then lets the engine apply the plan on screen. */
  apply(): Promise<void>;
  /**
   * While a step's commands run: asks, then cancels them (the SSH layer stops
   * each on its host: SIGTERM, then SIGKILL). What already ran stays; the step
   * is checked again when it is opened. False when nothing runs.
   */
  cancelRun(): Promise<boolean>;
  /** Esc: leaves what is open (declining a plan under review). False when there is nothing to leave within the setup. */
  back(): boolean;
  recheck(): Promise<void>;
  next(): Promise<void>;
  select(step: StepId): void;
  toggleVerbose(): void;
  openForm(): void;
  saveIntent(intent: SetupIntent): void;
  openAudit(): void;
  /** Writes the audit log as a shell script next to it; returns the path. */
  exportAudit(): string;
  openInventory(): void;
  notify(text: string, kind?: 'info' | 'error'): void;
  /** A view with levels of its own (the inventory editor) takes Esc first. */
  setInnerBack(handler: (() => boolean) | null): void;
}

export type SetupState = SetupData & SetupActions;
export type SetupStore = StoreApi<SetupState>;

const LOG_KEEP = 200;

function overviewOf(summary: StepSummary): Record<StepId, StepSummary> {
  return Object.fromEntries(STEP_IDS.map((id) => [id, summary])) as unknown as Record<StepId, StepSummary>;
}

function emptyOverview(): Record<StepId, StepSummary> {
  return overviewOf({ status: 'unknown', text: 'not checked yet', hosts: [] });
}

/** One line for a step in the overview, from its hosts' states. */
export function summarize(hosts: HostRun[]): StepSummary {
  const done = hosts.filter((h) => h.status === 'done');
  const trouble = hosts.filter((h) => h.status === 'failed' || h.status === 'blocked');
  if (hosts.length > 0 && done.length === hosts.length) return { status: 'done', text: `done on ${done.length}/${hosts.length}`, hosts };
  if (trouble.length > 0) return { status: 'attention', text: trouble.map((h) => `${h.host}: ${h.message ?? h.status}`).join('; '), hosts };
  const todo = hosts.filter((h) => h.status !== 'done').map((h) => h.host);
  return { status: 'todo', text: `to do on ${todo.join(', ') || 'no host'}`, hosts };
}

export function createSetupStore(deps: SetupDeps): SetupStore {
  // Functions, not data: the pending approval and which run is current.
  let resolveApproval: ((ok: boolean) => void) | null = null;
  let innerBack: (() => boolean) | null = null;
  let started = false;
  let generation = 0;
  // The running step's: aborted by cancelRun, replaced by every openStep.
  let controller = new AbortController();
  const now = deps.now ?? Date.now;

  return createStore<SetupState>()((set, get) => {
    const saveProgress = (step: StepId | null) => {
      // --readonly means nothing is saved either: the edited intent lives for this session only.
      if (deps.readonly) return;
      try {
        writeProgress(deps.progressPath, { intent: get().intent, step });
      } catch (err) {
        set({ notice: { text: `could not save the setup progress: ${(err as Error).message}`, kind: 'error' } });
      }
    };
    const ctx = () => ({
      executor: deps.executorFor(deps.inventory()),
      inventory: deps.inventory(),
      intent: get().intent,
      audit: deps.audit,
      signal: controller.signal,
      ...(deps.commandTimeoutMs !== undefined ? { commandTimeout: { ms: deps.commandTimeoutMs, hint: 'raise it with the setting commandTimeoutMs' } } : {}),
    });
    const updateRun = (gen: number, change: (run: StepRun) => Partial<StepRun>) => {
      if (gen !== generation) return;
      const run = get().run;
      if (run) set({ run: { ...run, ...change(run) } });
    };

    return {
      view: 'overview',
      intent: readProgress(deps.progressPath).intent,
      selected: 'inventory',
      overview: emptyOverview(),
      run: null,
      verbose: false,
      notice: null,
      auditEntries: [],

      start() {
        // The screen mounts again after help or another screen: keep a step that is open (its run goes on).
        if (started) {
          if (get().view === 'overview') void get().refreshOverview();
          return;
        }
        started = true;
        const progress = readProgress(deps.progressPath);
        set({ intent: progress.intent, selected: progress.step ?? 'inventory', notice: progress.notice ? { text: progress.notice, kind: 'error' } : null });
        if (Object.keys(checkIntent(progress.intent)).length > 0) set({ view: 'form' });
        else {
          set({ view: 'overview' });
          void get().refreshOverview();
        }
      },

      async refreshOverview() {
        const gen = ++generation;
        const inventory = deps.inventory();
        set({ overview: overviewOf({ status: 'checking', text: 'checking…', hosts: [] }) });
        if (inventory.hosts.length === 0) {
          set({ overview: { ...emptyOverview(), inventory: { status: 'attention', text: 'no hosts: press i to add or import them', hosts: [] } } });
          return;
        }
        let firstOpen: StepId | null = null;
        for (const step of SETUP_STEPS) {
          if (gen !== generation) return;
          if (firstOpen !== null) {
            set({ overview: { ...get().overview, [step.id]: { status: 'later', text: `after step ${stepById(firstOpen).number} (${stepById(firstOpen).title})`, hosts: [] } } });
            continue;
          }
          let summary: StepSummary;
          try {
            const { hosts } = await previewStep(step, ctx());
            summary = summarize(hosts);
          } catch (err) {
            summary = { status: 'attention', text: (err as Error).message, hosts: [] };
          }
          if (gen !== generation) return;
          set({ overview: { ...get().overview, [step.id]: summary } });
          if (summary.status !== 'done') firstOpen = step.id;
        }
        if (gen !== generation) return;
        const open = firstOpen ?? 'mount';
        set({ selected: open, notice: firstOpen === null ? { text: `Setup complete: ${get().intent.volumeName} is started and mounted at ${get().intent.mountPath} on every node.`, kind: 'info' } : get().notice });
      },

      async openStep(id) {
        const gen = ++generation;
        resolveApproval?.(false);
        resolveApproval = null;
        const step = stepById(id);
        controller = new AbortController();
        set({ view: 'step', selected: id, notice: null, run: { step: id, phase: 'checking', plan: null, hosts: [], outcome: null, log: [], error: null } });
        saveProgress(id);
        try {
          const outcome = await runStep(step, ctx(), {
            onHostRun: (run) =>
              updateRun(gen, (r) => {
                const hosts = r.hosts.some((h) => h.host === run.host) ? r.hosts.map((h) => (h.host === run.host ? run : h)) : [...r.hosts, run];
                return { hosts, ...(run.status === 'running' && r.phase !== 'applying' ? { phase: 'applying' as const } : {}) };
              }),
            onPlan: (plan) => updateRun(gen, () => ({ plan })),
            onOutput: (host, chunk) =>
              updateRun(gen, (r) => ({
                log: [...r.log, ...chunk.split('\n').filter((l) => l.trim() !== '').map((l) => `${host} | ${l}`)].slice(-LOG_KEEP),
              })),
            approve: (plan) =>
              new Promise<boolean>((resolve) => {
                if (gen !== generation || deps.readonly) {
                  resolve(false);
                  return;
                }
                updateRun(gen, () => ({ phase: 'review', plan }));
                resolveApproval = (ok) => {
                  if (ok) updateRun(gen, () => ({ phase: 'applying' }));
                  resolve(ok);
                };
              }),
            confirmDestroy: async (host, destruction) => {
              const answer = await deps.ask({
                kind: 'typed',
                title: `Destroy the data on ${destruction.device} of ${host}?`,
                lines: destruction.lines,
                expect: host,
              });
              return answer === host;
            },
            now,
          });
          resolveApproval = null;
          updateRun(gen, () => ({ phase: 'finished', outcome, hosts: outcome.hosts }));
          if (gen === generation) {
            set({ overview: { ...get().overview, [id]: summarize(outcome.hosts) } });
            // The step's own line says done / not done; the notice is for the end of the runbook.
            if (outcome.done && id === STEP_IDS[STEP_IDS.length - 1]) {
              set({ notice: { text: `Setup complete: ${get().intent.volumeName} is started and mounted at ${get().intent.mountPath} on every node.`, kind: 'info' } });
            }
          }
        } catch (err) {
          resolveApproval = null;
          updateRun(gen, () => ({ phase: 'finished', error: (err as Error).message }));
        }
      },

      async apply() {
        const run = get().run;
        if (run?.phase !== 'review' || !resolveApproval || deps.readonly) return;
        const count = run.plan?.hosts.reduce((n, h) => n + h.items.length, 0) ?? 0;
        const hosts = run.plan?.hosts.filter((h) => h.items.length > 0).map((h) => h.host) ?? [];
        const answer = await deps.ask({
          kind: 'confirm',
          title: `Apply "${stepById(run.step).title}"?`,
          lines: [`${count} command${count === 1 ? '' : 's'} on ${hosts.join(', ')}, exactly as shown.`, 'Each host runs its own in order; a failure stops that host only.'],
        });
        if (answer === 'yes') resolveApproval?.(true);
      },

      async cancelRun() {
        const run = get().run;
        if (get().view !== 'step' || run?.phase !== 'applying') return false;
        const running = run.hosts.filter((h) => h.status === 'running').map((h) => h.host);
        const mine = controller;
        const answer = await deps.ask({
          kind: 'confirm',
          title: `Cancel "${stepById(run.step).title}"?`,
          lines: [
            `The commands running now${running.length > 0 ? ` on ${running.join(', ')}` : ''} are stopped on their hosts (SIGTERM, then SIGKILL); the rest of the plan does not run.`,
            'What already ran stays as it is: open the step again to see each host\'s state.',
          ],
        });
        // The step may have finished while the question was open: nothing to cancel then.
        if (answer !== 'yes' || mine !== controller || get().run?.phase !== 'applying') return false;
        mine.abort();
        set({ notice: { text: `Cancelled "${stepById(run.step).title}": the running commands were stopped on the hosts. Check again (r) to see what each host has now.`, kind: 'error' } });
        return true;
      },

      back() {
        if (innerBack?.()) return true;
        const { view, run } = get();
        if (view === 'step') {
          if (run?.phase === 'applying') {
            set({ notice: { text: 'Commands are running: wait for them to finish, or Ctrl-C to cancel them (q quits; the setup resumes from the hosts\' state next time)', kind: 'error' } });
            return true;
          }
          resolveApproval?.(false);
          resolveApproval = null;
          generation++;
          set({ view: 'overview', run: null });
          void get().refreshOverview();
          return true;
        }
        if (view === 'audit' || view === 'inventory' || (view === 'form' && Object.keys(checkIntent(get().intent)).length === 0)) {
          set({ view: 'overview' });
          void get().refreshOverview();
          return true;
        }
        return false;
      },

      async recheck() {
        const run = get().run;
        if (get().view === 'step' && run && run.phase !== 'applying' && run.phase !== 'checking') await get().openStep(run.step);
        else if (get().view === 'overview') await get().refreshOverview();
      },

      async next() {
        const run = get().run;
        if (run?.phase !== 'finished') return;
        const at = STEP_IDS.indexOf(run.step);
        const nextId = STEP_IDS[at + 1];
        if (nextId) await get().openStep(nextId);
      },

      select(step) {
        set({ selected: step });
      },

      toggleVerbose() {
        set({ verbose: !get().verbose });
      },

      openForm() {
        const run = get().run;
        if (run?.phase === 'applying') return;
        resolveApproval?.(false);
        resolveApproval = null;
        generation++;
        set({ view: 'form', run: null });
      },

      saveIntent(intent) {
        set({ intent: { ...intent, wipeHosts: [] } });
        saveProgress(get().selected);
        set({ view: 'overview', notice: deps.readonly ? { text: 'Used for this session only: nothing is saved under --readonly.', kind: 'info' } : { text: 'Saved.', kind: 'info' } });
        void get().refreshOverview();
      },

      openAudit() {
        set({ view: 'audit', auditEntries: deps.audit.read() });
      },

      exportAudit() {
        const entries = deps.audit.read();
        const hosts = new Map(deps.inventory().hosts.map((h) => [h.name, h]));
        // A host no longer in the inventory: its name is all we know; ssh resolves it.
        const reach = (name: string, command: string) => {
          const host = hosts.get(name);
          return host ? replayCommand(host, command) : `ssh ${quote(`root@${name}`)} ${quote(command)}`;
        };
        const stamp = new Date(now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
        const path = join(dirname(deps.audit.path), `audit-${stamp}.sh`);
        writeFileSync(path, auditScript(entries, reach), { mode: 0o600 });
        set({ notice: { text: `Exported ${entries.length} command${entries.length === 1 ? '' : 's'} to ${path}`, kind: 'info' } });
        return path;
      },

      openInventory() {
        const run = get().run;
        if (run?.phase === 'applying') return;
        generation++;
        resolveApproval?.(false);
        resolveApproval = null;
        set({ view: 'inventory', run: null });
      },

      notify(text, kind = 'info') {
        set({ notice: { text, kind } });
      },

      setInnerBack(handler) {
        innerBack = handler;
      },
    };
  });
}

const stores = new WeakMap<object, SetupStore>();

/** The setup store of one app (keyed by its app store), made on first use. */
export function setupStoreFor(owner: object, make: () => SetupDeps): SetupStore {
  let store = stores.get(owner);
  if (!store) {
    store = createSetupStore(make());
    stores.set(owner, store);
  }
  return store;
}

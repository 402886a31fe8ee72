// How the panel dispatches a fix: show the plan's exact commands, ask (twice
// for costly ones), hand it to panel/fix.ts (the one runner, audited, then
// checked again), and show what happened. No host work here.
import type { AuditSink } from '../../config/audit.js';
import { runFix, type FixOutcome, type Goal } from '../../panel/fix.js';
import type { Plan } from '../../panel/plans.js';
import type { ClusterReport } from '../../panel/report.js';
import { sequenceLines } from '../../plan/render.js';
import type { Executor } from '../../ssh/types.js';
import type { AppStore } from '../../store/app-store.js';
import type { PanelStore } from '../../store/panel-store.js';

export interface ActionDeps {
  app: AppStore;
  panel: PanelStore;
  executor: Executor | null;
  audit?: AuditSink;
  refresh(): void;
  /** A fresh report after the fix (the panel's poller, refreshed now). */
  recheck?(): Promise<ClusterReport | null>;
}

export function planLines(plan: Plan): string[] {
  return [...sequenceLines(plan.steps), ...(plan.after ? [`Then ${plan.after}.`] : [])];
}

/**
 * Resolves once the panel shows refresh `n` or a later one (bounded): the
 * outcome is said beside the state it was checked against, so it stays until
 * that state changes (use-stale-messages.ts).
 */
function shown(panel: PanelStore, n: number, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const off = panel.subscribe((s) => {
      if ((s.report?.refreshes ?? 0) >= n) done();
    });
    if ((panel.getState().report?.refreshes ?? 0) >= n) done();
  });
}

export async function confirmAndRun(plan: Plan, deps: ActionDeps, goal?: Goal): Promise<boolean> {
  const { app, panel, executor } = deps;
  if (app.getState().readonly) return false;
  if (panel.getState().action?.state === 'running') {
    app.getState().setStatus('An action is still running: wait for it to end.', 'error');
    return false;
  }
  if (!executor) return false;
  const yes = await app.getState().ask({ kind: 'confirm', title: `${plan.title}?`, lines: planLines(plan) });
  if (yes !== 'yes') {
    app.getState().setStatus('Nothing was run.');
    return false;
  }
  if (plan.extraConfirmation) {
    const typed = await app.getState().ask({ kind: 'typed', title: `${plan.title}: are you sure?`, lines: plan.extraConfirmation.lines, expect: plan.extraConfirmation.expect });
    if (typed !== plan.extraConfirmation.expect) {
      app.getState().setStatus('Nothing was run.');
      return false;
    }
  }
  panel.getState().setAction({ title: plan.title, state: 'running', lines: [] });
  let outcome: FixOutcome;
  let checked: ClusterReport | null = null;
  const recheck = deps.recheck;
  try {
    outcome = await runFix(plan, goal, {
      executor,
      ...(deps.audit ? { audit: deps.audit } : {}),
      ...(recheck ? { recheck: async () => (checked = await recheck()) } : {}),
      onLines: (lines) => panel.getState().setAction({ title: plan.title, state: 'running', lines }),
    });
  } catch (err) {
    panel.getState().setAction({ title: plan.title, state: 'failed', lines: [(err as Error).message] });
    app.getState().setStatus(`${plan.title}: ${(err as Error).message}`, 'error');
    return false;
  }
  // Without a goal nothing was read again: read now, so the outcome sits beside the state after it.
  const rechecked = (checked as ClusterReport | null) ?? (recheck ? await recheck().catch(() => null) : null);
  if (rechecked) await shown(panel, rechecked.refreshes);
  panel.getState().setAction({ title: plan.title, state: outcome.ok ? 'done' : 'failed', lines: outcome.lines });
  app.getState().setStatus(outcome.summary, outcome.ok ? 'info' : 'error');
  deps.refresh();
  return outcome.ok;
}

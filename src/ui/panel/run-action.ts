// The one way the panel changes a host: show the plan's exact commands, ask
// (twice for costly ones), run it, report, refresh.
import { runPlan } from '../../panel/apply.js';
import type { Plan } from '../../panel/plans.js';
import type { Executor } from '../../ssh/types.js';
import type { AppStore } from '../../store/app-store.js';
import type { PanelStore } from '../../store/panel-store.js';

export interface ActionDeps {
  app: AppStore;
  panel: PanelStore;
  executor: Executor | null;
  refresh(): void;
}

export function planLines(plan: Plan): string[] {
  return [
    'Runs, in this order, stopping at the first failure:',
    ...plan.steps.flatMap((s, i) => [`${i + 1}. on ${s.host}: ${s.command.text}`, `   ${s.why}`]),
    ...(plan.after ? [`Then ${plan.after}.`] : []),
  ];
}

export async function confirmAndRun(plan: Plan, deps: ActionDeps): Promise<boolean> {
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
  const lines: string[] = [];
  panel.getState().setAction({ title: plan.title, state: 'running', lines });
  const outcome = await runPlan(executor, plan, {
    onProgress: ({ step, index, attempt, outcome: done }) => {
      const head = `${index + 1}/${plan.steps.length} on ${step.host}: ${step.command.text}`;
      const line = done ? `${head}: ${done.ok ? 'ok' : done.error}` : `${head}${attempt > 1 ? ` (try ${attempt})` : ''} …`;
      if (lines.length > 0 && lines[lines.length - 1]!.startsWith(head)) lines[lines.length - 1] = line;
      else lines.push(line);
      panel.getState().setAction({ title: plan.title, state: 'running', lines: [...lines] });
    },
  });
  panel.getState().setAction({ title: plan.title, state: outcome.ok ? 'done' : 'failed', lines: [...lines] });
  app.getState().setStatus(outcome.summary, outcome.ok ? 'info' : 'error');
  deps.refresh();
  return outcome.ok;
}

// Messages belong to the state they describe. The status line and a finished
// action's lines were true of the cluster as it was when they were shown; once
// a refresh shows a different state (another verdict, a finding come or gone)
// they go, instead of staying for minutes beside a cluster that no longer
// matches them ("No fix to run from here for: node3 is down" after node3 came
// back).
import { useEffect } from 'react';
import type { ClusterReport } from '../../panel/report.js';
import type { AppStore } from '../../store/app-store.js';
import type { PanelStore } from '../../store/panel-store.js';

/** "Refreshing now…" describes no state: it goes with the next refresh. */
export const REFRESHING = 'Refreshing now…';

/** The cluster's state as messages describe it: the verdict and which findings there are. */
export function panelStateKey(report: ClusterReport | null): string {
  if (!report) return '';
  return `${report.verdict}|${report.findings
    .map((f) => f.id)
    .sort()
    .join(',')}`;
}

export function useStaleMessages(app: AppStore, panel: PanelStore): void {
  useEffect(() => {
    const now = () => panelStateKey(panel.getState().report);
    let status = { value: app.getState().status, key: now() };
    let action = { value: panel.getState().action, key: now() };
    const offApp = app.subscribe((s, prev) => {
      if (s.status !== prev.status) status = { value: s.status, key: now() };
    });
    const offPanel = panel.subscribe((s, prev) => {
      if (s.action !== prev.action) action = { value: s.action, key: panelStateKey(s.report) };
      if (s.report === prev.report || !s.report) return;
      const key = panelStateKey(s.report);
      const shown = app.getState().status;
      if (shown && shown === status.value && (shown.text === REFRESHING || key !== status.key)) app.getState().clearStatus();
      if (s.action && s.action === action.value && s.action.state !== 'running' && key !== action.key) s.setAction(null);
    });
    return () => {
      offApp();
      offPanel();
    };
  }, [app, panel]);
}

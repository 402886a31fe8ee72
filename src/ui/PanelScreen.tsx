// The live panel: the cluster as every reachable host sees it, refreshed on
// its own, with what is wrong and the key that fixes it. Drill down with
// Enter (cluster → volume → brick → heal entries, or a finding), Esc back.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { AuditLog } from '../config/audit.js';
import { glusterHost, healPlanFor } from '../panel/findings.js';
import { findingGoal } from '../panel/fix.js';
import { formatAge } from '../panel/format.js';
import { healGoalFor } from '../panel/heal-goal.js';
import { entryRefFor } from '../panel/copies.js';
import { brickHostOf } from '../panel/names.js';
import { splitBrainGoal, splitBrainRequestPlan } from '../panel/split-brain.js';
import { useAppStore, useAppStoreApi } from '../store/app-store.js';
import { createPanelStore, currentView, cursorOf, viewKey } from '../store/panel-store.js';
import { matchKey } from './keys.js';
import { BrickView } from './panel/BrickView.js';
import { ClusterView } from './panel/ClusterView.js';
import { FindingView } from './panel/FindingView.js';
import { confirmAndRun } from './panel/run-action.js';
import { findingInFocus, rowsFor, volumeInFocus } from './panel/rows.js';
import { verdictColor } from './panel/style.js';
import { useCopies } from './panel/use-copies.js';
import { useNow, usePanelController } from './panel/use-panel.js';
import { REFRESHING, useStaleMessages } from './panel/use-stale-messages.js';
import { VolumeView } from './panel/VolumeView.js';
import { useBodyRows } from './layout.js';
import { useReplaceStore } from './ReplaceScreen.js';
import { ScrollBox } from './ScrollBox.js';
import { useServices } from './services.js';
import { useScreenActive, useScreenInput } from './use-screen-input.js';

export function PanelScreen() {
  const appStore = useAppStoreApi();
  const hostCount = useAppStore((s) => s.inventory.hosts.length);
  const readonly = useAppStore((s) => s.readonly);
  const [panel] = useState(() => createPanelStore());
  const { settings } = useServices();
  // Fixes are audited beside the settings, like the setup's commands.
  const [audit] = useState(() => AuditLog.beside(settings.path));
  const controller = usePanelController(panel);
  const replaceStore = useReplaceStore();
  useStaleMessages(appStore, panel);
  const now = useNow();
  const report = useStore(panel, (s) => s.report);
  const snapshot = useStore(panel, (s) => s.snapshot);
  const views = useStore(panel, (s) => s.views);
  const filter = useStore(panel, (s) => s.filter);
  const filterEditing = useStore(panel, (s) => s.filterEditing);
  const cursors = useStore(panel, (s) => s.cursors);
  const action = useStore(panel, (s) => s.action);
  const active = useScreenActive();
  const bodyRows = useBodyRows();
  const view = currentView({ views });
  const rows = rowsFor(view, report, snapshot, filter);
  const cursor = cursorOf({ views, cursors }, rows.map((r) => r.key));

  // Esc goes up a level inside the panel before it leaves the panel.
  useEffect(() => {
    appStore.getState().setBackHandler(() => {
      const handled = panel.getState().back();
      if (handled) appStore.getState().setTextInputFocused(false);
      return handled;
    });
    return () => {
      appStore.getState().setBackHandler(null);
      appStore.getState().setTextInputFocused(false);
    };
  }, [appStore, panel]);

  // The footer shows the keys of this level (none of the panel's while the filter takes text).
  const keyView = filterEditing ? 'filter' : view.kind;
  useEffect(() => appStore.getState().setKeyView(keyView), [appStore, keyView]);

  // Heal entries are asked for only while a brick's entries are on screen.
  const watched = view.kind === 'brick' ? view.volume : undefined;
  useEffect(() => {
    if (!watched) return undefined;
    controller.watchEntries(watched, true);
    controller.refresh();
    return () => controller.watchEntries(watched, false);
  }, [watched, controller.executor]);

  // The copies of the heal entry under the cursor: what a split-brain is resolved from.
  const entryRow = view.kind === 'brick' && rows[cursor]?.kind === 'entry' ? rows[cursor] : undefined;
  const entryRef = entryRow?.kind === 'entry' ? entryRefFor(entryRow.entry, snapshot?.entries[view.kind === 'brick' ? view.volume : '']?.value?.flatMap((b) => b.entries) ?? []) : undefined;
  const copies = useCopies(controller, view.kind === 'brick' ? view.volume : undefined, entryRef, snapshot?.refreshes ?? 0);

  const deps = { app: appStore, panel, executor: controller.executor, audit, refresh: controller.refresh, recheck: controller.recheck };

  useScreenInput((input, key) => {
    const state = panel.getState();
    if (state.filterEditing) {
      if (key.return) {
        state.endFilter(true);
        appStore.getState().setTextInputFocused(false);
      } else if (key.backspace || key.delete) state.typeFilter(state.filter.slice(0, -1));
      else if (!key.ctrl && !key.meta && !key.escape && input.length > 0 && !/[\u0000-\u001f\u007f]/.test(input)) state.typeFilter(state.filter + input);
      return;
    }
    const binding = matchKey(input, key, { scope: 'panel', readonly: appStore.getState().readonly });
    if (!binding) return;
    const row = rows[cursor];
    switch (binding.id) {
      case 'move':
        state.move(key.upArrow || input === 'k' ? -1 : 1, rows.map((r) => r.key));
        break;
      case 'open':
        if (row?.kind === 'volume') state.open({ kind: 'volume', volume: row.volume.name });
        else if (row?.kind === 'finding') state.open({ kind: 'finding', id: row.finding.id });
        else if (row?.kind === 'brick') state.open({ kind: 'brick', volume: row.brick.volume, brick: row.brick.name });
        break;
      case 'refresh':
        controller.refresh();
        appStore.getState().setStatus(REFRESHING);
        break;
      case 'panel-filter':
        if (view.kind === 'finding') break;
        state.startFilter();
        appStore.getState().setTextInputFocused(true);
        break;
      case 'panel-fix': {
        const finding = findingInFocus(view, row, report);
        if (finding?.plan) void confirmAndRun(finding.plan, deps, findingGoal(finding));
        else appStore.getState().setStatus(finding ? `No fix to run from here for: ${finding.title}` : 'Highlight a finding first (↑/↓).', 'error');
        break;
      }
      case 'panel-replace': {
        const finding = findingInFocus(view, row, report);
        if (finding?.replace) {
          // The replace screen picks the new host, plans and asks; nothing runs from here.
          replaceStore.getState().begin(finding.replace.host, finding.replace.fresh);
          appStore.getState().navigate('replace');
        } else appStore.getState().setStatus(finding ? `No replace offered for: ${finding.title} (only a host down, with a fresh host in the inventory)` : 'Highlight a "host down" finding first (↑/↓).', 'error');
        break;
      }
      case 'panel-heal':
      case 'panel-full-heal': {
        const volume = volumeInFocus(view, row, report);
        if (!report || !volume) {
          appStore.getState().setStatus('Highlight a volume first (↑/↓).', 'error');
          break;
        }
        const plan = healPlanFor(report, volume, binding.id === 'panel-full-heal');
        if ('refused' in plan) appStore.getState().setStatus(`Not healing ${volume}: ${plan.refused}`, 'error');
        // Done only when heal info, read again, has every brick at 0 (panel/heal-goal.ts); else the progress.
        else void confirmAndRun(plan, deps, healGoalFor(report, volume));
        break;
      }
      case 'panel-split-bigger':
      case 'panel-split-mtime':
      case 'panel-split-source': {
        if (view.kind !== 'brick' || row?.kind !== 'entry' || !report || !entryRef) break;
        const host = glusterHost(report);
        if (!host) {
          appStore.getState().setStatus('No glusterd answers to run the resolution on.', 'error');
          break;
        }
        const policy = binding.id === 'panel-split-source' ? 'source-brick' : binding.id === 'panel-split-bigger' ? 'bigger-file' : 'latest-mtime';
        const request = splitBrainRequestPlan({ volume: view.volume, host, entry: entryRef, policy, brick: view.brick, reads: copies?.reads ?? null });
        if ('refused' in request) {
          appStore.getState().setStatus(`Not resolving: ${request.refused}`, 'error');
          break;
        }
        const volume = view.volume;
        const ref = entryRef;
        void confirmAndRun(request.plan, deps, splitBrainGoal(() => controller.readCopies(volume, ref)));
        break;
      }
    }
  });

  if (hostCount === 0) {
    return <Text>No hosts saved yet: import an inventory first (Local lab), then open the live panel.</Text>;
  }
  const actionLines = action ? action.lines.slice(-4) : [];
  // The view scrolls between the panel's title (and filter) and the action's lines, which stay on screen.
  const viewRows = bodyRows === undefined ? undefined : Math.max(2, bodyRows - 2 - (filterEditing || filter ? 1 : 0) - (action ? 2 + actionLines.length : 0));
  const path = views
    .map((v) => (v.kind === 'cluster' ? 'cluster' : v.kind === 'volume' ? v.volume : v.kind === 'brick' ? `${brickHostOf(v.brick)} entries` : 'finding'))
    .join(' › ');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Cluster </Text>
        {report ? <Text color={verdictColor(report.verdict)}>{report.verdict.toUpperCase()}</Text> : <Text color="magenta">CHECKING</Text>}
        <Text dimColor>
          {'  '}
          {path} · {report?.refreshes ? `refresh ${report.refreshes} ${formatAge(now - (snapshot?.lastRefreshAt ?? now))} ago (took ${formatAge(snapshot?.lastRefreshMs)})` : 'first refresh…'} · every{' '}
          {controller.intervalMs / 1000} s{report?.primary ? ` · via ${report.primary}` : ''}
        </Text>
      </Text>
      {filterEditing || filter ? (
        <Text>
          filter: /{filter}
          {filterEditing ? <Text inverse> </Text> : null}
          <Text dimColor>{filterEditing ? '  (Enter keeps, Esc clears)' : '  (Esc clears)'}</Text>
        </Text>
      ) : null}
      <Box marginTop={1} flexDirection="column" flexShrink={0}>
        <ScrollBox height={viewRows} isActive={active && !filterEditing}>
        {!report ? (
          <Text dimColor>Asking every host…</Text>
        ) : view.kind === 'cluster' ? (
          <ClusterView report={report} rows={rows} cursor={cursor} now={now} readonly={readonly} filter={filter} />
        ) : view.kind === 'volume' ? (
          <VolumeView report={report} volume={view.volume} rows={rows} cursor={cursor} now={now} readonly={readonly} />
        ) : view.kind === 'brick' ? (
          <BrickView report={report} snapshot={snapshot} volume={view.volume} brick={view.brick} rows={rows} cursor={cursor} now={now} readonly={readonly} copies={copies} />
        ) : (
          <FindingView key={viewKey(view)} finding={report.findings.find((f) => f.id === view.id)} readonly={readonly} />
        )}
        </ScrollBox>
      </Box>
      {action ? (
        <Box marginTop={1} flexDirection="column">
          <Text color={action.state === 'failed' ? 'red' : action.state === 'done' ? 'green' : 'cyan'}>
            {action.state === 'running' ? '⟳ running' : action.state === 'done' ? '✓ done' : '✗ failed'}: {action.title}
          </Text>
          {actionLines.map((line, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

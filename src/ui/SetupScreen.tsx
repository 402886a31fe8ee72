// The guided setup: the overview of the runbook's steps as the hosts are now,
// one step at a time (plan, confirmation, live output, verification), the
// form for what to build, the inventory editor and the audit log. The screens
// render the setup store; its actions run the steps (no SSH or commands here).
import { useEffect, useMemo } from 'react';
import { Box, Text } from 'ink';
import { AuditLog } from '../config/audit.js';
import type { SettingsStore } from '../config/settings.js';
import { useAppStore, useAppStoreApi } from '../store/app-store.js';
import { progressPathBeside } from '../store/setup-progress.js';
import { setupStoreFor } from '../store/setup-store.js';
import { matchKey } from './keys.js';
import { BodyRowsProvider, useBodyRows, useTerminalSize, wrapText } from './layout.js';
import { useServices } from './services.js';
import { AuditView } from './setup/AuditView.js';
import { SetupStoreProvider, useSetup } from './setup/context.js';
import { IntentForm } from './setup/IntentForm.js';
import { InventoryEditor } from './setup/InventoryEditor.js';
import { Overview } from './setup/Overview.js';
import { StepView } from './setup/StepView.js';
import { useScreenInput } from './use-screen-input.js';

/** The operator's command timeout; a bad setting is reported by the settings store, and the runner's default applies. */
function commandTimeoutOf(settings: SettingsStore): { commandTimeoutMs?: number } {
  try {
    return { commandTimeoutMs: settings.getSetting('commandTimeoutMs') };
  } catch {
    return {};
  }
}

export function SetupScreen() {
  const appStore = useAppStoreApi();
  const { settings, executorFor } = useServices();
  const store = useMemo(
    () =>
      setupStoreFor(appStore, () => ({
        executorFor,
        inventory: () => appStore.getState().inventory,
        ask: (request) => appStore.getState().ask(request),
        audit: AuditLog.beside(settings.path),
        progressPath: progressPathBeside(settings.path),
        readonly: appStore.getState().readonly,
        ...commandTimeoutOf(settings),
      })),
    [appStore, settings, executorFor],
  );

  useEffect(() => {
    store.getState().start();
    const setBackHandler = appStore.getState().setBackHandler;
    setBackHandler(() => store.getState().back());
    return () => setBackHandler(null);
  }, [store, appStore]);

  return (
    <SetupStoreProvider store={store}>
      <SetupBody />
    </SetupStoreProvider>
  );
}

function SetupBody() {
  const view = useSetup((s) => s.view);
  const applying = useSetup((s) => s.view === 'step' && s.run?.phase === 'applying');
  const notice = useSetup((s) => s.notice);
  const readonly = useAppStore((s) => s.readonly);
  const inventoryCount = useAppStore((s) => s.inventory.hosts.length);
  const { columns } = useTerminalSize();
  const bodyRows = useBodyRows();
  // The footer shows the keys of this view (the inventory editor tells its own mode).
  const setKeyView = useAppStore((s) => s.setKeyView);
  useEffect(() => {
    // While a step's commands run, its keys are those of 'applying' (Ctrl-C cancels them).
    if (view !== 'inventory') setKeyView(applying ? 'applying' : view);
  }, [view, applying, setKeyView]);
  const actions = {
    apply: useSetup((s) => s.apply),
    recheck: useSetup((s) => s.recheck),
    next: useSetup((s) => s.next),
    toggleVerbose: useSetup((s) => s.toggleVerbose),
    openForm: useSetup((s) => s.openForm),
    openAudit: useSetup((s) => s.openAudit),
    exportAudit: useSetup((s) => s.exportAudit),
    openInventory: useSetup((s) => s.openInventory),
    notify: useSetup((s) => s.notify),
    cancelRun: useSetup((s) => s.cancelRun),
  };
  const requestQuit = useAppStore((s) => s.requestQuit);

  useScreenInput((input, key) => {
    const binding = matchKey(input, key, { scope: 'setup', readonly });
    // Ctrl-C: cancel the commands running now (asks), or quit as everywhere else when none run.
    if (binding?.id === 'setup-cancel') {
      if (applying) void actions.cancelRun();
      else requestQuit();
      return;
    }
    // Forms own their keys (text); the inventory editor its own list keys.
    if (view === 'form' || view === 'inventory') return;
    switch (binding?.id) {
      case 'setup-apply':
        if (view === 'step') void actions.apply();
        break;
      case 'setup-recheck':
        void actions.recheck();
        break;
      case 'setup-next':
        if (view === 'step') void actions.next();
        break;
      case 'setup-verbose':
        actions.toggleVerbose();
        break;
      case 'setup-edit':
        actions.openForm();
        break;
      case 'setup-inventory':
        actions.openInventory();
        break;
      case 'setup-log':
        actions.openAudit();
        break;
      case 'setup-export':
        try {
          actions.exportAudit();
        } catch (err) {
          actions.notify(`could not export the audit log: ${(err as Error).message}`, 'error');
        }
        break;
    }
  });

  const noHosts = inventoryCount === 0 && view !== 'inventory';
  const noticeLines = notice ? wrapText(notice.text, columns) : [];
  // What the views below have: the frame's rows less the line and the notice around them.
  const viewRows = bodyRows === undefined ? undefined : Math.max(1, bodyRows - (noHosts ? 1 : 0) - (notice ? 1 + noticeLines.length : 0));
  return (
    <Box flexDirection="column">
      {noHosts ? (
        <Text color="yellow" wrap="truncate-end">
          No hosts saved: press i to add them, or import the lab's inventory (Local lab).
        </Text>
      ) : null}
      <BodyRowsProvider value={viewRows}>
        {view === 'overview' ? <Overview /> : null}
        {view === 'step' ? <StepView /> : null}
        {view === 'form' ? <IntentForm /> : null}
        {view === 'audit' ? <AuditView /> : null}
        {view === 'inventory' ? <InventoryEditor /> : null}
      </BodyRowsProvider>
      {notice ? (
        <Box marginTop={1} flexDirection="column" flexShrink={0}>
          {noticeLines.map((line, i) => (
            <Text key={i} color={notice.kind === 'error' ? 'red' : 'green'}>
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

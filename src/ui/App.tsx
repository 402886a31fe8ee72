// The frame around every screen: title bar, the screen (or help), status, and
// the footer hint line from the key registry. Global keys are handled here.
import { useEffect, type ComponentType } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { SettingsStore } from '../config/settings.js';
import { defaultLabDir } from '../lab/paths.js';
import { AppStoreProvider, SCREEN_TITLES, currentScreen, useAppStore, useAppStoreApi, type AppStore, type ScreenId } from '../store/app-store.js';
import { HelpScreen } from './HelpScreen.js';
import { GrowScreen } from './GrowScreen.js';
import { HostsScreen } from './HostsScreen.js';
import { footerNow } from './footer.js';
import { matchKey } from './keys.js';
import { LabScreen } from './LabScreen.js';
import { BodyRowsProvider, MIN_COLUMNS, MIN_ROWS, useTerminalSize, wrapText } from './layout.js';
import { PanelScreen } from './PanelScreen.js';
import { ReplaceScreen } from './ReplaceScreen.js';
import { PromptView, promptRows } from './PromptView.js';
import { ServicesProvider, type AppServices } from './services.js';
import { SetupScreen } from './SetupScreen.js';
import { ShrinkScreen } from './ShrinkScreen.js';
import { WelcomeScreen } from './WelcomeScreen.js';

export interface AppProps {
  store: AppStore;
  settings: SettingsStore;
  /** Default: defaultLabDir(). */
  labDir?: string;
  executorFor: AppServices['executorFor'];
  /** Called once when the operator quits, before Ink exits. */
  onQuit?: () => void;
}

const SCREENS: Record<ScreenId, ComponentType> = {
  welcome: WelcomeScreen,
  setup: SetupScreen,
  panel: PanelScreen,
  lab: LabScreen,
  hosts: HostsScreen,
  grow: GrowScreen,
  shrink: ShrinkScreen,
  replace: ReplaceScreen,
};

export function App({ store, settings, labDir, executorFor, onQuit }: AppProps) {
  return (
    <AppStoreProvider store={store}>
      <ServicesProvider services={{ settings, labDir: labDir ?? defaultLabDir(), executorFor }}>
        <Frame onQuit={onQuit} />
      </ServicesProvider>
    </AppStoreProvider>
  );
}

function Frame({ onQuit }: { onQuit: (() => void) | undefined }) {
  const { exit } = useApp();
  const storeApi = useAppStoreApi();
  const screen = useAppStore(currentScreen);
  const helpVisible = useAppStore((s) => s.helpVisible);
  const readonly = useAppStore((s) => s.readonly);
  const hostCount = useAppStore((s) => s.inventory.hosts.length);
  const status = useAppStore((s) => s.status);
  const quitRequested = useAppStore((s) => s.quitRequested);
  const prompt = useAppStore((s) => s.prompt);
  const textInputFocused = useAppStore((s) => s.textInputFocused);
  const keyView = useAppStore((s) => s.keyView);

  useInput((input, key) => {
    const state = storeApi.getState();
    // An open question owns the keyboard (PromptView answers it).
    if (state.prompt) return;
    const binding = matchKey(input, key, { scope: currentScreen(state), readonly: state.readonly });
    if (!binding) return;
    // A focused text field owns the printable keys; only Esc (back) and Ctrl-C still work.
    if (state.textInputFocused && binding.id !== 'back' && binding.id !== 'interrupt') return;
    switch (binding.id) {
      case 'back':
        state.back();
        break;
      case 'help':
        state.toggleHelp();
        break;
      case 'quit':
      case 'interrupt':
        state.requestQuit();
        break;
      case 'refresh':
        // The screens that refresh (panel, check hosts) handle it themselves.
        break;
    }
  });

  useEffect(() => {
    if (!quitRequested) return;
    onQuit?.();
    exit();
  }, [quitRequested, onQuit, exit]);

  const Screen = SCREENS[screen];
  const { columns, rows } = useTerminalSize();
  // One row stays free: Ink redraws a frame as tall as the terminal by clearing the whole screen.
  const frameRows = rows === undefined ? undefined : rows - 1;
  const header = (
    <Box justifyContent="space-between" flexShrink={0}>
      <Text bold wrap="truncate-end">
        gluster-console · {helpVisible ? 'Help' : SCREEN_TITLES[screen]}
      </Text>
      <Text>
        {readonly ? <Text color="yellow">[read-only] </Text> : null}
        {hostCount} {hostCount === 1 ? 'host' : 'hosts'}
      </Text>
    </Box>
  );
  if (rows !== undefined && (rows < MIN_ROWS || columns < MIN_COLUMNS)) {
    return (
      <Box flexDirection="column" height={frameRows} overflow="hidden">
        {wrapText(`The terminal is ${columns}x${rows}: gluster-console needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Make the window larger (q quits).`, columns).map((line, i) => (
          <Text key={i} color="yellow">
            {line}
          </Text>
        ))}
      </Box>
    );
  }
  const statusLines = status ? wrapText(status.text, columns) : [];
  const chrome = 1 + 2 + statusLines.length + 1 + (prompt ? promptRows(prompt, columns) : 0);
  const bodyRows = frameRows === undefined ? undefined : Math.max(1, frameRows - chrome);
  return (
    <Box flexDirection="column" height={frameRows} overflow="hidden">
      {header}
      <Box marginY={1} flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
        <BodyRowsProvider value={bodyRows}>
          {helpVisible ? <HelpScreen /> : null}
          {/* Hidden under help, not unmounted: Esc returns to the same place (the panel's level, a form's text). */}
          <Box display={helpVisible ? 'none' : 'flex'} flexDirection="column">
            <Screen />
          </Box>
        </BodyRowsProvider>
      </Box>
      {prompt ? (
        <Box flexShrink={0} flexDirection="column">
          <PromptView key={prompt.id} prompt={prompt} />
        </Box>
      ) : null}
      {statusLines.length > 0 ? (
        <Box flexShrink={0} flexDirection="column">
          {statusLines.map((line, i) => (
            <Text key={i} color={status?.kind === 'error' ? 'red' : 'green'}>
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box flexShrink={0}>
        <Text dimColor wrap="truncate-end">
          {footerNow({ screen, readonly, helpVisible, prompt, textInputFocused, keyView })}
        </Text>
      </Box>
    </Box>
  );
}

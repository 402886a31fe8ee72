// Help, generated from the key registry so it cannot drift from what the keys do.
// The current screen's keys come first; the list scrolls inside the frame.
import { Box, Text } from 'ink';
import { SCREEN_TITLES, currentScreen, useAppStore, type ScreenId } from '../store/app-store.js';
import { KEY_BINDINGS, visibleBindings, type KeyBinding, type KeyScope } from './keys.js';
import { useBodyRows, useTerminalSize, wrapText } from './layout.js';
import { ScrollList, type ScrollLine } from './ScrollList.js';

function scopeTitle(scope: KeyScope): string {
  return scope === 'global' ? 'Everywhere' : SCREEN_TITLES[scope as ScreenId];
}

/** The help's lines at this width: per scope its title, then each key and what it does. */
export function helpLines(shown: ReadonlyArray<KeyBinding>, first: KeyScope, columns: number): ScrollLine[] {
  const scopes = [...new Set(shown.map((b) => b.scope))].sort((a, b) => rank(a, first) - rank(b, first));
  const width = Math.max(...shown.map((b) => b.keys.length), 0) + 2;
  const lines: ScrollLine[] = [];
  for (const scope of scopes) {
    if (lines.length > 0) lines.push({ text: '' });
    lines.push({ text: scopeTitle(scope), underline: true });
    for (const b of shown.filter((x) => x.scope === scope)) {
      for (const text of wrapText(`  ${b.keys.padEnd(width)}${b.description}`, columns, ' '.repeat(width + 2))) lines.push({ text });
    }
  }
  return lines;
}

function rank(scope: KeyScope, first: KeyScope): number {
  return scope === first ? 0 : scope === 'global' ? 1 : 2;
}

export function HelpScreen({ bindings = KEY_BINDINGS }: { bindings?: ReadonlyArray<KeyBinding> }) {
  const readonly = useAppStore((s) => s.readonly);
  const screen = useAppStore(currentScreen);
  const { columns } = useTerminalSize();
  const bodyRows = useBodyRows();
  const shown = visibleBindings({ readonly }, bindings);
  const hidden = visibleBindings({ readonly: false }, bindings).length - shown.length;
  const notes = readonly && hidden > 0 ? 2 : 1;
  // Keys and the blank under it, the blank above the notes, the notes.
  const height = bodyRows === undefined ? undefined : Math.max(2, bodyRows - 3 - notes);
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      <Box marginY={1} flexDirection="column">
        <ScrollList lines={helpLines(shown, screen, columns)} height={height} lineKeys />
      </Box>
      {readonly && hidden > 0 ? (
        <Text dimColor wrap="truncate-end">
          Read-only: {hidden} {hidden === 1 ? 'key that changes' : 'keys that change'} hosts or saved data {hidden === 1 ? 'is' : 'are'} turned off.
        </Text>
      ) : null}
      <Text dimColor>Esc or ? closes help.</Text>
    </Box>
  );
}

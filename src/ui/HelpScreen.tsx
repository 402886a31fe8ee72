// Help, generated from the key registry so it cannot drift from what the keys do.
import { Box, Text } from 'ink';
import { SCREEN_TITLES, useAppStore, type ScreenId } from '../store/app-store.js';
import { KEY_BINDINGS, visibleBindings, type KeyBinding, type KeyScope } from './keys.js';

function scopeTitle(scope: KeyScope): string {
  return scope === 'global' ? 'Everywhere' : SCREEN_TITLES[scope as ScreenId];
}

export function HelpScreen({ bindings = KEY_BINDINGS }: { bindings?: ReadonlyArray<KeyBinding> }) {
  const readonly = useAppStore((s) => s.readonly);
  const shown = visibleBindings({ readonly }, bindings);
  const scopes = [...new Set(shown.map((b) => b.scope))];
  const width = Math.max(...shown.map((b) => b.keys.length), 0) + 2;
  const hidden = visibleBindings({ readonly: false }, bindings).length - shown.length;
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold>Keys</Text>
      {scopes.map((scope) => (
        <Box key={scope} flexDirection="column">
          <Text underline>{scopeTitle(scope)}</Text>
          {shown
            .filter((b) => b.scope === scope)
            .map((b) => (
              <Text key={b.id}>
                {'  '}
                {b.keys.padEnd(width)}
                {b.description}
              </Text>
            ))}
        </Box>
      ))}
      {readonly && hidden > 0 ? (
        <Text dimColor>Read-only: {hidden} {hidden === 1 ? 'key that changes' : 'keys that change'} hosts or saved data {hidden === 1 ? 'is' : 'are'} turned off.</Text>
      ) : null}
      <Text dimColor>Esc or ? closes help.</Text>
    </Box>
  );
}

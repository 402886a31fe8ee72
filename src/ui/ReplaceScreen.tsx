// "Replace a dead node": opened from the live panel's "host down" finding (r)
// with the dead host. Pick the fresh host that takes its bricks, see the plan
// (every command) or why it is refused (the old host still alive...), run it
// after typing the dead host's name, with the stages and the heal's pending
// count on screen. Renders the replace store and dispatches to it; the store
// runs src/replace/run.ts (no commands or SSH here).
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { AuditLog } from '../config/audit.js';
import { useAppStore, useAppStoreApi } from '../store/app-store.js';
import { replaceStoreFor, type ReplaceState, type ReplaceStore } from '../store/replace-store.js';
import { matchKey } from './keys.js';
import { useBodyRows, useTerminalSize, wrapText } from './layout.js';
import { useServices } from './services.js';
import { useScreenInput } from './use-screen-input.js';

const RESULT_COLOR = { done: 'green', nothing: 'green', 'dry-run': 'cyan', refused: 'red', failed: 'red', declined: 'yellow' } as const;

/** The app's replace store, as the panel (which opens the screen) and the screen share it. */
export function useReplaceStore(): ReplaceStore {
  const appStore = useAppStoreApi();
  const { settings, executorFor } = useServices();
  return useMemo(
    () =>
      replaceStoreFor(appStore, () => ({
        executorFor,
        inventory: () => appStore.getState().inventory,
        ask: (request) => appStore.getState().ask(request),
        audit: AuditLog.beside(settings.path),
        readonly: appStore.getState().readonly,
      })),
    [appStore, settings, executorFor],
  );
}

function resultLines(s: ReplaceState, readonly: boolean): string[] {
  const r = s.result;
  if (!r) return [];
  switch (r.kind) {
    case 'refused':
      return ['Refused: nothing was changed:', ...r.reasons.map((x) => `  ${x}`)];
    case 'dry-run':
      return [readonly ? 'This is the plan. Read-only: the replace is not offered.' : `This is the plan: nothing has run yet. a runs it (you type ${s.oldHost} first).`];
    case 'done':
      return [`Done, and checked again: ${r.message}`];
    case 'failed':
      return [`Stopped: ${r.message}`];
    default:
      return [r.message];
  }
}

export function ReplaceScreen() {
  const store = useReplaceStore();
  const s = useStore(store);
  const readonly = useAppStore((a) => a.readonly);
  const rows = useBodyRows();
  const { columns } = useTerminalSize();

  useScreenInput((input, key) => {
    const binding = matchKey(input, key, { scope: 'replace', readonly });
    const state = store.getState();
    if (binding?.id === 'move') state.move(key.upArrow || input === 'k' ? -1 : 1);
    else if (binding?.id === 'replace-pick') state.pick();
    else if (binding?.id === 'replace-plan') void state.plan();
    else if (binding?.id === 'replace-apply') void state.apply();
  });

  if (!s.oldHost) return <Text>Open this from the live panel: highlight a "host down" finding and press r.</Text>;
  const head = [`Replace ${s.oldHost} (down) by a fresh host of the inventory`, 'Pick the new host (Space), then p plans (nothing runs):'];
  const status = s.phase === 'planning' ? ['Reading the cluster and planning…'] : s.phase === 'running' ? [`Running${s.stage ? `: ${s.stage}` : ''}; the progress follows.`] : [];
  const tail = [...status, ...(s.heal ? [s.heal] : []), ...resultLines(s, readonly)];
  const room = rows === undefined ? s.lines.length : Math.max(3, rows - head.length - s.candidates.length - tail.length - 3);
  const shown = s.lines.flatMap((l) => wrapText(l, columns)).slice(-room);
  return (
    <Box flexDirection="column">
      {head.map((line, i) => (
        <Text key={`h${i}`} bold={i === 0} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {s.candidates.map((name, i) => (
        <Text key={name} wrap="truncate-end" dimColor={!s.fresh.includes(name)}>
          {i === s.cursor ? '❯ ' : '  '}({s.picked === name ? '•' : ' '}) {name.padEnd(12)}
          {s.fresh.includes(name) ? '  fresh: answers, not in the pool, no brick' : '  not fresh (down, in the pool or holding a brick)'}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {shown.map((line, i) => (
          <Text key={`l${i}`} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
      {tail.map((line, i) => (
        <Text key={`t${i}`} color={s.result ? RESULT_COLOR[s.result.kind] : undefined} wrap="wrap">
          {line}
        </Text>
      ))}
    </Box>
  );
}

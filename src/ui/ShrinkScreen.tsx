// "Shrink the cluster": pick the hosts that leave, see the plan (the bricks
// that go, every command) or why it is refused, run it with the questions and
// the migration's progress on screen. Renders the shrink store and dispatches
// to it; the store runs src/shrink/run.ts (no commands or SSH here).
import { useEffect, useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { AuditLog } from '../config/audit.js';
import { useAppStore, useAppStoreApi } from '../store/app-store.js';
import { shrinkStoreFor, type ShrinkState } from '../store/shrink-store.js';
import { matchKey } from './keys.js';
import { useBodyRows, useTerminalSize, wrapText } from './layout.js';
import { useServices } from './services.js';
import { useScreenInput } from './use-screen-input.js';

const RESULT_COLOR = { done: 'green', nothing: 'green', 'dry-run': 'cyan', refused: 'red', failed: 'red', declined: 'yellow' } as const;

function resultLines(s: ShrinkState): string[] {
  const r = s.result;
  if (!r) return [];
  switch (r.kind) {
    case 'refused':
      return ['Refused: nothing was changed:', ...r.reasons.map((x) => `  ${x}`)];
    case 'dry-run':
      return ['This is the plan: nothing has run yet. a runs it (asks first; the commit asks you to type the volume name).'];
    case 'failed':
      return [`Stopped: ${r.message}`];
    default:
      return [r.message];
  }
}

export function ShrinkScreen() {
  const appStore = useAppStoreApi();
  const { settings, executorFor } = useServices();
  const store = useMemo(
    () =>
      shrinkStoreFor(appStore, () => ({
        executorFor,
        inventory: () => appStore.getState().inventory,
        ask: (request) => appStore.getState().ask(request),
        audit: AuditLog.beside(settings.path),
        zoneMinimums: () => settings.getSetting('zoneMinimums'),
        readonly: appStore.getState().readonly,
      })),
    [appStore, settings, executorFor],
  );
  const s = useStore(store);
  const hosts = useAppStore((a) => a.inventory.hosts);
  const readonly = useAppStore((a) => a.readonly);
  const rows = useBodyRows();
  const { columns } = useTerminalSize();

  useEffect(() => {
    void store.getState().open();
  }, [store]);

  useScreenInput((input, key) => {
    const binding = matchKey(input, key, { scope: 'shrink', readonly });
    const state = store.getState();
    switch (binding?.id) {
      case 'move':
        state.move(key.upArrow || input === 'k' ? -1 : 1);
        break;
      case 'shrink-pick':
        state.toggle();
        break;
      case 'shrink-volume':
        state.nextVolume();
        break;
      case 'shrink-plan':
        void state.plan();
        break;
      case 'shrink-apply':
        void state.apply();
        break;
    }
  });

  if (hosts.length === 0) return <Text>No hosts saved yet: import an inventory first.</Text>;
  const head = [
    s.volumes === null ? 'Reading the volumes…' : s.volume ? `Volume: ${s.volume}${s.volumes.length > 1 ? ` (v: next of ${s.volumes.length})` : ''}` : `No volume to shrink: ${s.error ?? ''}`,
    'Pick the hosts that leave (Space), then p plans (nothing runs):',
  ];
  const status = s.phase === 'planning' ? ['Reading the cluster and planning…'] : s.phase === 'running' ? ['Running: the progress follows.'] : [];
  const tail = [...status, ...resultLines(s)];
  // The plan's first line (what becomes of the volume) stays; then the newest lines that fit under the host list.
  const [first, ...rest] = s.lines.flatMap((l) => wrapText(l, columns));
  const room = rows === undefined ? rest.length : Math.max(2, rows - head.length - hosts.length - tail.length - 4);
  const shown = first === undefined ? [] : [first, ...(rest.length > room ? ['…', ...rest.slice(-(room - 1))] : rest)];
  return (
    <Box flexDirection="column">
      {head.map((line, i) => (
        <Text key={`h${i}`} bold={i === 0} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {hosts.map((h, i) => (
        <Text key={h.name} wrap="truncate-end">
          {i === s.cursor ? '❯ ' : '  '}[{s.picked.includes(h.name) ? 'x' : ' '}] {h.name.padEnd(12)} {h.zone}
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

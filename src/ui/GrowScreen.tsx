// "Grow the cluster": pick the new hosts, see the proposed add-brick with the
// layout validator's verdict and every step's plan, run it with the questions
// and the rebalance's progress on screen. Renders the grow store and
// dispatches to it; the store runs src/grow/run.ts (no commands or SSH here).
import { useEffect, useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { AuditLog } from '../config/audit.js';
import { useAppStore, useAppStoreApi } from '../store/app-store.js';
import { growStoreFor, type GrowState } from '../store/grow-store.js';
import { matchKey } from './keys.js';
import { useBodyRows, useTerminalSize, wrapText } from './layout.js';
import { useServices } from './services.js';
import { useScreenInput } from './use-screen-input.js';

const RESULT_COLOR = { done: 'green', 'dry-run': 'cyan', failed: 'red', declined: 'yellow' } as const;

function resultLines(s: GrowState): string[] {
  const r = s.result;
  if (!r) return [];
  switch (r.state) {
    case 'dry-run':
      return [r.pending ? 'This is the proposal: nothing has run yet. a runs it (asks before each part).' : 'Nothing to do: the picked hosts already hold bricks of the volume.'];
    case 'done':
      return [`Done, and checked again: ${s.volume} has ${r.volume.brickCount} bricks in ${Math.max(r.volume.distCount, 1)} sets${r.rebalance ? '; rebalance completed with 0 failures' : ''}.`];
    case 'declined':
      return ['Not confirmed: nothing more was changed.'];
    case 'failed':
      return [`Stopped at "${r.phase}": ${r.reason}`];
  }
}

export function GrowScreen() {
  const appStore = useAppStoreApi();
  const { settings, executorFor } = useServices();
  const store = useMemo(
    () =>
      growStoreFor(appStore, () => ({
        executorFor,
        inventory: () => appStore.getState().inventory,
        ask: (request) => appStore.getState().ask(request),
        audit: AuditLog.beside(settings.path),
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
    const binding = matchKey(input, key, { scope: 'grow', readonly });
    const state = store.getState();
    if (binding?.id === 'move') state.move(key.upArrow || input === 'k' ? -1 : 1);
    else if (binding?.id === 'grow-pick') state.toggle();
    else if (binding?.id === 'grow-volume') state.nextVolume();
    else if (binding?.id === 'grow-plan') void state.plan();
    else if (binding?.id === 'grow-apply') void state.apply();
  });

  if (hosts.length === 0) return <Text>No hosts saved yet: import an inventory first.</Text>;
  const head = [
    s.volumes === null ? 'Reading the volumes…' : s.volume ? `Volume: ${s.volume}${s.volumes.length > 1 ? ` (v: next of ${s.volumes.length})` : ''}` : `No volume to grow: ${s.error ?? ''}`,
    'Pick the new hosts (Space), then p proposes the add-brick (nothing runs):',
  ];
  const status = s.phase === 'planning' ? ['Reading the cluster and planning…'] : s.phase === 'running' ? ['Running: the progress follows.'] : [];
  const tail = [...status, ...(s.progress ? [s.progress] : []), ...resultLines(s)];
  const proposal = s.proposal.flatMap((l) => wrapText(l, columns));
  const room = rows === undefined ? s.lines.length : Math.max(3, rows - head.length - hosts.length - proposal.length - tail.length - 3);
  const shown = s.lines.flatMap((l) => wrapText(l, columns)).slice(-room);
  return (
    <Box flexDirection="column">
      {head.map((line, i) => (
        <Text key={`h${i}`} bold={i === 0} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {hosts.map((h, i) => (
        <Text key={h.name} wrap="truncate-end" dimColor={s.members.includes(h.name)}>
          {i === s.cursor ? '❯ ' : '  '}[{s.picked.includes(h.name) ? 'x' : s.members.includes(h.name) ? '=' : ' '}] {h.name.padEnd(12)} {h.zone}
          {s.members.includes(h.name) ? '  (holds bricks)' : ''}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {proposal.map((line, i) => (
          <Text key={`p${i}`} bold={i === 0} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column">
        {shown.map((line, i) => (
          <Text key={`l${i}`} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
      {tail.map((line, i) => (
        <Text key={`t${i}`} color={s.result ? RESULT_COLOR[s.result.state] : undefined} wrap="wrap">
          {line}
        </Text>
      ))}
    </Box>
  );
}

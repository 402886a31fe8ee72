// Level 3: one brick and the entries it holds for heal; entries in
// split-brain can be resolved with one of the CLI's policies.
import { Box, Text } from 'ink';
import { formatBytes, sectionAgeText } from '../../panel/format.js';
import type { ClusterReport } from '../../panel/report.js';
import { sectionAge } from '../../panel/analyze.js';
import type { Snapshot } from '../../panel/snapshot.js';
import { CopiesView } from './CopiesView.js';
import type { PanelRow } from './rows.js';
import type { CopiesState } from './use-copies.js';

export function BrickView({ report, snapshot, volume, brick, rows, cursor, now, readonly, copies }: { report: ClusterReport; snapshot: Snapshot | null; volume: string; brick: string; rows: PanelRow[]; cursor: number; now: number; readonly: boolean; copies: CopiesState | null }) {
  const v = report.volumes.find((x) => x.name === volume);
  const b = v?.bricks.find((x) => x.name === brick);
  if (!v || !b) return <Text color="yellow">Brick {brick} is not in the latest volume info.</Text>;
  const entries = sectionAge('heal info', snapshot?.entries[volume]);
  const split = snapshot?.splitBrain[volume] ? sectionAge('split-brain', snapshot.splitBrain[volume]) : undefined;
  const highlighted = rows[cursor];
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Brick {b.name}</Text> of {v.name} · online <Text color={b.online === 'yes' ? 'green' : 'red'}>{b.online}</Text>
        {b.pid !== undefined ? ` · pid ${b.pid}` : ''}
        {b.port !== undefined ? ` · port ${b.port}` : ''}
      </Text>
      {b.onlineWhy ? <Text dimColor>{b.onlineWhy}</Text> : null}
      <Text>
        filesystem: {b.mount}
        {b.mountPoint ? ` at ${b.mountPoint}` : ''}
        {b.device ? ` (${b.device}${b.fsType ? `, ${b.fsType}` : ''})` : ''} · free {formatBytes(b.freeBytes)} of {formatBytes(b.totalBytes)}
      </Text>
      {b.mountWhy ? <Text color="yellow">{b.mountWhy}</Text> : null}
      {b.transient ? <Text color="yellow">On {b.host}'s transient disk{b.device ? ` (${b.device})` : ''}: its copy is lost when the VM is stopped or moved; the other bricks of its set keep the data.</Text> : null}
      <Text>
        heal: {b.heal ? (b.heal.connected ? `${b.heal.pending ?? '?'} pending · ${b.heal.splitBrain ?? '?'} split-brain · ${b.heal.possiblyHealing ?? '?'} possibly healing` : b.heal.status) : '—'}
      </Text>
      <Box marginTop={1}>
        <Text bold>HEAL ENTRIES</Text>
        <Text dimColor>
          {'  '}heal info {sectionAgeText(entries, now)}
          {split ? ` · split-brain list ${sectionAgeText(split, now)}` : ''}
        </Text>
      </Box>
      {rows.length === 0 ? <Text dimColor>  {entries.state === 'ok' ? 'no entries: nothing on this brick waits for heal' : 'asking heal info…'}</Text> : null}
      {rows.map((r, i) =>
        r.kind === 'entry' ? (
          <Text key={r.key} wrap="truncate-end">
            {i === cursor ? '❯ ' : '  '}
            {r.entry.path ?? `<gfid:${r.entry.gfid}>`}
            {r.entry.splitBrain ? <Text color="red"> SPLIT-BRAIN</Text> : null}
          </Text>
        ) : null,
      )}
      {highlighted?.kind === 'entry' ? <CopiesView copies={copies} brick={brick} readonly={readonly} /> : null}
    </Box>
  );
}

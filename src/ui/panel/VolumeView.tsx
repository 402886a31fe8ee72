// Level 2: one volume: layout, options that matter, its bricks (online, pid,
// port, space, filesystem, heal counts), self-heal daemons, its findings.
import { Box, Text } from 'ink';
import { formatAge, formatBytes, sectionAgeText } from '../../panel/format.js';
import type { BrickReport, ClusterReport, VolumeReport } from '../../panel/report.js';
import { trendText } from '../../panel/trend.js';
import { useTerminalSize } from '../layout.js';
import { FindingRow } from './FindingList.js';
import type { PanelRow } from './rows.js';
import { pad, verdictColor } from './style.js';

function mountText(b: BrickReport): string {
  switch (b.mount) {
    case 'mounted':
      // A brick on the transient disk says so here, where it always fits; its mount point is in the brick's view.
      return b.transient ? 'ok, transient disk' : `ok ${b.mountPoint ?? ''}`;
    case 'not-mounted':
      return 'NOT MOUNTED';
    case 'missing':
      return 'dir missing';
    case 'root-fs':
      return 'on root fs';
    default:
      return '?';
  }
}

function healText(b: BrickReport): string {
  if (!b.heal) return '—';
  if (!b.heal.connected) return `✗ ${b.heal.status}`;
  const pending = b.heal.pending ?? 0;
  const delta = b.heal.delta;
  const trend = delta === undefined || delta === 0 ? String(pending) : delta > 0 ? `${pending} ↑${delta}` : `${pending} ↓${-delta}`;
  return `${trend} / ${b.heal.splitBrain ?? '?'} / ${b.heal.possiblyHealing ?? '?'}`;
}

export function optionsLine(v: VolumeReport): string {
  const quorum = v.replicaCount > 1 ? `client quorum ${v.options.quorumType ?? '?'}${v.options.quorumCount ? ` (${v.options.quorumCount})` : ''}` : v.disperseCount > 0 ? `disperse ${v.disperseCount - v.redundancyCount}+${v.redundancyCount}` : 'no replication';
  const server = `server quorum ${v.options.serverQuorumType ?? '?'}${v.options.serverQuorumType === 'server' && v.options.serverQuorumRatio ? ` (${v.options.serverQuorumRatio}%)` : ''}`;
  const shd = v.healed ? ` · self-heal daemon ${v.options.selfHealDaemon}` : '';
  return `${quorum} · ${server}${shd}`;
}

export function VolumeView({ report, volume, rows, cursor, now, readonly }: { report: ClusterReport; volume: string; rows: PanelRow[]; cursor: number; now: number; readonly: boolean }) {
  const v = report.volumes.find((x) => x.name === volume);
  // The brick's name gives way on a narrow terminal (both ends kept), so the row still ends with its heal counts.
  const { columns } = useTerminalSize();
  const brickWidth = Math.max(14, Math.min(34, columns - 66));
  if (!v) return <Text color="yellow">Volume {volume} is not in the latest volume info.</Text>;
  const info = report.sections.find((s) => s.label === 'volume info');
  const status = report.sections.find((s) => s.label === 'volume status');
  const brickRows = rows.filter((r) => r.kind === 'brick');
  // Brick filesystems are checked per host: show the oldest check.
  const fsAges = [...new Set(v.bricks.map((b) => b.host))].map((h) => report.hosts.find((x) => x.name === h)?.mounts?.at).filter((at): at is number => at !== undefined);
  const fsAt = fsAges.length > 0 ? Math.min(...fsAges) : undefined;
  const findingRows = rows.filter((r) => r.kind === 'finding');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Volume {v.name}</Text> · {v.type} · {v.layout} · {v.status} ·{' '}
        <Text color={verdictColor(v.verdict)}>{v.verdict.toUpperCase()}</Text>
      </Text>
      <Text wrap="truncate-end">{optionsLine(v)}</Text>
      <Text dimColor wrap="truncate-end">
        info {info ? sectionAgeText(info, now) : '—'} · status {status ? sectionAgeText(status, now) : '—'}
        {v.heal ? ` · heal info ${sectionAgeText(v.heal.section, now)}` : ''}
        {fsAt !== undefined ? ` · filesystems ${formatAge(now - fsAt)} ago` : ''}
        {v.heal?.pending !== undefined ? ` · pending ${trendText(v.heal.pending, v.heal.trend)}` : v.heal?.notAnswering ? ` · pending ${v.heal.pendingAtLeast ? `≥${v.heal.pendingAtLeast}` : '?'} (${v.heal.notAnswering} not answering)` : ''}
      </Text>
      <Box marginTop={1}>
        <Text bold wrap="truncate-end">
          {'  '}
          {pad('BRICK', brickWidth)} {pad('ONLINE', 7)} {pad('PID', 6)} {pad('PORT', 6)} {pad('FREE', 9)} {pad('FILESYSTEM', 18)} HEAL pend/sb/heal
        </Text>
      </Box>
      {brickRows.map((r) => {
        if (r.kind !== 'brick') return null;
        const b = r.brick;
        const setBreak = v.sets.length > 1 && v.bricks.indexOf(b) % (v.bricks.length / v.sets.length) === 0;
        return (
          <Box key={r.key} flexDirection="column">
            {setBreak ? (
              <Text dimColor wrap="truncate-end">
                {'  '}set {b.set + 1}: quorum {v.sets[b.set]?.quorum.state}
              </Text>
            ) : null}
            <Text wrap="truncate-end">
              {rows.indexOf(r) === cursor ? '❯ ' : '  '}
              {pad(`${b.name}${b.arbiter ? ' (a)' : ''}`, brickWidth)}{' '}
              <Text color={b.online === 'yes' ? 'green' : b.online === 'no' ? 'red' : 'magenta'}>{pad(b.online, 7)}</Text> {pad(b.pid === undefined ? '—' : String(b.pid), 6)}{' '}
              {pad(b.port === undefined ? '—' : String(b.port), 6)} {pad(formatBytes(b.freeBytes), 9)}{' '}
              <Text color={b.mount === 'mounted' ? undefined : b.mount === 'unknown' ? 'magenta' : 'red'}>{pad(mountText(b), 18)}</Text> {healText(b)}
            </Text>
          </Box>
        );
      })}
      {v.healed && v.started ? (
        <Text wrap="truncate-end">
          <Text bold>SELF-HEAL DAEMONS </Text>
          {v.selfHealDaemons
            ? v.selfHealDaemons.length === 0
              ? 'none running'
              : v.selfHealDaemons.map((d) => `${d.host} ${d.online ? '✓' : '✗'}${d.pid ? ` ${d.pid}` : ''}`).join('  ')
            : '? (status did not answer)'}
        </Text>
      ) : null}
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Text bold>FINDINGS for {v.name}</Text>
          <Text dimColor>{readonly ? '' : '  f: fix the highlighted one · h heal · H full heal'} · Enter on a brick: its heal entries</Text>
        </Text>
      </Box>
      {findingRows.length === 0 ? <Text color="green">  none</Text> : null}
      {findingRows.map((r) => (r.kind === 'finding' ? <FindingRow key={r.key} finding={r.finding} selected={rows.indexOf(r) === cursor} readonly={readonly} /> : null))}
    </Box>
  );
}

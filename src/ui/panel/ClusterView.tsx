// Level 1: hosts with their peers as each sees them, volumes, findings.
import { Box, Text } from 'ink';
import { PEER_IN_CLUSTER, PEER_REJECTED } from '../../gluster/xml/peer-status.js';
import { formatAge, sectionAgeText } from '../../panel/format.js';
import type { ClusterReport, HostReport } from '../../panel/report.js';
import { CapacityLines } from './CapacityLines.js';
import { FindingRow, NoFindings } from './FindingList.js';
import { hostsMatching, type PanelRow } from './rows.js';
import { pad, verdictColor } from './style.js';
import { trendText } from '../../panel/trend.js';
import { useTerminalSize } from '../layout.js';

function peerMark(state: number, connected: boolean): string {
  if (state === PEER_REJECTED) return 'R';
  if (!connected) return '✗';
  return state === PEER_IN_CLUSTER ? '✓' : '~';
}

function peersText(h: HostReport, hosts: HostReport[]): string {
  if (!h.peers) return h.ssh === 'down' ? '—' : '? (glusterd did not answer)';
  if (h.peers.length === 0) return 'no peers';
  const bad = h.peers.filter((p) => !(p.connected && p.state === PEER_IN_CLUSTER));
  if (hosts.length > 6) {
    return bad.length === 0 ? `all ${h.peers.length} ✓` : `${h.peers.length - bad.length}/${h.peers.length} ✓  ${bad.map((p) => `${p.peer} ${peerMark(p.state, p.connected)}`).join(' ')}`;
  }
  return h.peers.map((p) => `${p.peer} ${peerMark(p.state, p.connected)}`).join('  ');
}

/** How old this host's view of its peers is (on big clusters the views take turns; SSH and glusterd are checked every refresh). */
function hostAge(h: HostReport, now: number): string {
  return h.pool.at === undefined ? '—' : formatAge(now - h.pool.at);
}

export function ClusterView({ report, rows, cursor, now, readonly, filter }: { report: ClusterReport; rows: PanelRow[]; cursor: number; now: number; readonly: boolean; filter: string }) {
  const volumeRows = rows.filter((r) => r.kind === 'volume');
  const findingRows = rows.filter((r) => r.kind === 'finding');
  const info = report.sections.find((s) => s.label === 'volume info');
  const status = report.sections.find((s) => s.label === 'volume status');
  // The peers column gives way on a narrow terminal, so the age stays on the host's row.
  const { columns } = useTerminalSize();
  const peersWidth = Math.max(12, Math.min(41, columns - 16 - 6 - 15 - 7));
  // The filter applies to the hosts too, as to every list on screen.
  const hosts = hostsMatching(report, filter);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        HOST{' '.repeat(12)}SSH   GLUSTERD       {pad('PEERS (as this host sees them)', peersWidth)}AGE
      </Text>
      {hosts.length === 0 && report.hosts.length > 0 ? <Text dimColor>  (no host matches the filter)</Text> : null}
      {hosts.map((h) => (
        <Text key={h.name} wrap="truncate-end">
          {pad(h.name, 16)}
          <Text color={h.ssh === 'up' ? 'green' : h.ssh === 'down' ? 'red' : 'magenta'}>{pad(h.ssh, 6)}</Text>
          <Text color={h.glusterd === 'running' ? 'green' : h.glusterd === 'unknown' ? 'magenta' : 'red'}>{pad(h.glusterd, 15)}</Text>
          {pad(peersText(h, report.hosts), peersWidth)}
          {hostAge(h, now)}
        </Text>
      ))}
      {report.strangers.map((p) => (
        <Text key={p.uuid} color="cyan" wrap="truncate-end">
          {pad(p.peer, 16)}(in the pool, not in the inventory: {p.connected ? 'connected' : 'disconnected'})
        </Text>
      ))}
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Text bold>VOLUMES</Text>
          <Text dimColor>
            {'  '}info {info ? sectionAgeText(info, now) : '—'} · status {status ? sectionAgeText(status, now) : '—'}
          </Text>
        </Text>
      </Box>
      {report.volumes.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          {'  '}
          {info?.state === 'ok' ? 'no volumes' : 'volume info has not answered yet'}
        </Text>
      ) : null}
      {report.volumes.length > 0 && volumeRows.length === 0 ? <Text dimColor>  (no volume matches the filter)</Text> : null}
      {volumeRows.map((r) => {
        if (r.kind !== 'volume') return null;
        const v = r.volume;
        const index = rows.indexOf(r);
        const online = v.bricks.filter((b) => b.online === 'yes').length;
        const healAge = v.heal ? (v.heal.section.state === 'ok' && v.heal.section.at !== undefined ? formatAge(now - v.heal.section.at) : sectionAgeText(v.heal.section, now)) : '';
        const heal = v.heal
          ? `heal ${v.heal.pending !== undefined ? trendText(v.heal.pending, v.heal.trend) : v.heal.pendingAtLeast ? `≥${v.heal.pendingAtLeast}` : '?'}${v.heal.notAnswering ? ` (${v.heal.notAnswering} brick${v.heal.notAnswering === 1 ? '' : 's'} not answering)` : ''}${v.heal.splitBrain ? ` sb ${v.heal.splitBrain}` : ''} · ${healAge}`
          : '';
        return (
          <Text key={r.key} wrap="truncate-end">
            {index === cursor ? '❯ ' : '  '}
            {pad(v.name, 14)} {pad(v.type, 12)} {pad(v.layout, 12)} {pad(v.status, 8)} bricks {online}/{v.bricks.length}
            {'  '}
            <Text color={verdictColor(v.verdict)}>{v.verdict.toUpperCase()}</Text>
            {'  '}
            {heal}
          </Text>
        );
      })}
      <CapacityLines volumes={volumeRows.flatMap((r) => (r.kind === 'volume' ? [r.volume] : []))} />
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Text bold>FINDINGS</Text>
          <Text dimColor>{readonly ? '  (read-only: fixes are not offered)' : '  Enter: details · f: fix the highlighted one'}</Text>
        </Text>
      </Box>
      {findingRows.length === 0 ? <NoFindings filtered={filter !== '' && report.findings.length > 0} /> : null}
      {findingRows.map((r) => (r.kind === 'finding' ? <FindingRow key={r.key} finding={r.finding} selected={rows.indexOf(r) === cursor} readonly={readonly} /> : null))}
    </Box>
  );
}

// Findings as rows: severity, title, and the key that fixes it.
import { Box, Text } from 'ink';
import type { Finding } from '../../panel/report.js';
import { severityColor, severityMark } from './style.js';

export function FindingRow({ finding, selected, readonly }: { finding: Finding; selected: boolean; readonly: boolean }) {
  return (
    <Text wrap="truncate-end">
      {selected ? '❯ ' : '  '}
      <Text color={severityColor(finding.severity)}>
        {severityMark(finding.severity)}
        {finding.severity.toUpperCase().padEnd(9)}
      </Text>
      {finding.title}
      {finding.plan && !readonly ? <Text dimColor> [f fix]</Text> : null}
      {finding.kind === 'heal-pending' && !readonly && finding.plan ? <Text dimColor> [h heal]</Text> : null}
    </Text>
  );
}

export function NoFindings({ filtered }: { filtered: boolean }) {
  return (
    <Box>
      <Text color="green">{filtered ? '  (no finding matches the filter)' : '  none: every host, brick and daemon is up and nothing waits for heal'}</Text>
    </Box>
  );
}

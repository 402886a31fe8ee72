// One finding: what it means, the fix as exact commands, or the documented
// recovery to do by hand.
import { Box, Text } from 'ink';
import type { Finding } from '../../panel/report.js';
import { severityColor, severityMark } from './style.js';

export function FindingView({ finding, readonly }: { finding: Finding | undefined; readonly: boolean }) {
  if (!finding) return <Text color="green">This finding is gone: the latest refresh no longer reports it.</Text>;
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={severityColor(finding.severity)}>
          {severityMark(finding.severity)}
          {finding.severity.toUpperCase()}
        </Text>{' '}
        <Text bold>{finding.title}</Text>
      </Text>
      {finding.explanation.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      {finding.plan && !readonly ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Fix (f): {finding.plan.title}</Text>
          {finding.plan.steps.map((step, i) => (
            <Box key={i} flexDirection="column">
              <Text>
                {'  '}
                {i + 1}. on {step.host}: <Text color="cyan">{step.command.text}</Text>
              </Text>
              <Text dimColor>
                {'     '}
                {step.why}
              </Text>
            </Box>
          ))}
        </Box>
      ) : null}
      {finding.plan && readonly ? <Text dimColor>Read-only: the fix is not offered.</Text> : null}
      {finding.replace && !readonly ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Replace (r): {finding.replace.host} by a fresh host ({finding.replace.fresh.join(', ')})</Text>
          <Text dimColor>
            {'  '}pick the new host, see every command; runs only after you type {finding.replace.host}. Refused while {finding.replace.host} is alive.
          </Text>
        </Box>
      ) : null}
      {finding.manual && finding.manual.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>By hand (the console does not run these):</Text>
          {finding.manual.map((line, i) => (
            <Text key={i}>  {line}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

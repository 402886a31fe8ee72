// The audit log: every command that changed a host, newest last, with its
// exit status; x writes it out as a plain shell script.
import { Box, Text, useStdout } from 'ink';
import { useSetup } from './context.js';

export function AuditView() {
  const entries = useSetup((s) => s.auditEntries);
  const { stdout } = useStdout();
  const budget = Math.max(5, (stdout?.rows ?? 40) - 12);
  const shown = entries.slice(-budget);
  return (
    <Box flexDirection="column">
      <Text bold>Audit log: {entries.length} command{entries.length === 1 ? '' : 's'} that changed a host{entries.length > budget ? ` (the last ${budget})` : ''}</Text>
      <Text dimColor>x exports it as a shell script · Esc back</Text>
      <Box flexDirection="column" marginTop={1}>
        {shown.length === 0 ? <Text>Nothing has been run on any host yet.</Text> : null}
        {shown.map((e, i) => {
          const status = e.exitCode === 0 ? 'ok' : e.exitCode === null ? 'unknown' : `exit ${e.exitCode}`;
          return (
            <Text key={i} wrap="truncate-end">
              {e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} {e.host.padEnd(12)} {`[${e.step}]`.padEnd(10)}{' '}
              <Text color={e.exitCode === 0 ? 'green' : 'red'}>{status.padEnd(8)}</Text> {e.command.split('\n')[0]}
            </Text>
          );
        })}
      </Box>
    </Box>
  );
}

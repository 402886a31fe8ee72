// The audit log: every command that changed a host, newest last, with its
// exit status; x writes it out as a plain shell script.
import { Box, Text } from 'ink';
import { useBodyRows } from '../layout.js';
import { ScrollList, type ScrollLine } from '../ScrollList.js';
import { useScreenActive } from '../use-screen-input.js';
import { useSetup } from './context.js';

export function AuditView() {
  const entries = useSetup((s) => s.auditEntries);
  const bodyRows = useBodyRows();
  const active = useScreenActive();
  const lines = entries.map((e): ScrollLine => {
    const status = e.exitCode === 0 ? 'ok' : e.exitCode === null ? 'unknown' : `exit ${e.exitCode}`;
    const spans = [
      { text: `${e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} ${e.host.padEnd(12)} ${`[${e.step}]`.padEnd(10)} ` },
      { text: status.padEnd(8), color: e.exitCode === 0 ? 'green' : 'red' },
      { text: ` ${e.command.split('\n')[0]}` },
    ];
    return { text: spans.map((p) => p.text).join(''), spans };
  });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Audit log: {entries.length} command{entries.length === 1 ? '' : 's'} that changed a host
      </Text>
      <Text dimColor>x exports it as a shell script · Esc back</Text>
      <Box flexDirection="column" marginTop={1}>
        {entries.length === 0 ? <Text>Nothing has been run on any host yet.</Text> : null}
        <ScrollList lines={lines} height={bodyRows === undefined ? undefined : Math.max(2, bodyRows - 3)} follow isActive={active} />
      </Box>
    </Box>
  );
}

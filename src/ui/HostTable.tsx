// The saved hosts as a plain text table: name / address / zone / device.
import { Box, Text } from 'ink';
import type { InventoryHost } from '../config/inventory.js';
import { hostTableLines } from './host-table-lines.js';

export function HostTable({ hosts }: { hosts: ReadonlyArray<InventoryHost> }) {
  const [header, ...lines] = hostTableLines(hosts);
  return (
    <Box flexDirection="column">
      <Text bold>{header}</Text>
      {lines.map((line, i) => (
        <Text key={hosts[i]?.name ?? i}>{line}</Text>
      ))}
    </Box>
  );
}

// The saved hosts as a plain text table: name / address / zone / device.
import { Box, Text } from 'ink';
import type { InventoryHost } from '../config/inventory.js';

const HEADERS = ['NAME', 'ADDRESS', 'ZONE', 'DEVICE'] as const;

function deviceOf(host: InventoryHost): string {
  if (host.device) return host.device;
  if (host.transientDevice) return `${host.transientDevice} (transient)`;
  return '-';
}

export function HostTable({ hosts }: { hosts: ReadonlyArray<InventoryHost> }) {
  const rows = hosts.map((h) => [h.name, h.ssh.port === undefined || h.ssh.port === 22 ? h.address : `${h.address}:${h.ssh.port}`, h.zone, deviceOf(h)]);
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return (
    <Box flexDirection="column">
      <Text bold>{line(HEADERS)}</Text>
      {rows.map((r, i) => (
        <Text key={hosts[i]?.name ?? i}>{line(r)}</Text>
      ))}
    </Box>
  );
}

// The saved hosts as plain text lines: name / address / zone / device. Without
// React, so the first frame drawn before Ink (first-frame.ts) and the HostTable
// component print the same table.
import type { InventoryHost } from '../config/inventory.js';

const HEADERS = ['NAME', 'ADDRESS', 'ZONE', 'DEVICE'] as const;

function deviceOf(host: InventoryHost): string {
  if (host.device) return host.device;
  if (host.transientDevice) return `${host.transientDevice} (transient)`;
  return '-';
}

/** The header line, then one line per host; columns padded to the widest cell, trailing spaces trimmed. */
export function hostTableLines(hosts: ReadonlyArray<InventoryHost>): [string, ...string[]] {
  const rows = hosts.map((h) => [h.name, h.ssh.port === undefined || h.ssh.port === 22 ? h.address : `${h.address}:${h.ssh.port}`, h.zone, deviceOf(h)]);
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}

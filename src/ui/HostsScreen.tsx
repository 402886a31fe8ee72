// Step 0's check of every saved host, live: each row changes as its host answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useAppStore } from '../store/app-store.js';
import { checkHosts, glusterVersionSpread, type HostCheck } from '../steps/host-check.js';
import { HOST_CHECK_COMMAND } from '../steps/host-check.js';
import { matchKey } from './keys.js';
import { useBodyRows } from './layout.js';
import { ScrollBox } from './ScrollBox.js';
import { useServices } from './services.js';
import { useScreenActive, useScreenInput } from './use-screen-input.js';

function describe(check: HostCheck): { text: string; color?: string } {
  if (check.state === 'checking') return { text: 'checking…', color: 'cyan' };
  if (check.state === 'failed') return { text: `FAILED: ${check.problem ?? 'unknown problem'}`, color: 'red' };
  const gluster = check.glusterVersion ? `GlusterFS ${check.glusterVersion}` : 'GlusterFS not installed';
  return { text: `ok · ${check.effectiveUser} · ${check.os?.pretty ?? '?'} · ${gluster} · ${check.systemd ? 'systemd' : 'no systemd'}`, color: 'green' };
}

export function HostsScreen() {
  const inventory = useAppStore((s) => s.inventory);
  const { executorFor } = useServices();
  const [checks, setChecks] = useState<Record<string, HostCheck>>({});
  const run = useRef<AbortController | null>(null);
  const bodyRows = useBodyRows();
  const active = useScreenActive();

  const start = useCallback(() => {
    run.current?.abort();
    const controller = new AbortController();
    run.current = controller;
    const names = inventory.hosts.map((h) => h.name);
    setChecks(Object.fromEntries(names.map((host) => [host, { host, state: 'checking' } satisfies HostCheck])));
    void checkHosts(executorFor(inventory), names, (check) => {
      if (!controller.signal.aborted) setChecks((c) => ({ ...c, [check.host]: check }));
    }, controller.signal);
  }, [inventory, executorFor]);

  useEffect(() => {
    start();
    return () => run.current?.abort();
  }, [start]);

  useScreenInput((input, key) => {
    if (matchKey(input, key, { scope: 'hosts' })?.id === 'hosts-recheck') start();
  });

  if (inventory.hosts.length === 0) {
    return <Text>No hosts saved yet: import an inventory first (Local lab).</Text>;
  }
  const versions = glusterVersionSpread(Object.values(checks));
  // Columns as wide as their longest entry, so the answer keeps the most room.
  const nameWidth = Math.max(...inventory.hosts.map((h) => h.name.length)) + 2;
  const addressWidth = Math.max(...inventory.hosts.map((h) => h.address.length)) + 2;
  // Many hosts scroll below the command line, which stays.
  return (
    <Box flexDirection="column" gap={1}>
      <Text dimColor wrap="truncate-end">
        Runs on every host (read only): {HOST_CHECK_COMMAND.text.split('\n')[0]} …
      </Text>
      <ScrollBox height={bodyRows === undefined ? undefined : Math.max(2, bodyRows - 2 - (versions.length > 1 ? 2 : 0))} isActive={active}>
        {inventory.hosts.map((h) => {
          const check = checks[h.name] ?? { host: h.name, state: 'checking' };
          const { text, color } = describe(check);
          return (
            <Text key={h.name} wrap="truncate-end">
              {h.name.padEnd(nameWidth)}
              {h.address.padEnd(addressWidth)}
              <Text color={color}>{text}</Text>
            </Text>
          );
        })}
      </ScrollBox>
      {versions.length > 1 ? <Text color="yellow" wrap="truncate-end">Hosts run different GlusterFS versions: {versions.join(', ')}. Align them before probing.</Text> : null}
    </Box>
  );
}

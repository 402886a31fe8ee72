// Step 0's check of every saved host, live: each row changes as its host answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useAppStore } from '../store/app-store.js';
import { checkHosts, glusterVersionSpread, type HostCheck } from '../steps/host-check.js';
import { HOST_CHECK_COMMAND } from '../steps/host-check.js';
import { matchKey } from './keys.js';
import { useServices } from './services.js';
import { useScreenInput } from './use-screen-input.js';

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
  return (
    <Box flexDirection="column" gap={1}>
      <Text dimColor>Runs on every host (read only): {HOST_CHECK_COMMAND.text.split('\n')[0]} …</Text>
      <Box flexDirection="column">
        {inventory.hosts.map((h) => {
          const check = checks[h.name] ?? { host: h.name, state: 'checking' };
          const { text, color } = describe(check);
          return (
            <Text key={h.name}>
              {h.name.padEnd(20)} {h.address.padEnd(16)} <Text color={color}>{text}</Text>
            </Text>
          );
        })}
      </Box>
      {versions.length > 1 ? <Text color="yellow">Hosts run different GlusterFS versions: {versions.join(', ')}. Align them before probing.</Text> : null}
    </Box>
  );
}

// The local practice cluster: whether `lab up` left an inventory, how to drive
// the lab from a shell, and importing its inventory as the saved one (asking
// first when that replaces a different saved inventory).
import { existsSync } from 'node:fs';
import { useCallback, useState } from 'react';
import { Box, Text } from 'ink';
import { readInventoryFile, type Inventory } from '../config/inventory.js';
import { labInventoryPath } from '../lab/paths.js';
import { cmd } from '../shell/command.js';
import { Menu } from './Menu.js';
import { useAppStore } from '../store/app-store.js';
import { matchKey } from './keys.js';
import { useServices } from './services.js';
import { useScreenActive, useScreenInput } from './use-screen-input.js';

/**
 * The lab commands for THIS lab: with its directory, so that on a machine with
 * two labs the command shown never reaches the other one (the lab's state in
 * its directory names its nodes and addresses).
 */
function labCommands(dir: string): ReadonlyArray<[string, string]> {
  const lab = (...words: string[]) => cmd('gluster-console', 'lab', ...words, '--dir', dir).text;
  return [
    [lab('up'), 'start the practice nodes and write their inventory'],
    [lab('status'), 'what runs, per node'],
    [lab('down'), 'stop every node and free its disks'],
  ];
}

function hostNames(inventory: Inventory): string {
  const names = inventory.hosts.map((h) => h.name);
  return `${names.length} ${names.length === 1 ? 'host' : 'hosts'} (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`;
}

export function LabScreen() {
  const { settings, labDir } = useServices();
  const readonly = useAppStore((s) => s.readonly);
  const setInventory = useAppStore((s) => s.setInventory);
  const setStatus = useAppStore((s) => s.setStatus);
  const home = useAppStore((s) => s.home);
  const saved = useAppStore((s) => s.inventory);
  const ask = useAppStore((s) => s.ask);
  const active = useScreenActive();
  const path = labInventoryPath(labDir);
  const [exists, setExists] = useState(() => existsSync(path));
  const [error, setError] = useState<string | null>(null);

  const importInventory = useCallback(async () => {
    if (readonly) return;
    setExists(existsSync(path));
    try {
      const incoming = readInventoryFile(path);
      if (saved.hosts.length > 0 && JSON.stringify(saved) !== JSON.stringify(incoming)) {
        const answer = await ask({
          kind: 'confirm',
          title: 'Replace the saved inventory with the lab\'s?',
          lines: [`Saved now: ${hostNames(saved)}`, `The lab's: ${hostNames(incoming)} (${path})`, 'Only the saved inventory changes; nothing runs on any host.'],
        });
        if (answer !== 'yes') {
          setStatus('The saved inventory was kept.');
          return;
        }
      }
      const inventory = settings.importInventoryFile(path);
      setInventory(inventory);
      const n = inventory.hosts.length;
      setStatus(`Imported ${n} ${n === 1 ? 'host' : 'hosts'} from ${path}`);
      home();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [readonly, path, settings, setInventory, setStatus, home, saved, ask]);

  useScreenInput((input, key) => {
    if (matchKey(input, key, { scope: 'lab', readonly })?.id === 'lab-import') void importInventory();
  });

  return (
    <Box flexDirection="column" gap={1}>
      <Box flexDirection="column">
        <Text>Lab directory: {labDir}</Text>
        {exists ? (
          <Text color="green">Lab inventory found: {path}</Text>
        ) : (
          <Text color="yellow">No lab inventory at {path}: start the lab first, as root: {cmd('gluster-console', 'lab', 'up', '--dir', labDir).text}</Text>
        )}
      </Box>
      <Box flexDirection="column">
        <Text bold>From a shell:</Text>
        {labCommands(labDir).map(([command, what]) => (
          <Text key={command} wrap="truncate-end">
            {'  '}
            {command}: {what}
          </Text>
        ))}
      </Box>
      {error ? (
        <Box flexDirection="column">
          <Text color="red" bold>
            Import failed; the saved inventory was not changed.
          </Text>
          <Text color="red">{error}</Text>
        </Box>
      ) : null}
      {readonly ? (
        <Text dimColor>Read-only: importing the lab's inventory is turned off.</Text>
      ) : (
        <Menu isFocused={active} items={[{ label: "Import the lab's inventory", value: 'import' }]} onSelect={() => void importInventory()} />
      )}
    </Box>
  );
}

// The first screen: what is saved, and where to go from here.
import { Box, Text } from 'ink';
import { Menu } from './Menu.js';
import { useAppStore } from '../store/app-store.js';
import { HostTable } from './HostTable.js';
import { useBodyRows } from './layout.js';
import { ScrollBox } from './ScrollBox.js';
import { useScreenActive } from './use-screen-input.js';
import { WELCOME_MENU } from './welcome-menu.js';

const MENU = WELCOME_MENU;

export function WelcomeScreen() {
  const hosts = useAppStore((s) => s.inventory.hosts);
  const inventoryError = useAppStore((s) => s.inventoryError);
  const navigate = useAppStore((s) => s.navigate);
  const cursor = useAppStore((s) => s.menuCursors.welcome ?? 0);
  const setMenuCursor = useAppStore((s) => s.setMenuCursor);
  const active = useScreenActive();
  const bodyRows = useBodyRows();
  // A long inventory scrolls; the menu's highlighted entry stays in view.
  return (
    <ScrollBox height={bodyRows} isActive={active}>
    <Box flexDirection="column" gap={1}>
      {inventoryError ? (
        <Box flexDirection="column">
          <Text color="red" bold>
            The saved inventory cannot be read, so no hosts are shown:
          </Text>
          <Text color="red">{inventoryError}</Text>
        </Box>
      ) : hosts.length === 0 ? (
        <Box flexDirection="column">
          <Text>No hosts saved yet.</Text>
          <Text dimColor>Import the inventory of a practice cluster from "Local lab".</Text>
        </Box>
      ) : (
        <Box flexDirection="column">
          <Text>
            Saved inventory: {hosts.length} {hosts.length === 1 ? 'host' : 'hosts'}
          </Text>
          <HostTable hosts={hosts} />
        </Box>
      )}
      <Menu isFocused={active} items={MENU} initialIndex={cursor} onMove={(i) => setMenuCursor('welcome', i)} onSelect={(item) => navigate(item.value)} />
    </Box>
    </ScrollBox>
  );
}

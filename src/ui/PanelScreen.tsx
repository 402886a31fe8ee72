// Placeholder until the live panel exists: no invented cluster data.
import { Box, Text } from 'ink';

export function PanelScreen() {
  return (
    <Box flexDirection="column" gap={1}>
      <Text>
        The live panel will watch the cluster on the saved hosts: peers, volumes, bricks and heal backlog, refreshed
        on a timer, with a health verdict and what to look at first.
      </Text>
      <Text color="yellow">Not available yet: it arrives in a later version of gluster-console. It does not connect to any host.</Text>
    </Box>
  );
}

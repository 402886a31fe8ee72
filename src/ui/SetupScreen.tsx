// Placeholder until the guided setup exists: says what it will do, shows nothing it cannot back up.
import { Box, Text } from 'ink';

export function SetupScreen() {
  return (
    <Box flexDirection="column" gap={1}>
      <Text>
        Guided setup will walk through building a GlusterFS cluster on the saved hosts, one step at a time: check
        each host, show the exact commands it would run, ask, run them, and verify the result.
      </Text>
      <Text color="yellow">Not available yet: it arrives in a later version of gluster-console. Nothing here changes any host.</Text>
    </Box>
  );
}

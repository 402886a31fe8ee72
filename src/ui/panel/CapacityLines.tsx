// Load and capacity per zone, under the cluster view's volumes: each volume's
// usable space against the threshold, then one line per inventory zone (hosts,
// bricks, used and free space, which way free space goes). Text only: the
// numbers and words come from panel/capacity*.ts.
import { Box, Text } from 'ink';
import { capacityLine, zoneLine } from '../../panel/capacity-text.js';
import type { VolumeReport } from '../../panel/report.js';

export function CapacityLines({ volumes }: { volumes: readonly VolumeReport[] }) {
  if (volumes.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>CAPACITY</Text>
      {volumes.map((v) => {
        const over = v.capacity.usedPercent !== undefined && v.capacity.usedPercent >= v.capacity.thresholdPercent;
        return (
          <Box key={v.name} flexDirection="column">
            <Text wrap="truncate-end">
              {'  '}
              {v.name} <Text color={over ? 'yellow' : undefined}>{capacityLine(v.capacity)}</Text>
            </Text>
            {v.capacity.zones.map((z) => (
              <Text key={z.zone} wrap="truncate-end" dimColor={z.freeBytes === undefined}>
                {'    '}
                {zoneLine(z)}
              </Text>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}

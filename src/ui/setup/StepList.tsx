// The list of steps: like Menu (the highlighted index lives in a ref, so keys
// that arrive in one read are all seen), but the highlight is the store's
// `selected`, so the setup opens on the step the hosts still need.
import { useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import { Indicator } from 'ink-select-input';
import type { StepId } from '../../steps/types.js';

export interface StepListItem {
  id: StepId;
  label: string;
  color?: string | undefined;
}

export function StepList({ items, selected, onMove, onOpen, isFocused }: { items: StepListItem[]; selected: StepId; onMove(id: StepId): void; onOpen(id: StepId): void; isFocused: boolean }) {
  const index = useRef(0);
  const at = items.findIndex((i) => i.id === selected);
  index.current = Math.max(at , 0);
  useInput(
    (input, key) => {
      if (items.length === 0) return;
      // Stops at either end, as every menu here.
      if (key.downArrow || input === 'j') index.current = Math.min(index.current + 1, items.length - 1);
      else if (key.upArrow || input === 'k') index.current = Math.max(index.current - 1, 0);
      else if (key.return) {
        const item = items[index.current];
        if (item) onOpen(item.id);
        return;
      } else return;
      onMove(items[index.current]!.id);
    },
    { isActive: isFocused },
  );
  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Box key={item.id}>
          <Indicator isSelected={i === index.current} />
          <Text color={i === index.current ? 'blue' : item.color}>{item.label}</Text>
        </Box>
      ))}
    </Box>
  );
}

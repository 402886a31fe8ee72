// A vertical menu: arrows or j/k move, Enter chooses. Drawn with
// ink-select-input's own Indicator and Item so it looks the same, but it keeps
// the highlighted index in a ref updated on every key: SelectInput reads its
// index from a stale render, so two keys arriving in one read (a held arrow
// key, a fast "Down Enter") lose the first, and Enter can choose the entry the
// operator had already moved away from. The cursor stops at either end (no
// wrapping: a held Up stays on the first entry), and a screen that keeps it in
// its store (initialIndex, onMove) finds it where it was when it comes back.
import { useRef, useState } from 'react';
import { Box } from 'ink';
import { Indicator, Item } from 'ink-select-input';
import { useInput } from 'ink';

export interface MenuItem<T> {
  label: string;
  value: T;
}

export interface MenuProps<T> {
  items: ReadonlyArray<MenuItem<T>>;
  onSelect(item: MenuItem<T>): void;
  isFocused?: boolean;
  /** Where the cursor starts: where it was when the operator left this menu. */
  initialIndex?: number;
  /** Told of every move, to keep the cursor across visits. */
  onMove?(index: number): void;
}

export function Menu<T>({ items, onSelect, isFocused = true, initialIndex = 0, onMove }: MenuProps<T>) {
  const index = useRef(Math.max(0, Math.min(initialIndex, items.length - 1)));
  const [shown, setShown] = useState(index.current);
  if (index.current >= items.length) index.current = Math.max(items.length - 1, 0);

  useInput(
    (input, key) => {
      if (items.length === 0) return;
      if (key.downArrow || input === 'j') index.current = Math.min(index.current + 1, items.length - 1);
      else if (key.upArrow || input === 'k') index.current = Math.max(index.current - 1, 0);
      else if (key.return) {
        const item = items[index.current];
        if (item) onSelect(item);
        return;
      } else return;
      setShown(index.current);
      onMove?.(index.current);
    },
    { isActive: isFocused },
  );

  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Box key={item.label}>
          <Indicator isSelected={i === shown} />
          <Item isSelected={i === shown} label={item.label} />
        </Box>
      ))}
    </Box>
  );
}

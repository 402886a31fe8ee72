// A list of one-row lines that scrolls inside the rows it is given, with where
// it is ("12–30 of 45", as k9s and lazygit show) and the keys of the registry's
// 'scroll' binding. A tail (follow) stays on its newest line until the operator
// scrolls up, and follows again at the end.
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { matchKey } from './keys.js';

export interface ScrollLine {
  text: string;
  /** Parts of the line in colours of their own; `text` is then their concatenation. */
  spans?: ReadonlyArray<{ text: string; color?: string }>;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  underline?: boolean;
}

export interface ScrollListProps {
  lines: ReadonlyArray<ScrollLine>;
  /** Rows for the whole list, its title line included; no limit when undefined. */
  height?: number | undefined;
  /** Shown above the lines, with the position when they do not all fit. */
  title?: string;
  /** An output tail: start at the end and stay there while new lines come. */
  follow?: boolean;
  /** Whether its keys work now (not under a question or help). */
  isActive?: boolean;
  /** ↑/↓ and j/k move a line too (where they have nothing else to do). */
  lineKeys?: boolean;
  /** Back to the start (or the end, for a tail) whenever this changes. */
  resetKey?: string;
}

/** The window on `total` lines: its first line and how many are shown. */
export function scrollWindow(total: number, rows: number, offset: number | 'end'): { from: number; count: number } {
  const count = Math.max(0, Math.min(total, rows));
  const max = Math.max(0, total - count);
  const from = offset === 'end' ? max : Math.max(0, Math.min(offset, max));
  return { from, count };
}

export function positionText(from: number, count: number, total: number): string {
  return count === 0 ? `0 of ${total}` : `${from + 1}–${from + count} of ${total}`;
}

/** How every list and menu here marks its highlighted row (ink-select-input's pointer too). */
export const CURSOR_MARK = '❯';

/**
 * The registry's 'scroll' keys (and ↑/↓ with `lineKeys`) moving a window whose
 * first line is `from`, `count` lines high, on `total` lines; `go` gets the new
 * first line, kept within the lines.
 */
export function useScrollKeys({ from, count, total, go, lineKeys = false, isActive }: { from: number; count: number; total: number; go(to: number): void; lineKeys?: boolean; isActive: boolean }): void {
  const max = Math.max(0, total - count);
  const to = (line: number) => go(Math.max(0, Math.min(line, max)));
  useInput(
    (input, key) => {
      const binding = matchKey(input, key, { scope: 'global' });
      if (binding?.id === 'scroll') {
        const page = Math.max(1, count - 1);
        if (key.home) to(0);
        else if (key.end) to(max);
        else if (key.pageUp || input === '[') to(from - page);
        else to(from + page);
      } else if (lineKeys && binding?.id === 'move') to(from + (key.upArrow || input === 'k' ? -1 : 1));
    },
    { isActive },
  );
}

export function ScrollList({ lines, height, title, follow = false, isActive = true, lineKeys = false, resetKey }: ScrollListProps) {
  const start = follow ? 'end' : 0;
  const [offset, setOffset] = useState<number | 'end'>(start);
  useEffect(() => setOffset(start), [resetKey, start]);

  const limited = height !== undefined && lines.length + (title !== undefined ? 1 : 0) > height;
  // The position takes the title's row, or a row of its own when there is no title.
  const rows = height === undefined ? lines.length : Math.max(1, height - (title !== undefined || limited ? 1 : 0));
  const { from, count } = scrollWindow(lines.length, rows, offset);
  const max = Math.max(0, lines.length - count);

  const go = (to: number) => setOffset(follow && to >= max ? 'end' : Math.max(0, Math.min(to, max)));
  useScrollKeys({ from, count, total: lines.length, go, lineKeys, isActive: isActive && limited });

  const shown = lines.slice(from, from + count);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {title !== undefined || limited ? (
        <Text dimColor wrap="truncate-end">
          {title ?? ''}
          {limited ? `${title ? '  ' : ''}${positionText(from, count, lines.length)} · PgUp/PgDn scroll${lineKeys ? ', ↑/↓ a line' : ''}` : ''}
        </Text>
      ) : null}
      {shown.map((l, i) => (
        <Text key={from + i} wrap="truncate-end" color={l.color} dimColor={l.dim} bold={l.bold} underline={l.underline}>
          {l.spans ? l.spans.map((span, j) => (
                <Text key={j} color={span.color}>
                  {span.text}
                </Text>
              )) : l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
}

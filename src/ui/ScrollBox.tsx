// A screen's body that scrolls inside the rows it is given, as ScrollList does
// for plain lines, but for any drawn content (tables with colours, nested
// boxes): the content is laid out in full and a window of it is shown, with
// where it is ("12–30 of 45") on the last row. The highlighted row (the one
// drawn with ❯, as every list and menu here draws it) is kept in the window
// when the cursor moves; PgUp/PgDn, [ ] and Home/End move the window.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Text, type DOMElement } from 'ink';
import { CURSOR_MARK, positionText, scrollWindow, useScrollKeys } from './ScrollList.js';

export interface ScrollBoxProps {
  /** Rows for the box, its position line included; no limit when undefined. */
  height: number | undefined;
  /** Whether its keys work now (not under a question or help). */
  isActive: boolean;
  children?: ReactNode;
}

interface DomLike {
  nodeName: string;
  nodeValue?: string;
  childNodes?: DomLike[];
  parentNode?: DomLike | undefined;
  yogaNode?: { getComputedTop(): number; getComputedHeight(): number };
}

function textOf(node: DomLike): string {
  if (node.nodeName === '#text') return node.nodeValue ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

/** The first drawn text line that starts with the cursor mark, if any. */
function markedText(node: DomLike): DomLike | undefined {
  if (node.nodeName === 'ink-text') return textOf(node).startsWith(CURSOR_MARK) ? node : undefined;
  for (const child of node.childNodes ?? []) {
    const found = markedText(child);
    if (found) return found;
  }
  return undefined;
}

/** The row of `node` inside `root` (Yoga positions are relative to the parent). */
function rowWithin(node: DomLike, root: DomLike): number {
  let row = 0;
  for (let at: DomLike | undefined = node; at && at !== root; at = at.parentNode) row += at.yogaNode?.getComputedTop() ?? 0;
  return row;
}

export function ScrollBox({ height, isActive, children }: ScrollBoxProps) {
  const inner = useRef<DOMElement>(null);
  const [measured, setMeasured] = useState({ total: 0, focus: -1 });
  const [offset, setOffset] = useState(0);

  // Measured after every layout: the content's height and the highlighted row.
  useEffect(() => {
    const root = inner.current as unknown as DomLike | null;
    if (!root?.yogaNode) return;
    const total = Math.round(root.yogaNode.getComputedHeight());
    const marked = markedText(root);
    const focus = marked ? Math.round(rowWithin(marked, root)) : -1;
    if (total !== measured.total || focus !== measured.focus) setMeasured({ total, focus });
  });

  const limited = height !== undefined && measured.total > height;
  const rows = limited ? Math.max(1, height - 1) : measured.total;
  const { from, count } = scrollWindow(measured.total, rows, offset);

  // The window follows the cursor when it moves out of it.
  useEffect(() => {
    if (!limited || measured.focus < 0) return;
    if (measured.focus < from) setOffset(measured.focus);
    else if (measured.focus >= from + count) setOffset(measured.focus - count + 1);
  }, [measured.focus, limited]);

  useScrollKeys({ from, count, total: measured.total, go: setOffset, isActive: isActive && limited });

  if (height === undefined) {
    return (
      <Box ref={inner} flexDirection="column" flexShrink={0}>
        {children}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box height={limited ? rows : undefined} flexDirection="column" overflowY="hidden" flexShrink={0}>
        <Box ref={inner} flexDirection="column" flexShrink={0} marginTop={limited ? -from : 0}>
          {children}
        </Box>
      </Box>
      {limited ? (
        <Text dimColor wrap="truncate-end">
          {positionText(from, count, measured.total)} · PgUp/PgDn scroll
        </Text>
      ) : null}
    </Box>
  );
}

import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/ui/layout.js';
import { positionText, ScrollList, scrollWindow } from '../../src/ui/ScrollList.js';
import { waitForFrame } from './helpers.js';

const LINES = Array.from({ length: 45 }, (_, i) => ({ text: `line ${i + 1}` }));
const PAGE_DOWN = '\u001B[6~';
const END = '\u001B[F';

describe('ScrollList', () => {
  it('shows a window of its lines and where it is', async () => {
    const ui = render(<ScrollList lines={LINES} height={10} title="Plan" />);
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Plan  1–9 of 45 · PgUp/PgDn scroll'));
    expect(frame.split('\n')).toHaveLength(10);
    expect(frame).toContain('line 9');
    expect(frame).not.toContain('line 10');
    ui.stdin.write(PAGE_DOWN);
    const paged = await waitForFrame(ui.lastFrame, (f) => f.includes('9–17 of 45'));
    expect(paged).toContain('line 17');
    ui.stdin.write(']');
    await waitForFrame(ui.lastFrame, (f) => f.includes('17–25 of 45'));
    ui.stdin.write(END);
    const end = await waitForFrame(ui.lastFrame, (f) => f.includes('37–45 of 45'));
    expect(end).toContain('line 45');
    ui.unmount();
  });

  it('follows a tail from its newest line', async () => {
    const ui = render(<ScrollList lines={LINES} height={6} follow />);
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('41–45 of 45'));
    expect(frame).toContain('line 45');
    ui.rerender(<ScrollList lines={[...LINES, { text: 'line 46' }]} height={6} follow />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('42–46 of 46') && f.includes('line 46'));
    ui.unmount();
  });

  it('shows every line, with no position, when they fit', async () => {
    const ui = render(<ScrollList lines={LINES.slice(0, 3)} height={10} />);
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('line 3'));
    expect(frame).not.toContain(' of ');
    ui.unmount();
  });

  it('computes its window and position', () => {
    expect(scrollWindow(45, 10, 0)).toEqual({ from: 0, count: 10 });
    expect(scrollWindow(45, 10, 99)).toEqual({ from: 35, count: 10 });
    expect(scrollWindow(45, 10, 'end')).toEqual({ from: 35, count: 10 });
    expect(scrollWindow(3, 10, 'end')).toEqual({ from: 0, count: 3 });
    expect(positionText(11, 19, 45)).toBe('12–30 of 45');
  });

  it('wraps text at spaces, indenting what continues', () => {
    expect(wrapText('aaa bbb ccc', 7, '  ')).toEqual(['aaa bbb', '  ccc']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('one\ntwo', 10)).toEqual(['one', 'two']);
  });
});

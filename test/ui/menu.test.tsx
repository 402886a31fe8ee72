import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Menu } from '../../src/ui/Menu.js';
import { frameHas, KEY, waitForFrame } from './helpers.js';

const ITEMS = ['first', 'second', 'third'].map((label) => ({ label, value: label }));

describe('Menu', () => {
  it('keeps every key of one read: a held arrow, or Down and Enter typed fast', async () => {
    const chosen: string[] = [];
    const ui = render(<Menu items={ITEMS} onSelect={(item) => chosen.push(item.value)} />);
    await waitForFrame(ui.lastFrame, frameHas('first'));
    ui.stdin.write(KEY.down + KEY.down + KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.split('\n').some((l) => l.includes('❯') && l.includes('third')));
    expect(chosen).toEqual(['third']);
    ui.unmount();
  });

  it('stops at either end instead of wrapping, moves with j/k, and ignores digits', async () => {
    const chosen: string[] = [];
    const ui = render(<Menu items={ITEMS} onSelect={(item) => chosen.push(item.value)} />);
    await waitForFrame(ui.lastFrame, frameHas('first'));
    ui.stdin.write(KEY.up);
    ui.stdin.write('j');
    await waitForFrame(ui.lastFrame, (f) => f.split('\n').some((l) => l.includes('❯') && l.includes('second')));
    ui.stdin.write(KEY.down + KEY.down + KEY.down);
    await waitForFrame(ui.lastFrame, (f) => f.split('\n').some((l) => l.includes('❯') && l.includes('third')));
    ui.stdin.write('k');
    ui.stdin.write('2');
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, () => chosen.length > 0);
    expect(chosen).toEqual(['second']);
    ui.unmount();
  });

  it('starts where it was left and reports every move', async () => {
    const moves: number[] = [];
    const ui = render(<Menu items={ITEMS} initialIndex={2} onMove={(i) => moves.push(i)} onSelect={() => undefined} />);
    await waitForFrame(ui.lastFrame, (f) => f.split('\n').some((l) => l.includes('❯') && l.includes('third')));
    ui.stdin.write(KEY.up);
    await waitForFrame(ui.lastFrame, (f) => f.split('\n').some((l) => l.includes('❯') && l.includes('second')));
    expect(moves).toEqual([1]);
    ui.unmount();
  });

  it('takes no keys when not focused', async () => {
    const chosen: string[] = [];
    const ui = render(<Menu items={ITEMS} isFocused={false} onSelect={(item) => chosen.push(item.value)} />);
    await waitForFrame(ui.lastFrame, frameHas('first'));
    ui.stdin.write(KEY.enter);
    ui.stdin.write(KEY.down);
    await waitForFrame(ui.lastFrame, frameHas('first'));
    expect(chosen).toEqual([]);
    expect(ui.lastFrame()!.split('\n')[0]).toContain('❯');
    ui.unmount();
  });
});

// An Escape glued to the next key in one read: Ink alone reads Alt+key (the
// Escape is lost); with separateEscapeKeys each key arrives on its own.
import { Text, useInput, type Key } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { separateEscapeKeys, splitLoneEscapes } from '../../src/ui/lone-escape.js';

const ESC = '\u001B';

describe('splitLoneEscapes', () => {
  it('cuts after an ESC that is the Escape key, and nowhere else', () => {
    expect(splitLoneEscapes(`${ESC}${ESC}[B`)).toEqual([ESC, `${ESC}[B`]);
    expect(splitLoneEscapes(`${ESC}q`)).toEqual([ESC, 'q']);
    expect(splitLoneEscapes(`a${ESC}${ESC}`)).toEqual([`a${ESC}`, ESC]);
    expect(splitLoneEscapes(`${ESC}[A${ESC}OP`)).toEqual([`${ESC}[A${ESC}OP`]);
    expect(splitLoneEscapes(`x${ESC}`)).toEqual([`x${ESC}`]);
    expect(splitLoneEscapes('plain')).toEqual(['plain']);
    expect(splitLoneEscapes(`${ESC}\r${ESC}[B\r`)).toEqual([ESC, `\r${ESC}[B\r`]);
  });
});

type Seen = { input: string; key: Partial<Key> };

function Recorder({ seen }: { seen: Seen[] }) {
  useInput((input, key) => {
    seen.push({ input, key: { escape: key.escape, downArrow: key.downArrow, return: key.return, meta: key.meta } });
  });
  return <Text>ready</Text>;
}

async function keysOf(chunk: string, separate: boolean, count: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  const ui = render(<Recorder seen={seen} />);
  const restore = separate ? separateEscapeKeys(ui.stdin as unknown as NodeJS.ReadStream) : () => {};
  // Ink attaches its stdin listener in an effect: wait for the first frame.
  while (!ui.lastFrame()?.includes('ready')) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 0));
  ui.stdin.write(chunk);
  for (let turns = 0; seen.length < count && turns < 200; turns++) await new Promise((r) => setImmediate(r));
  restore();
  ui.unmount();
  return seen;
}

describe('separateEscapeKeys on Ink\'s own input parser', () => {
  it('without it, Escape then Down in one read is one Alt+Down: the Escape is lost', async () => {
    const seen = await keysOf(`${ESC}${ESC}[B`, false, 1);
    expect(seen).toEqual([{ input: '', key: { escape: false, downArrow: true, return: false, meta: true } }]);
  });

  it('with it, Escape then Down then Enter in one read are three keys, in order, none but the Escape with meta (Ink marks every Escape so)', async () => {
    const seen = await keysOf(`${ESC}${ESC}[B\r`, true, 3);
    expect(seen.map((s) => s.key)).toEqual([
      { escape: true, downArrow: false, return: false, meta: true },
      { escape: false, downArrow: true, return: false, meta: false },
      { escape: false, downArrow: false, return: true, meta: false },
    ]);
  });

  it('with it, Escape then q is Escape and a plain q', async () => {
    const seen = await keysOf(`${ESC}q`, true, 2);
    expect(seen).toEqual([
      { input: '', key: { escape: true, downArrow: false, return: false, meta: true } },
      { input: 'q', key: { escape: false, downArrow: false, return: false, meta: false } },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPECT_MS, lastLine, parseDuration, parseTape, screenShows, TapeError } from './vhs-tape.js';

describe('the VHS tape reader', () => {
  it('reads VHS commands as steps; recording-only commands and plain comments give none', () => {
    const steps = parseTape(
      [
        '# a comment',
        'Output demo.gif',
        'Set FontSize 14',
        'Hide',
        'Type "echo \'hi\'"',
        "Type@20ms 'x'",
        'Type `a "b" \'c\'`',
        'Show',
        'Enter',
        'Down@100ms 3',
        'Ctrl+C',
        'Alt+x',
        'Backspace 2',
        'Wait',
        'Wait+Screen@2m /Cluster (HEALTHY|DEGRADED)/',
        'Sleep 500ms',
      ].join('\n'),
    );
    expect(steps).toEqual([
      { kind: 'type', line: 5, text: "echo 'hi'" },
      { kind: 'type', line: 6, text: 'x' },
      { kind: 'type', line: 7, text: `a "b" 'c'` },
      { kind: 'keys', line: 9, keys: ['Enter'] },
      { kind: 'keys', line: 10, keys: ['Down', 'Down', 'Down'] },
      { kind: 'keys', line: 11, keys: ['C-c'] },
      { kind: 'keys', line: 12, keys: ['M-x'] },
      { kind: 'keys', line: 13, keys: ['BSpace', 'BSpace'] },
      { kind: 'wait', line: 14, scope: 'line', regex: />$/, timeoutMs: 15_000 },
      { kind: 'wait', line: 15, scope: 'screen', regex: /Cluster (HEALTHY|DEGRADED)/, timeoutMs: 120_000 },
      { kind: 'sleep', line: 16, ms: 500, expect: [] },
    ]);
  });

  it('gives the expect comments before a Sleep to that Sleep: text, /regex/, and a timeout of their own', () => {
    const [sleep] = parseTape('# expect: Live panel\n#expect@90s: /bricks 3\\/3/\nSleep 2s\n');
    expect(sleep).toEqual({
      kind: 'sleep',
      line: 3,
      ms: 2000,
      expect: [
        { expectation: { text: 'Live panel' }, timeoutMs: DEFAULT_EXPECT_MS, line: 1 },
        { expectation: { regex: /bricks 3\/3/ }, timeoutMs: 90_000, line: 2 },
      ],
    });
  });

  it.each([
    ['Frobnicate 3', 'tape line 1: unknown VHS command "Frobnicate"'],
    ['Type "unterminated', 'tape line 1: the string "unterminated has no closing "'],
    ['Type hello', 'tape line 1: expected a quoted string, got "hello"'],
    ['Type "a" b', 'tape line 1: unexpected text after the string: "b"'],
    ['Sleep soon', 'tape line 1: "soon" is not a duration (e.g. 500ms, 2s, 1m)'],
    ['Down 0', 'tape line 1: the count "0" is not a whole number from 1'],
    ['Down@fast', 'tape line 1: "fast" is not a duration (e.g. 500ms, 2s, 1m)'],
    ['Wait /unclosed(/', 'tape line 1: bad regex /unclosed(/'],
    ['Wait+Screen HEALTHY', 'tape line 1: expected /REGEX/, got "HEALTHY"'],
    ['Ctrl+C now', 'tape line 1: Ctrl+C takes no argument'],
    ['Enter\n# expect: x\nEnter', 'tape line 2: an expect comment must be followed by a Sleep (found Enter on line 3)'],
    ['# expect: x', 'tape line 1: an expect comment must be followed by a Sleep (the tape ends first)'],
    ['# expect:\nSleep 1s', 'tape line 1: an expect comment needs a text or /REGEX/ to look for'],
    ['# expect Live panel\nSleep 1s', 'tape line 1: an expect comment is "# expect: TEXT" or "# expect@90s: TEXT"'],
  ])('refuses %j with a message naming the line', (tape, message) => {
    expect(() => parseTape(tape)).toThrow(TapeError);
    expect(() => parseTape(tape)).toThrow(message);
  });

  it('reads durations as VHS does', () => {
    expect([parseDuration('250ms', 1), parseDuration('2s', 1), parseDuration('1.5', 1), parseDuration('2m', 1)]).toEqual([250, 2000, 1500, 120_000]);
  });

  it('matches screens and finds the last line that is not empty', () => {
    expect(screenShows('Cluster HEALTHY', { text: 'HEALTHY' })).toBe(true);
    expect(screenShows('bricks 2/3', { regex: /bricks 3\/3/ })).toBe(false);
    expect(lastLine('> lab up\nlab is up:\n> \n\n\n')).toBe('>');
  });

  it('reads the repository\'s demo.tape, with a check before every Sleep it waits on', () => {
    const steps = parseTape(readFileSync(new URL('../../demo.tape', import.meta.url), 'utf8'));
    const sleeps = steps.filter((s) => s.kind === 'sleep');
    expect(sleeps.filter((s) => s.expect.length > 0).length).toBeGreaterThan(10);
  });
});

// Whatever is shown on the terminal from a file or a typed value goes through
// printable(): no control sequence (C0, DEL, C1 such as U+009B, the one-byte CSI)
// and no bidi or invisible formatting character (U+202E turns text around) may
// reach the terminal as itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, validateAbsolutePath, validateAddress, validateDevicePath, validateHostName, validateZone } from '../../src/config/validate.js';

const MUST_ESCAPE = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
];
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('printable', () => {
  it.each(MUST_ESCAPE.map((c) => [c.toString(16)]))('escapes U+%s', (hex) => {
    const c = String.fromCodePoint(parseInt(hex, 16));
    const shown = printable(`a${c}b`);
    expect(shown).not.toMatch(UNSAFE);
    expect(shown).toContain(hex.padStart(2, '0'));
  });

  it('keeps ordinary text, including non-ASCII letters', () => {
    expect(printable('nœud-1 ✓')).toBe('nœud-1 ✓');
  });

  // Strings of any code points, with the dangerous ones made frequent. The timeout is for busy CI machines.
  it('property: nothing unsafe survives, whatever the string', { timeout: 60_000 }, () => {
    const char = fc.oneof(fc.constantFrom(...MUST_ESCAPE.map((c) => String.fromCodePoint(c))), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(fc.property(fc.array(char, { maxLength: 20 }), (chars) => !UNSAFE.test(printable(chars.join('')))));
  });

  it('validators never echo an unsafe character, and file paths with one are refused', () => {
    for (const c of ['\u009b', '\u202e', '\u001b', '\u2066']) {
      const value = `x${c}31m`;
      for (const check of [validateHostName, validateAddress, validateZone, validateDevicePath]) expect(check(value)).not.toMatch(UNSAFE);
      expect(validateAbsolutePath(`/home/op/${value}`)).toEqual(expect.any(String));
      expect(validateAbsolutePath(`/home/op/${value}`)).not.toMatch(UNSAFE);
    }
  });
});

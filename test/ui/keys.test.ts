import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { footerHints, KEY_BINDINGS, matchKey, visibleBindings } from '../../src/ui/keys.js';

function key(flags: Partial<Key> = {}): Key {
  return {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
    home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
    backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
    ...flags,
  };
}

describe('key registry', () => {
  it('has unique ids and the global keys operators expect', () => {
    const ids = KEY_BINDINGS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    const globals = KEY_BINDINGS.filter((b) => b.scope === 'global').map((b) => b.keys);
    expect(globals).toEqual(expect.arrayContaining(['↑/↓', 'Enter', 'Esc', 'q', '?', 'ctrl-r']));
  });

  it('matches keypresses as Ink reports them', () => {
    expect(matchKey('q', key())?.id).toBe('quit');
    expect(matchKey('?', key())?.id).toBe('help');
    expect(matchKey('', key({ escape: true, meta: true }))?.id).toBe('back');
    expect(matchKey('', key({ return: true }))?.id).toBe('open');
    expect(matchKey('', key({ downArrow: true }))?.id).toBe('move');
    expect(matchKey('r', key({ ctrl: true }))?.id).toBe('refresh');
    expect(matchKey('r', key())).toBeUndefined();
    expect(matchKey('q', key({ ctrl: true }))).toBeUndefined();
    expect(matchKey('q', key({ meta: true }))).toBeUndefined();
    expect(matchKey('x', key())).toBeUndefined();
  });

  it('matches screen bindings only on their screen, and dangerous ones never under --readonly', () => {
    expect(matchKey('i', key())).toBeUndefined();
    expect(matchKey('i', key(), { scope: 'welcome' })).toBeUndefined();
    expect(matchKey('i', key(), { scope: 'lab' })?.id).toBe('lab-import');
    expect(matchKey('i', key(), { scope: 'lab', readonly: true })).toBeUndefined();
    expect(matchKey('q', key(), { scope: 'lab', readonly: true })?.id).toBe('quit');
  });

  it('filters dangerous bindings for --readonly', () => {
    const all = visibleBindings({ readonly: false });
    const ro = visibleBindings({ readonly: true });
    expect(all.some((b) => b.dangerous)).toBe(true);
    expect(ro.some((b) => b.dangerous)).toBe(false);
    expect(ro.length).toBe(all.filter((b) => !b.dangerous).length);
  });

  it('builds the footer from global and screen bindings', () => {
    expect(footerHints('welcome', false)).toBe('↑/↓ move  ·  Enter open  ·  Esc back  ·  ? help  ·  q quit');
    expect(footerHints('lab', false)).toContain('i import');
    expect(footerHints('lab', true)).not.toContain('i import');
  });
});

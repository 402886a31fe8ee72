import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, cmd, CommandError, or, pipe, quote, sh, type Command } from '../../src/shell/command.js';

/** Runs shell text with the local /bin/sh (no network) and returns stdout. */
function run(command: Command | string): string {
  return execFileSync('/bin/sh', ['-c', typeof command === 'string' ? command : command.text], { encoding: 'utf8' });
}

function printed(text: string): string[] {
  const out = run(text);
  expect(out.endsWith('\0')).toBe(true);
  return out.slice(0, -1).split('\0');
}

describe('cmd', () => {
  it('leaves plain words unquoted for readability', () => {
    const c = cmd('gluster', '--mode=script', 'volume', 'create', 'gv0', 'replica', 3, 'node1:/data/brick1/gv0', '/dev/vdc');
    expect(c.text).toBe('gluster --mode=script volume create gv0 replica 3 node1:/data/brick1/gv0 /dev/vdc');
    expect(c.argv).toEqual(['gluster', '--mode=script', 'volume', 'create', 'gv0', 'replica', '3', 'node1:/data/brick1/gv0', '/dev/vdc']);
  });

  it('quotes everything the shell would interpret', () => {
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('')).toBe(`''`);
    expect(quote('a b')).toBe(`'a b'`);
    expect(quote('$(reboot)')).toBe(`'$(reboot)'`);
    expect(quote('`id`')).toBe("'`id`'");
    expect(quote('~root')).toBe(`'~root'`);
    expect(quote('=x')).toBe(`'=x'`);
    expect(quote('a;b')).toBe(`'a;b'`);
    expect(quote('*')).toBe(`'*'`);
    expect(quote('line\nbreak')).toBe(`'line\nbreak'`);
    expect(quote('é')).toBe(`'é'`);
    expect(quote(-12)).toBe('-12');
  });

  it('rejects what no argv can carry', () => {
    expect(() => cmd('echo', 'a\0b')).toThrow(CommandError);
    expect(() => cmd('echo', Number.NaN)).toThrow(/finite/);
    expect(() => cmd('echo', Infinity)).toThrow(/finite/);
    expect(() => cmd('')).toThrow(/empty/);
    expect(() => cmd('ec\0ho')).toThrow(/NUL/);
  });

  it('freezes commands', () => {
    const c = cmd('ls');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.argv)).toBe(true);
  });
});

describe('sh template', () => {
  it('quotes interpolated values and keeps the trusted text', () => {
    const dev = '/dev/vd c';
    expect(sh`test -b ${dev} && blkid ${dev}`.text).toBe(`test -b '/dev/vd c' && blkid '/dev/vd c'`);
    expect(sh`ls ${['a b', 'c']} ${2}`.text).toBe(`ls 'a b' c 2`);
    expect(sh`${cmd('blkid', 'x y')} >/dev/null 2>&1`.text).toBe(`blkid 'x y' >/dev/null 2>&1`);
    expect(sh`true`.argv).toEqual(['sh', '-c', 'true']);
  });

  it('rejects NUL in values and in the template', () => {
    expect(() => sh`echo ${'a\0'}`).toThrow(CommandError);
  });
});

describe('pipe, and, or', () => {
  const a = cmd('a');
  const b = cmd('b');
  const c = cmd('c');

  it('join with the operator and keep flat chains flat', () => {
    expect(pipe(a, b, c).text).toBe('a | b | c');
    expect(and(a, b, c).text).toBe('a && b && c');
    expect(or(a, b).text).toBe('a || b');
    expect(and(and(a, b), c).text).toBe('a && b && c');
    expect(and(pipe(a, b), c).text).toBe('a | b && c');
    expect(and(a).text).toBe('a');
    expect(() => and()).toThrow(CommandError);
  });

  it('group where sh precedence would regroup', () => {
    expect(and(or(a, b), c).text).toBe('{ a || b; } && c');
    expect(or(and(a, b), c).text).toBe('{ a && b; } || c');
    expect(pipe(and(a, b), c).text).toBe('{ a && b; } | c');
    expect(and(sh`x; y`, c).text).toBe('{ x; y; } && c');
    expect(and(sh`x &`, c).text).toBe('{ x & } && c');
    expect(and(sh`x # note`, c).text).toBe('{\nx # note\n} && c');
  });

  it('behave as written when run', () => {
    expect(run(and(or(cmd('false'), cmd('true')), cmd('echo', 'ok')))).toBe('ok\n');
    // without the braces this would be `true || false && echo no`, which prints "no"
    expect(run(or(cmd('true'), and(cmd('false'), cmd('echo', 'no'))))).toBe('');
    expect(run(or(and(cmd('false'), cmd('echo', 'no')), cmd('echo', 'fallback')))).toBe('fallback\n');
    expect(run(pipe(cmd('printf', 'b\\na\\n'), cmd('sort')))).toBe('a\nb\n');
    expect(run(and(sh`echo one # a comment`, cmd('echo', 'two')))).toBe('one\ntwo\n');
  });
});

// Each property spawns dozens of real shells: seconds on a busy 2-core machine.
describe('quoting survives a real shell', () => {
  const nasty = fc.constantFrom("'", '"', ' ', ';', '$', '(', ')', '$(id)', '\n', '`', '\\', '*', '?', '~', '&', '|', '<', '>', '#', '=', '-', '!', '{', '}', '\t', 'é', '€', '😀', 'a', 'Z', '0');
  const arg = fc
    .oneof(fc.string({ unit: nasty, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }))
    .filter((s) => !s.includes('\0'));

  it('cmd: /bin/sh -c sees exactly the original arguments', () => {
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 6 }), (args) => {
        expect(printed(cmd('printf', '%s\\0', ...args).text)).toEqual(args);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('sh template and composites: interpolated values arrive intact', () => {
    fc.assert(
      fc.property(arg, arg, (x, y) => {
        expect(printed(sh`printf '%s\\0' ${x} ${[y, x]}`.text)).toEqual([x, y, x]);
        expect(printed(and(cmd('true'), cmd('printf', '%s\\0', x, y)).text)).toEqual([x, y]);
      }),
      { numRuns: 75 },
    );
  }, 60_000);
});

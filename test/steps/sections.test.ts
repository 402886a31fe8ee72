import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cmd, sh } from '../../src/shell/command.js';
import { parseSections, section, sections, sectionWithRc } from '../../src/steps/sections.js';

const run = (text: string) => execFileSync('sh', ['-c', text], { encoding: 'utf8' });

describe('check sections', () => {
  it('gives back exactly what each command printed, with or without a final newline', () => {
    const script = sections(
      section('a', sh`printf 'one\\ntwo\\n'`),
      section('b', sh`printf 'no newline'`),
      section('c', sh`true`),
      section('d', sh`echo 'stderr is dropped' >&2; echo kept`),
    );
    const parts = parseSections(run(script.text));
    expect(parts.a?.text).toBe('one\ntwo\n');
    expect(parts.b?.text).toBe('no newline');
    expect(parts.c?.text).toBe('');
    expect(parts.d?.text).toBe('kept\n');
  });

  it('carries the exit status and stderr of a section made with rc', () => {
    const parts = parseSections(run(sections(section('x', sh`echo out; echo err >&2; exit 4`, true), section('y', cmd('echo', 'after'))).text));
    expect(sectionWithRc(parts, 'x')).toEqual({ text: 'out\nerr\n', rc: 4 });
    expect(parts.y?.text).toBe('after\n');
  });

  it('refuses section names that could break the marker', () => {
    expect(() => section('a b', sh`true`)).toThrow();
    expect(() => section("a'", sh`true`)).toThrow();
  });

  it('ignores output before the first marker', () => {
    expect(parseSections('motd\n\n@@a\nx')).toEqual({ a: { text: 'x' } });
  });
});

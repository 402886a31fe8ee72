import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmd, sh } from '../../src/shell/command.js';
import { concurrentSections, parseSections, section, sections, sectionWithRc } from '../../src/steps/sections.js';

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

  it('concurrent sections give the same answer as sections in a row, in order, while their commands run at the same time', () => {
    const flag = join(mkdtempSync(join(tmpdir(), 'gc-sections-')), 'flag');
    // The first section sees the flag only if the last one, which makes it, runs at the same time (it gives up after 5 s).
    const parts = [
      section('waits', sh`i=0; while [ ! -e ${flag} ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; if [ -e ${flag} ]; then echo saw-it; else echo alone; fi`),
      section('rc', sh`echo out; echo err >&2; exit 4`, true),
      section('last', sh`touch ${flag}; printf 'no newline'`),
    ];
    const together = parseSections(run(concurrentSections(...parts).text));
    expect(together.waits?.text).toBe('saw-it\n');
    rmSync(flag);
    const inRow = parseSections(run(sections(...parts).text));
    expect(inRow.waits?.text).toBe('alone\n');
    expect({ ...together, waits: undefined }).toEqual({ ...inRow, waits: undefined });
    expect(sectionWithRc(together, 'rc')).toEqual({ text: 'out\nerr\n', rc: 4 });
    expect(together.last?.text).toBe('no newline');
    rmSync(dirname(flag), { recursive: true, force: true });
  }, 30_000);

  it('concurrent sections leave no temporary directory behind', () => {
    const out = run(`${concurrentSections(section('a', sh`echo "$gc_d" > /dev/null; echo a`)).text}; echo "left=$gc_d"; test -e "$gc_d" && echo exists || echo gone`);
    expect(out).toMatch(/left=\/.+\ngone\n$/);
  });
});


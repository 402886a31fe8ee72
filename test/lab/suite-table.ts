// The hardening suite's closing table (issue 11): for every case of the fault
// and bad-input files, what was expected (the test's own name states it) and
// what was observed: "as expected" with whatever the test measured and
// recorded with `annotate` (times, counts), or the first line of the failure.
// A vitest reporter, beside the default one, so the table is the last thing a
// CI log shows.
import { basename } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** The files of the suite: faults a real machine has, and input an operator should never have typed. */
export const SUITE_FILES = [
  'bad-input',
  'brick-mount-guard',
  'cancel',
  'frozen-host',
  'lab-faults',
  'load',
  'layout-hosts',
  'panel-evidence',
  'panel-fix',
  'peer-rejected',
  'secrets',
  'setup-crash',
  'setup-faults',
  'setup-hostile',
  'split-brain',
] as const;

export interface Row {
  case: string;
  expected: string;
  observed: string;
  ok: boolean;
}

const oneLine = (text: string) => text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

export function rowFor(test: TestCase): Row {
  const file = basename(test.module.moduleId).replace(/\.test\.ts$/, '');
  const result = test.result();
  const notes = test.annotations().map((a) => a.message);
  const where = test.parent.type === 'suite' && test.parent.name ? `${file} › ${test.parent.name}` : file;
  if (result.state === 'passed') return { case: where, expected: test.name, observed: ['as expected', ...notes].join('; '), ok: true };
  if (result.state === 'failed') return { case: where, expected: test.name, observed: `NOT as expected: ${oneLine(result.errors?.[0]?.message ?? 'failed')}`, ok: false };
  return { case: where, expected: test.name, observed: `not run (${result.state})`, ok: false };
}

export function formatTable(rows: readonly Row[]): string[] {
  const good = rows.filter((r) => r.ok).length;
  return [
    '',
    `Hardening suite: ${good} of ${rows.length} cases as expected`,
    '| case | expected | observed |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.case} | ${r.expected} | ${r.observed.replaceAll('|', '/')} |`),
    '',
  ];
}

export default class SuiteTable implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows: Row[] = [];
    for (const module of modules) {
      if (module.project.name !== 'lab') continue;
      if (!(SUITE_FILES as readonly string[]).includes(basename(module.moduleId).replace(/\.test\.ts$/, ''))) continue;
      for (const test of module.children.allTests()) rows.push(rowFor(test));
    }
    if (rows.length === 0) return;
    process.stdout.write(`${formatTable(rows).join('\n')}\n`);
  }
}

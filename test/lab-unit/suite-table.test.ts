// The hardening suite's closing table: one row per case, its name as what was
// expected, and what was observed: measurements on a pass, the failure's first line.
import { describe, expect, it } from 'vitest';
import type { TestCase } from 'vitest/node';
import { formatTable, rowFor } from '../lab/suite-table.js';

function fakeCase(name: string, result: { state: string; errors?: { message: string }[] }, notes: string[] = []): TestCase {
  return {
    name,
    module: { moduleId: '/repo/test/lab/frozen-host.test.ts' },
    parent: { type: 'suite', name: 'a frozen sshd' },
    result: () => result,
    annotations: () => notes.map((message) => ({ message, type: 'notice' })),
  } as unknown as TestCase;
}

describe('the suite table', () => {
  it('says what was measured on a pass, the first line of the failure on a fail, and counts the good rows', () => {
    const rows = [
      rowFor(fakeCase('status exits', { state: 'passed' }, ['exited after 10400 ms'])),
      rowFor(fakeCase('q quits', { state: 'failed', errors: [{ message: '\nthe console was still running after q\n  at x' }] })),
      rowFor(fakeCase('setup exits', { state: 'skipped' })),
    ];
    expect(rows.map((r) => [r.case, r.observed, r.ok])).toEqual([
      ['frozen-host › a frozen sshd', 'as expected; exited after 10400 ms', true],
      ['frozen-host › a frozen sshd', 'NOT as expected: the console was still running after q', false],
      ['frozen-host › a frozen sshd', 'not run (skipped)', false],
    ]);
    const table = formatTable(rows);
    expect(table).toContain('Hardening suite: 1 of 3 cases as expected');
    expect(table).toContain('| frozen-host › a frozen sshd | status exits | as expected; exited after 10400 ms |');
  });
});

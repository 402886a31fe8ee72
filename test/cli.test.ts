// The built bin as users run it: no TTY (vitest pipes stdio), so these are the
// paths scripts and CI see. `npm test` builds dist/ before running vitest.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

const BIN = new URL('../dist/cli.js', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('gluster-console bin', () => {
  it('starts with a node shebang so npx can run it', () => {
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints help and exits 0 without a TTY', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toContain('lab up [--nodes N] [--volumeless K]');
  });

  it('prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('says it needs a terminal, names the subcommands, and does not crash in raw mode', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a terminal');
    expect(r.stderr).toContain('gluster-console lab');
    expect(r.stderr).not.toMatch(/Raw mode is not supported/i);
  });

  it('refuses an unknown command with the usage', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('gives lab usage errors a clear message and exit 1/2', async () => {
    expect((await run(['lab'])).code).toBe(2);
    const bad = await run(['lab', 'up', '--nodes', 'three', '--dir', '/nonexistent-gc-test']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--nodes must be a whole number');
    const status = await run(['lab', 'status', '--dir', '/nonexistent-gc-test']);
    expect(status).toMatchObject({ code: 1, stdout: 'no lab in /nonexistent-gc-test\n' });
  });
});

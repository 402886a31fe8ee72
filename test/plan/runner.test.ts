// The one runner: in order, stop at the first failure, retry what the item
// says is transient, audit every changing command (not the read-only guards).
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/config/audit.js';
import type { PlanItem } from '../../src/plan/item.js';
import { failureReason } from '../../src/plan/reason.js';
import { itemTimeoutMs, LONG_TIMEOUT_MS, runItems } from '../../src/plan/runner.js';
import { cmd } from '../../src/shell/command.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';

const item = (host: string, ...argv: string[]): PlanItem => ({ host, command: cmd(...(argv as [string, ...string[]])), why: `run ${argv.join(' ')}` });

describe('runItems', () => {
  it('runs in order, audits each changing command, and not the guards', async () => {
    const audit: AuditEntry[] = [];
    const fake = new FakeExecutor().on('*', /.*/, { stdout: 'ok\n' });
    const guard: PlanItem = { ...item('n1', 'mountpoint', '-q', '/b'), check: true };
    const out = await runItems([item('n1', 'mount', '/b'), guard, item('n2', 'touch', '/x')], { executor: fake, source: 'bricks', audit: { record: (e) => audit.push(e) } });
    expect(out.ok).toBe(true);
    expect(fake.calls.map((c) => `${c.host} ${c.command}`)).toEqual(['n1 mount /b', 'n1 mountpoint -q /b', 'n2 touch /x']);
    expect(audit.map((e) => `${e.step} ${e.host} ${e.command} ${e.exitCode}`)).toEqual(['bricks n1 mount /b 0', 'bricks n2 touch /x 0']);
  });

  it('stops at the first failure with the command\'s own reason', async () => {
    const fake = new FakeExecutor()
      .on('n1', 'gluster volume heal gv0 split-brain bigger-file /x', { code: 1, stdout: 'Healing /x failed: No difference in mtime.\nVolume heal failed.\n' })
      .on('n1', 'touch /after', { stdout: '' });
    const out = await runItems([item('n1', 'gluster', 'volume', 'heal', 'gv0', 'split-brain', 'bigger-file', '/x'), item('n1', 'touch', '/after')], { executor: fake, source: 'panel' });
    expect(out.failed?.error).toBe('exit 1: Healing /x failed: No difference in mtime.');
    expect(fake.calls).toHaveLength(1);
  });

  it('retries while the output says "try again", then reports', async () => {
    const fake = new FakeExecutor().on('n1', /volume start/, { code: 1, stderr: 'volume start: gv0: failed: Another transaction is in progress for gv0. Please try again after some time.\n' });
    const busy: PlanItem = { ...item('n1', 'gluster', 'volume', 'start', 'gv0'), retry: { when: /Another transaction/, attempts: 3, delayMs: 10 } };
    const slept: number[] = [];
    const out = await runItems([busy], { executor: fake, source: 'panel', sleep: async (ms) => void slept.push(ms) });
    expect(out.failed).toMatchObject({ attempts: 3, error: expect.stringContaining('Another transaction is in progress') });
    expect(slept).toEqual([10, 10]);
  });

  it('audits an SSH failure as an unknown outcome, in the operator\'s words', async () => {
    const audit: AuditEntry[] = [];
    const fake = new FakeExecutor().on('n2', /.*/, { error: new SshError('connection-lost', 'n2', 'n2: the connection was lost') });
    const out = await runItems([item('n2', 'touch', '/x')], { executor: fake, source: 'hosts', audit: { record: (e) => audit.push(e) } });
    expect(out.failed?.error).toMatch(/^lost the connection to n2 .*is the host down\?$/);
    expect(audit[0]).toMatchObject({ exitCode: null, error: out.failed?.error });
  });

  it('bounds each command by the caller\'s ordinary timeout; long ones by 15 times it; an item\'s own bound wins', async () => {
    expect(itemTimeoutMs({})).toBe(120_000);
    expect(itemTimeoutMs({ long: true })).toBe(LONG_TIMEOUT_MS);
    expect(LONG_TIMEOUT_MS).toBe(30 * 60_000);
    expect(itemTimeoutMs({ long: true }, 5000)).toBe(75_000);
    expect(itemTimeoutMs({ timeoutMs: 7000, long: true }, 5000)).toBe(7000);
    const seen: Array<number | undefined> = [];
    const fake = new FakeExecutor().on('*', /.*/, (_h, _c) => ({ stdout: '' }));
    const spy = { ...fake, exec: (host: string, command: PlanItem['command'], options?: { timeoutMs?: number }) => (seen.push(options?.timeoutMs), fake.exec(host, command)) };
    await runItems([item('n1', 'mount', '/m'), { ...item('n1', 'apt-get', 'update'), long: true }], { executor: spy as unknown as FakeExecutor, source: 'x', timeoutMs: 5000 });
    expect(seen).toEqual([5000, 75_000]);
  });

  it('a command that hits its bound says how the operator raises it', async () => {
    const message = 'n2: `mount /data/shared` did not finish within 5s; it ignored SIGTERM and was killed (SIGKILL). If it needs longer, raise its timeout.';
    const fake = new FakeExecutor().on('n2', /.*/, { error: new SshError('timeout', 'n2', message) });
    const out = await runItems([item('n2', 'mount', '/data/shared')], { executor: fake, source: 'mount', timeoutMs: 5000, timeoutHint: 'raise it with --command-timeout or the setting commandTimeoutMs' });
    expect(out.failed?.error).toBe('n2: `mount /data/shared` did not finish within 5s; it ignored SIGTERM and was killed (SIGKILL); raise it with --command-timeout or the setting commandTimeoutMs');
  });

  it('runs nothing once cancelled', async () => {
    const fake = new FakeExecutor();
    const controller = new AbortController();
    controller.abort();
    const out = await runItems([item('n1', 'touch', '/x')], { executor: fake, source: 'x', signal: controller.signal });
    expect(out.failed?.cancelled).toBe(true);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('failureReason', () => {
  it('takes the first line that reads like an error, not a generic trailer', () => {
    expect(failureReason('', "mount: /b: wrong fs type, bad option, bad superblock on /dev/vdc.\n       dmesg(1) may have more information after failed mount system call.\n")).toBe('mount: /b: wrong fs type, bad option, bad superblock on /dev/vdc.');
    expect(failureReason('Lookup failed on /:Invalid argument\nVolume heal failed.\n', '')).toBe('Lookup failed on /:Invalid argument');
    expect(failureReason('', 'WARNING: apt does not have a stable CLI interface.\nE: Unable to locate package glusterfs-serverx\n')).toBe('E: Unable to locate package glusterfs-serverx');
    expect(failureReason('', '')).toBe('no output');
  });
});

// A host in trouble: its sshd accepts TCP (the kernel completes the handshake
// from the listen backlog) but never answers, because the daemon is frozen
// (SIGSTOP here; a swapping or hung host in real life). Every way out of the
// console must still end within a bounded time, and no socket may pile up.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal } from '../../src/lab/host-exec.js';
import { labInventoryPath } from '../../src/lab/paths.js';
import { SshPool } from '../../src/ssh/pool.js';
import { sh } from '../../src/shell/command.js';
import { eventually, startTestLab, type TestLab } from './fixture.js';
import { importLabInventory, startCli } from './setup-support.js';
import { Tui } from './tui.js';

/** The connect deadline the console uses (SshPool's default), plus room for a loaded CI machine. */
const EXIT_BOUND_MS = 40_000;

/** The pid of the sshd that listens on ADDR:PORT. */
async function listenerPid(address: string, port: number): Promise<number> {
  const r = await runLocal('ss', ['-Hltnp', `src ${address}:${port}`]);
  const pid = /pid=(\d+)/.exec(r.stdout)?.[1];
  if (!pid) throw new Error(`no listener on ${address}:${port}: ${r.stdout}${r.stderr}`);
  return Number(pid);
}

/** TCP sockets that process PID holds to ADDR:PORT, in any state. */
async function socketsOf(pid: number, address: string, port: number): Promise<number> {
  const r = await runLocal('ss', ['-Htanp', `dst ${address}:${port}`]);
  return r.stdout.split('\n').filter((l) => l.includes(`pid=${pid},`)).length;
}

/** Resolves with the exit code, or with 'still running' once the bound has passed. */
function exitWithin<T>(done: Promise<T>, ms: number): Promise<T | 'still running'> {
  return Promise.race([done, new Promise<'still running'>((r) => setTimeout(() => r('still running'), ms).unref())]);
}

describe.skipIf(inject('labSkipReason') !== '')('a host whose sshd accepts TCP but never answers', () => {
  let lab: TestLab;
  let work: string;
  let frozen: number;
  let inventory: string;
  let node2: { address: string; port: number };

  beforeAll(async () => {
    lab = await startTestLab(3);
    work = mkdtempSync(join(tmpdir(), 'gc-frozen-'));
    inventory = labInventoryPath(lab.dir);
    const host = lab.inventory.hosts[1]!;
    node2 = { address: host.address, port: host.ssh?.port ?? 22 };
    frozen = await listenerPid(node2.address, node2.port);
    process.kill(frozen, 'SIGSTOP');
  });
  afterAll(async () => {
    if (frozen) process.kill(frozen, 'SIGCONT');
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('status --json names the frozen host and exits', async ({ annotate }) => {
    const started = Date.now();
    const cli = startCli(['status', '--inventory', inventory, '--json']);
    const run = await exitWithin(cli.done, EXIT_BOUND_MS);
    expect(run, `status was still running after ${EXIT_BOUND_MS / 1000}s; output so far:\n${cli.output()}`).not.toBe('still running');
    if (run === 'still running') return;
    // Bare nodes (no glusterd yet) and an unreachable one: degraded or unknown, never healthy.
    expect([1, 2]).toContain(run.code);
    expect(run.stdout).toMatch(/node2[^"]*did not complete the SSH login within \d+s/);
    await annotate(`exited after ${Date.now() - started} ms`);
  });

  it('a pool that gave up on the host closes and leaves no socket behind', async () => {
    const pool = new SshPool(lab.inventory.hosts, { sshConfigFile: null, agentSocket: null, connectTimeoutMs: 2000 });
    await expect(pool.exec('node2', sh`true`)).rejects.toThrow(/did not complete the SSH login within 2s/);
    await pool.exec('node1', sh`true`);
    await pool.close();
    // Our own sockets to the frozen host: none open after close (the kernel may keep an
    // orphan in FIN-WAIT for a while, but it belongs to no process and keeps nothing alive).
    expect(await eventually(() => socketsOf(process.pid, node2.address, node2.port), (n) => n === 0, 5000)).toBe(0);
  });

  it('status --watch does not pile up sockets and ends on Ctrl-C', async ({ annotate }) => {
    const configDir = join(work, 'watch');
    const cli = startCli(['status', '--inventory', inventory, '--json', '--watch', '--config-dir', configDir]);
    const child = cli.child;
    // Three refreshes: each one tries the frozen host again.
    const reports = await eventually(async () => cli.output().split('\n').filter((l) => l.startsWith('{')).length, (n) => n >= 3, 3 * EXIT_BOUND_MS);
    expect(reports).toBeGreaterThanOrEqual(3);
    expect(await socketsOf(child.pid!, node2.address, node2.port)).toBeLessThanOrEqual(1);
    const stoppedAt = Date.now();
    child.kill('SIGINT');
    const run = await exitWithin(cli.done, EXIT_BOUND_MS);
    expect(run, `status --watch was still running ${EXIT_BOUND_MS / 1000}s after SIGINT`).not.toBe('still running');
    await annotate(`${reports} refreshes, at most 1 socket to node2; exited ${Date.now() - stoppedAt} ms after SIGINT`);
  });

  it('setup --dry-run prints its plans and exits', async () => {
    const cli = startCli(['setup', '--inventory', inventory, '--volume', 'gv0', '--dry-run', '--config-dir', join(work, 'setup')]);
    const run = await exitWithin(cli.done, 3 * EXIT_BOUND_MS);
    expect(run, `setup was still running; output so far:\n${cli.output()}`).not.toBe('still running');
    if (run === 'still running') return;
    expect(`${run.stdout}${run.stderr}`).toMatch(/node2/);
  });

  it('the console quits with q while the frozen host is being checked', async () => {
    const configDir = join(work, 'console');
    const tui = await Tui.start(['--config-dir', configDir], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work);
    try {
      await importLabInventory(tui);
      await tui.waitFor((s) => /❯ Check hosts/.test(s));
      await tui.keys('Enter');
      // node1 and node3 answer; node2 is still connecting when the operator leaves.
      await tui.waitFor((s) => (s.match(/ok · root/g) ?? []).length === 2);
      await tui.keys('q');
      const code = await tui.waitForExit(EXIT_BOUND_MS).catch(() => 'still running' as const);
      expect(code, 'the console was still running after q').not.toBe('still running');
    } finally {
      await tui.close();
    }
  });
});

// A lab that fails like real machines, driven through the real CLI
// (dist/cli.js) as an operator or a script would: several lab commands at once
// keep every node's record, and a silent node (every packet to and from its
// address dropped) makes connections time out instead of being refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { readLabState } from '../../src/lab/state.js';
import { isAlive } from '../../src/lab/procs.js';
import { runLocal } from '../../src/lab/host-exec.js';
import { firewallTable } from '../../src/lab/firewall.js';
import { labNet } from '../../src/lab/paths.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  killed: boolean;
}

function cli(args: string[], timeoutMs = 120_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started, killed: child.killed || !!err?.killed });
    });
  });
}

const lab = (t: TestLab, ...args: string[]) => cli(['lab', ...args, '--dir', t.dir]);

interface StatusNode {
  index: number;
  name: string;
  running: boolean;
  sshd: boolean;
  silenced?: boolean;
}

async function statusNodes(t: TestLab): Promise<StatusNode[]> {
  const r = await lab(t, 'status', '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { nodes: StatusNode[] }).nodes;
}

/** Every process on the machine whose command line names the lab directory (unshare, tini, node-init.sh, sshd). */
function labProcesses(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(`${dir}/`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

type Outcome = { result: 'connected' | 'refused' | 'timeout' | 'error'; ms: number; detail?: string };

/** One TCP connect, with its own deadline: a silent host times out, a stopped one refuses at once. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: Outcome['result'], detail?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ result, ms: Date.now() - started, ...(detail ? { detail } : {}) });
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'error', err.code));
  });
}

/** This lab's own nftables table ('' when it has none): other labs may run beside it with tables of their own. */
async function labTableRules(_t: TestLab): Promise<string> {
  const tables = await runLocal('nft', ['list', 'tables']);
  expect(tables.code, tables.stderr).toBe(0);
  if (!tables.stdout.split('\n').some((line) => line.trim() === `table ip ${firewallTable(labNet())}`)) return '';
  const r = await runLocal('nft', ['list', 'table', 'ip', firewallTable(labNet())]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe.skipIf(inject('labSkipReason') !== '')('lab commands run at the same time', () => {
  let t: TestLab;

  beforeAll(async () => {
    t = await startTestLab(4);
  });
  afterAll(async () => {
    await t?.down();
  });

  it('keeps every node\'s record when several crash and boot at once', async () => {
    const others = [2, 3, 4];
    const crashes = await Promise.all(others.map((i) => lab(t, 'crash', String(i))));
    crashes.forEach((r, k) => expect(r.stdout + r.stderr, `crash ${others[k]}`).toContain(`node${others[k]}: power cut`));

    const boots = await Promise.all(others.map((i) => lab(t, 'boot', String(i))));
    boots.forEach((r, k) => expect(r.stdout + r.stderr, `boot ${others[k]}`).toContain(`node${others[k]} booted`));
    expect((await statusNodes(t)).map((n) => [n.name, n.running, n.sshd])).toEqual([
      ['node1', true, true],
      ['node2', true, true],
      ['node3', true, true],
      ['node4', true, true],
    ]);
    const state = readLabState(t.dir)!;
    expect(state.nodes.map((n) => [n.name, isAlive(n.init), isAlive(n.unshare)])).toEqual([
      ['node1', true, true],
      ['node2', true, true],
      ['node3', true, true],
      ['node4', true, true],
    ]);

    // Every node at once, a crash and a boot of different nodes at once.
    const all = await Promise.all([1, 2, 3, 4].map((i) => lab(t, 'crash', String(i))));
    all.forEach((r, k) => expect(r.stdout + r.stderr, `crash ${k + 1}`).toContain(`node${k + 1}: power cut`));
    expect((await statusNodes(t)).every((n) => !n.running)).toBe(true);
    const mixed = await Promise.all([lab(t, 'boot', '1'), lab(t, 'boot', '2'), lab(t, 'boot', '3')]);
    mixed.forEach((r, k) => expect(r.stdout + r.stderr).toContain(`node${k + 1} booted`));
    const [crash1, boot4] = await Promise.all([lab(t, 'crash', '1'), lab(t, 'boot', '4')]);
    expect(crash1.stdout).toContain('node1: power cut');
    expect(boot4.stdout).toContain('node4 booted');
    expect((await statusNodes(t)).map((n) => n.running)).toEqual([false, true, true, true]);
  });

  it('boots a node once when two boots of it run at once', async () => {
    const [a, b] = await Promise.all([lab(t, 'boot', '1'), lab(t, 'boot', '1')]);
    expect([a.stdout.trim(), b.stdout.trim()].sort(), a.stderr + b.stderr).toEqual(['node1 booted', 'node1 is already running']);
    const r = await sshRun(t, t.inventory.hosts[0]!.address, 'hostname');
    expect(r.stdout.trim()).toBe('node1');
    // One init for node1: its sshd and node-init.sh exactly once.
    const inits = labProcesses(t.dir).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(join(t.dir, 'node1')));
    expect(inits.length).toBeGreaterThan(0);
    const state = readLabState(t.dir)!;
    const recorded = new Set(state.nodes.flatMap((n) => [n.init?.pid, n.unshare?.pid]));
    const unrecordedTop = labProcesses(t.dir).filter((pid) => {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return cmd[0]?.endsWith('unshare') && !recorded.has(pid);
    });
    expect(unrecordedTop).toEqual([]);
  });

  it('lab down leaves no process of the lab running, even right after commands ran at once', async () => {
    await Promise.all([lab(t, 'crash', '2'), lab(t, 'boot', '1'), lab(t, 'crash', '3')]);
    await Promise.all([lab(t, 'boot', '2'), lab(t, 'boot', '3')]);
    expect(labProcesses(t.dir).length).toBeGreaterThan(0);
    const down = await lab(t, 'down');
    expect(down.code, down.stderr).toBe(0);
    const left = await eventually(async () => labProcesses(t.dir), (pids) => pids.length === 0, 10_000);
    expect(left.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))).toEqual([]);
  });
});

describe.skipIf(inject('labSkipReason') !== '')('a silent node (every packet to and from it dropped)', () => {
  let t: TestLab;
  let addr: string[];
  let port: number;

  beforeAll(async () => {
    t = await startTestLab(3);
    addr = t.inventory.hosts.map((h) => h.address);
    port = t.inventory.hosts[0]!.ssh?.port ?? 22;
  });
  afterAll(async () => {
    await t?.down();
  });

  it('times out connections to the silent node only, and answers again after unsilence', async () => {
    const silence = await lab(t, 'silence', '2');
    expect(silence.code, silence.stderr).toBe(0);
    expect(silence.stdout).toContain('node2');

    const [n1, n2, n3] = await Promise.all(addr.map((a) => tcpConnect(a, port, 3_000)));
    expect(n2!.result, JSON.stringify(n2)).toBe('timeout');
    expect(n1!.result).toBe('connected');
    expect(n3!.result).toBe('connected');
    // A real ssh client waits for its ConnectTimeout, as against a powered-off VM.
    const ssh = await sshRun(t, addr[1]!, 'true');
    expect(ssh.code).toBe(255);
    expect(ssh.stderr).toMatch(/timed out/i);
    expect((await sshRun(t, addr[0]!, 'hostname')).stdout.trim()).toBe('node1');

    const nodes = await statusNodes(t);
    expect(nodes.map((n) => [n.name, n.running, n.silenced])).toEqual([
      ['node1', true, false],
      ['node2', true, true],
      ['node3', true, false],
    ]);
    const text = await lab(t, 'status');
    expect(text.stdout.split('\n').find((l) => l.includes('node2 '))).toContain('silent');
    expect(text.stdout.split('\n').find((l) => l.includes('node1 '))).not.toContain('silent');

    // Rules for node2's address and no other.
    const rules = await labTableRules(t);
    expect(rules).toContain(addr[1]);
    expect(rules).not.toContain(addr[0]);
    expect(rules).not.toContain(addr[2]);

    const unsilence = await lab(t, 'unsilence', '2');
    expect(unsilence.code, unsilence.stderr).toBe(0);
    const back = await tcpConnect(addr[1]!, port, 3_000);
    expect(back.result).toBe('connected');
    expect((await sshRun(t, addr[1]!, 'hostname')).stdout.trim()).toBe('node2');
    expect((await statusNodes(t)).map((n) => n.silenced)).toEqual([false, false, false]);
    expect(await labTableRules(t)).not.toContain(addr[1]);
  });

  it('keeps a node silent across a power cut and boot, as a pulled cable stays pulled', async () => {
    await lab(t, 'silence', '3');
    const crash = await lab(t, 'crash', '3');
    expect(crash.code, crash.stderr).toBe(0);
    // Stopped and silent: still a timeout, not a refusal.
    expect((await tcpConnect(addr[2]!, port, 2_000)).result).toBe('timeout');
    const boot = await lab(t, 'boot', '3');
    expect(boot.code, boot.stderr).toBe(0);
    expect((await tcpConnect(addr[2]!, port, 2_000)).result).toBe('timeout');
    await lab(t, 'unsilence', '3');
    expect((await tcpConnect(addr[2]!, port, 3_000)).result).toBe('connected');
  });

  it('status against the lab names the silent node unreachable and exits within 30 s', async () => {
    await lab(t, 'silence', '2');
    const r = await cli(['status', '--inventory', join(t.dir, 'inventory.yaml'), '--json'], 60_000);
    console.log(`status with node2 silent: exit ${r.code} after ${r.ms} ms${r.killed ? ' (killed by the test after 60 s)' : ''}`);
    expect(r.killed, `status did not exit by itself within 60 s; stderr: ${r.stderr.slice(-500)}`).toBe(false);
    expect(r.ms).toBeLessThan(30_000);
    // Bare nodes (no glusterd): degraded or unreachable/unknown, never healthy.
    expect([1, 2], r.stderr.slice(-500)).toContain(r.code);
    const report = JSON.parse(r.stdout) as { hosts: Array<{ name: string; ssh: string; sshError?: string }>; findings?: Array<{ id: string; kind: string; host?: string }> };
    const node2 = report.hosts.find((h) => h.name === 'node2')!;
    expect(node2.ssh, JSON.stringify(node2)).toBe('down');
    expect(report.hosts.filter((h) => h.name !== 'node2').map((h) => h.ssh)).toEqual(['up', 'up']);
  });

  it('lab down removes the rules of a silent node', async () => {
    await lab(t, 'silence', '1');
    expect(await labTableRules(t)).toContain(addr[0]);
    const down = await lab(t, 'down');
    expect(down.code, down.stderr).toBe(0);
    const rules = await labTableRules(t);
    for (const a of addr) expect(rules).not.toContain(a);
    expect(rules).toBe(''); // this lab's table is gone, not only emptied
  });
});

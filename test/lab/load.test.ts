// Load: the one-shot status run many times in a row, and the live panel left
// running, on a healthy 3-node lab cluster. Nothing may pile up: no SSH
// session left open on the nodes after the runs, no file descriptor or socket
// gained per refresh in the panel. The panel runs for
// GLUSTER_CONSOLE_LOAD_MINUTES (2 by default; the 30 minutes by hand:
// GLUSTER_CONSOLE_LOAD_MINUTES=30; the 200 status runs:
// GLUSTER_CONSOLE_LOAD_STATUS_RUNS=200). Resident memory is recorded in the suite
// table, not asserted: memory targets are the benchmark's (npm run bench).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { runLocal } from '../../src/lab/host-exec.js';
import { startTestCluster, type TestCluster } from './cluster-fixture.js';
import { eventually } from './fixture.js';
import { runCli } from './setup-support.js';
import { Tui } from './tui.js';

const STATUS_RUNS = Number(process.env.GLUSTER_CONSOLE_LOAD_STATUS_RUNS || 30);
const PANEL_MINUTES = Number(process.env.GLUSTER_CONSOLE_LOAD_MINUTES || 2);

/** Established TCP connections on the nodes' sshd ports, counted on the server side (the nodes' sessions). */
async function sshSessions(cluster: TestCluster): Promise<number> {
  let total = 0;
  for (const h of cluster.inventory.hosts) {
    const r = await runLocal('ss', ['-Htn', 'state', 'established', `src ${h.address}:${h.ssh?.port ?? 22}`]);
    total += r.stdout.split('\n').filter((l) => l.trim() !== '').length;
  }
  return total;
}

/** TCP sockets the process holds to each node's sshd, in any state. */
async function socketsTo(pid: number, cluster: TestCluster): Promise<number[]> {
  const counts: number[] = [];
  for (const h of cluster.inventory.hosts) {
    const r = await runLocal('ss', ['-Htanp', `dst ${h.address}:${h.ssh?.port ?? 22}`]);
    counts.push(r.stdout.split('\n').filter((l) => l.includes(`pid=${pid},`)).length);
  }
  return counts;
}

function sample(pid: number): { fds: number; rssKb: number } {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { fds: readdirSync(`/proc/${pid}/fd`).length, rssKb: Number(rss) };
}

const refreshOf = (screen: string) => Number(/refresh (\d+) /.exec(screen)?.[1] ?? Number.NaN);

describe.skipIf(inject('labSkipReason') !== '')('load on a healthy cluster', () => {
  let cluster: TestCluster;
  let work: string;
  let tui: Tui | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3, volume: 'gv0', replica: 3, mountOn: [1] });
    work = mkdtempSync(join(tmpdir(), 'gc-load-'));
  });
  afterAll(async () => {
    await tui?.close();
    await cluster?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`status --json ${STATUS_RUNS} times in a row: healthy every time, and no SSH session left on the nodes`, { timeout: STATUS_RUNS * 10_000 }, async ({ annotate }) => {
    const before = await sshSessions(cluster);
    const config = join(work, 'status');
    const started = Date.now();
    const codes = new Map<number, number>();
    for (let i = 0; i < STATUS_RUNS; i++) {
      const run = await runCli(['status', '--inventory', cluster.inventoryFile, '--json', '--config-dir', config], {}, 60_000);
      codes.set(run.code, (codes.get(run.code) ?? 0) + 1);
      if (run.code !== 0) expect.soft(run.stdout + run.stderr, `run ${i + 1}`).toBe('exit 0');
    }
    expect(Object.fromEntries(codes)).toEqual({ 0: STATUS_RUNS });
    // The nodes close a session shortly after its client exits: wait for that, then compare.
    const after = await eventually(() => sshSessions(cluster), (n) => n <= before, 30_000, 500);
    expect(after).toBeLessThanOrEqual(before);
    await annotate(`${STATUS_RUNS} runs in ${((Date.now() - started) / 1000).toFixed(0)} s (${((Date.now() - started) / STATUS_RUNS).toFixed(0)} ms each); ssh sessions on the nodes ${before} before, ${after} after`);
  });

  it(`the live panel for ${PANEL_MINUTES} min: file descriptors and sockets flat, one connection per node`, { timeout: PANEL_MINUTES * 60_000 + 120_000 }, async ({ annotate }) => {
    const config = join(work, 'panel');
    createSettings({ cwd: config }).setInventory(cluster.inventory);
    tui = await Tui.start(['--config-dir', config], {}, work);
    await tui.waitFor('Saved inventory: 3 hosts');
    await tui.keys('Down', 'Down');
    await tui.waitFor((s) => /❯ Live panel/.test(s));
    await tui.keys('Enter');
    // Warmed up: a few refreshes done, every connection made.
    const warm = await tui.waitFor((s) => /Cluster HEALTHY/.test(s) && refreshOf(s) >= 5, 120_000);
    const pid = await tui.pid();
    const first = sample(pid);
    const samples = [first];
    const sockets: number[][] = [await socketsTo(pid, cluster)];
    const end = Date.now() + PANEL_MINUTES * 60_000;
    let lastRefresh = refreshOf(warm);
    while (Date.now() < end) {
      // One sample per refresh or two: wait for the panel's own counter to move, not for a fixed time.
      const screen = await tui.waitFor((s) => refreshOf(s) >= lastRefresh + 2, 60_000);
      lastRefresh = refreshOf(screen);
      samples.push(sample(pid));
      sockets.push(await socketsTo(pid, cluster));
    }
    const screen = await tui.screen();
    expect(screen).toMatch(/Cluster HEALTHY/);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const maxFds = (xs: typeof samples) => Math.max(...xs.map((s) => s.fds));
    // Not growing: the last third of the run holds no more descriptors than the first third did.
    expect(maxFds(samples.slice(-third))).toBeLessThanOrEqual(maxFds(samples.slice(0, third)));
    for (const counts of sockets) expect(Math.max(...counts)).toBeLessThanOrEqual(1);
    const rss = samples.map((s) => Math.round(s.rssKb / 1024));
    await annotate(
      `${lastRefresh - refreshOf(warm)} refreshes, ${samples.length} samples; fds ${first.fds} at first, ${samples.at(-1)!.fds} at the end; RSS ${rss[0]} MB at first, max ${Math.max(...rss)} MB, ${rss.at(-1)} MB at the end`,
    );
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

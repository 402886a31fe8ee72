#!/usr/bin/env node
// Benchmark of the live panel's refresh (not a test: it only reports).
//
//   npm run build && sudo GLUSTER_CONSOLE_LAB_NET=127.1.7 node scripts/bench-panel.mjs [--rounds N]
//
// Brings up a 3-node lab with a replica-3 volume, then a 12-node lab with a
// 4 x 3 volume (one after the other, on the same lab net), and measures:
//   A. one refresh of the panel (ClusterPoller.refresh over the pooled, warm
//      SSH connections), median of N rounds;
//   B. the slowest single host's share of that refresh run directly: the exact
//      commands the refresh ran on that host, in one shell, over one warm SSH
//      connection (the fastest way to ask them by hand), median of N rounds;
//   and reports A / B (target <= 1.3) and A(12) / A(3) (target <= 1.5).
// Every lab it starts is brought down, also on failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const dist = new URL('../dist/', import.meta.url);
const { labUp, labDown } = await import(new URL('lab/lab.js', dist).href);
const { readInventoryFile } = await import(new URL('config/inventory.js', dist).href);
const { labInventoryPath } = await import(new URL('lab/paths.js', dist).href);
const { SshPool, sh } = await import(new URL('ssh/index.js', dist).href);
const { ClusterPoller } = await import(new URL('panel/poller.js', dist).href);
const { analyze } = await import(new URL('panel/analyze.js', dist).href);

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const ROUNDS = Number(values.rounds);
const BRICK_MOUNT = '/data/glusterfs/brick1';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (n) => `${n.toFixed(0)} ms`;
const log = (line) => process.stdout.write(`${line}\n`);

async function must(pool, host, command, timeoutMs = 120_000) {
  const r = await pool.exec(host, command, { timeoutMs });
  if (r.code !== 0) throw new Error(`${host}: ${command.text}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The same cluster test/lab/cluster-fixture.ts builds: hosts, glusterd, XFS brick from fstab, probe, volume, mount. */
async function buildCluster(pool, hosts) {
  const lines = hosts.map((h) => `${h.address} ${h.name}`).join('\n');
  await Promise.all(
    hosts.map((h) =>
      must(
        pool,
        h.name,
        sh`printf '%s\\n' ${lines} >> /etc/hosts && glusterd -p /run/glusterd.pid && mkfs.xfs -q -f -i size=512 /dev/vdc && mkdir -p ${BRICK_MOUNT} && echo "UUID=$(blkid -s UUID -o value /dev/vdc) ${BRICK_MOUNT} xfs defaults,nofail 0 0" >> /etc/fstab && mount ${BRICK_MOUNT} && mkdir -p ${`${BRICK_MOUNT}/brick`} && for i in $(seq 1 100); do gluster --mode=script pool list >/dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1`,
      ),
    ),
  );
  const first = hosts[0].name;
  for (const h of hosts.slice(1)) await must(pool, first, sh`gluster --mode=script peer probe ${h.name}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const views = await Promise.all(hosts.map((h) => pool.exec(h.name, sh`gluster --mode=script pool list | grep -c Connected`, { timeoutMs: 30_000 })));
    if (views.every((v) => Number(v.stdout.trim()) === hosts.length)) break;
    if (Date.now() > deadline) throw new Error('peers did not all connect');
    await new Promise((r) => setTimeout(r, 300));
  }
  const bricks = hosts.map((h) => `${h.name}:${BRICK_MOUNT}/brick`);
  await must(pool, first, sh`gluster --mode=script volume create datapoint replica 3 ${bricks} && gluster --mode=script volume start datapoint`);
  await must(pool, first, sh`mkdir -p /data/shared && mount -t glusterfs localhost:/datapoint /data/shared`);
}

/** Wraps an executor to learn which commands a refresh runs on each host. */
function recording(executor) {
  const byHost = new Map();
  return {
    byHost,
    exec(host, command, options) {
      if (!byHost.has(host)) byHost.set(host, []);
      byHost.get(host).push(command);
      return executor.exec(host, command, options);
    },
    execAll: (...a) => executor.execAll(...a),
    close: () => executor.close(),
  };
}

async function measure(nodes) {
  const dir = mkdtempSync(join(tmpdir(), 'gc-bench-'));
  log(`\n== ${nodes}-node lab (${dir}) ==`);
  try {
    const t0 = Date.now();
    await labUp({ dir, nodes, volumeless: 0 });
    const inventory = readInventoryFile(labInventoryPath(dir));
    const pool = new SshPool(inventory.hosts, { sshConfigFile: null, agentSocket: null });
    try {
      await buildCluster(pool, inventory.hosts);
      log(`lab and a ${nodes / 3} x 3 volume up in ${ms(Date.now() - t0)}`);

      // A: the panel's refresh, warm connections (as while the panel is open).
      const recorder = recording(pool);
      const poller = new ClusterPoller({ executor: recorder, hosts: inventory.hosts });
      // Self-heal daemons start a while after the volume: measure a settled, healthy cluster.
      const settle = Date.now() + 180_000;
      let report = analyze(await poller.refresh(), Date.now());
      while (report.verdict !== 'healthy' && Date.now() < settle) {
        await new Promise((r) => setTimeout(r, 1000));
        report = analyze(await poller.refresh(), Date.now());
      }
      if (report.verdict !== 'healthy') throw new Error(`the cluster is ${report.verdict}: ${report.findings.map((f) => f.title).join('; ')}`);
      log(`healthy after ${ms(Date.now() - t0)}`);
      recorder.byHost.clear();
      await poller.refresh();
      // One refresh's commands per host (copied: the recorder keeps recording).
      const perHost = new Map([...recorder.byHost].map(([host, commands]) => [host, [...commands]]));
      const refresh = [];
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        await poller.refresh();
        refresh.push(performance.now() - started);
      }
      poller.stop();

      // B: each host's commands in one shell over one warm connection; the slowest host.
      const direct = new SshPool(inventory.hosts, { sshConfigFile: null, agentSocket: null, maxChannelsPerHost: 1 });
      const scripts = new Map([...perHost].map(([host, commands]) => [host, { argv: ['sh', '-c'], text: commands.map((c) => `{ ${c.text}\n} >/dev/null 2>&1`).join('\n') }]));
      for (const [host, script] of scripts) await direct.exec(host, script, { timeoutMs: 120_000 }); // warm
      const slowest = [];
      const slowestHost = new Map();
      for (let i = 0; i < ROUNDS; i++) {
        let worst = 0;
        let worstHost = '';
        for (const [host, script] of scripts) {
          const started = performance.now();
          await direct.exec(host, script, { timeoutMs: 120_000 });
          const took = performance.now() - started;
          if (took > worst) [worst, worstHost] = [took, host];
        }
        slowest.push(worst);
        slowestHost.set(worstHost, (slowestHost.get(worstHost) ?? 0) + 1);
      }
      await direct.close();
      const counts = [...perHost].map(([h, c]) => `${h}:${c.length}`).join(' ');
      const result = { nodes, refreshMs: median(refresh), slowestHostMs: median(slowest), slowestHost: [...slowestHost].sort((a, b) => b[1] - a[1])[0][0], commands: counts };
      log(`commands per refresh: ${counts}`);
      log(`A refresh (median of ${ROUNDS}): ${ms(result.refreshMs)}   [min ${ms(Math.min(...refresh))}, max ${ms(Math.max(...refresh))}]`);
      log(`B slowest host's queries in one shell over one connection (median): ${ms(result.slowestHostMs)} (mostly ${result.slowestHost})`);
      log(`A / B = ${(result.refreshMs / result.slowestHostMs).toFixed(2)} (target <= 1.3)`);
      return result;
    } finally {
      await pool.close();
    }
  } finally {
    await labDown(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.getuid?.() !== 0) {
  process.stderr.write('bench-panel: the lab needs root\n');
  process.exit(2);
}
const small = await measure(3);
const big = await measure(12);
log('\n== summary ==');
log(`3 nodes:  refresh ${ms(small.refreshMs)}, slowest host direct ${ms(small.slowestHostMs)}, ratio ${(small.refreshMs / small.slowestHostMs).toFixed(2)} (target <= 1.3)`);
log(`12 nodes: refresh ${ms(big.refreshMs)}, slowest host direct ${ms(big.slowestHostMs)}, ratio ${(big.refreshMs / big.slowestHostMs).toFixed(2)}`);
log(`12-node refresh / 3-node refresh = ${(big.refreshMs / small.refreshMs).toFixed(2)} (target <= 1.5)`);
log(JSON.stringify({ small, big }));

// Peer Rejected, made as docs/GLUSTER-FACTS.md describes: node3 powered off, a
// volume option changed on node1, node3's copy of the volume's info file given
// node1's version and an option of its own, node3 booted. Every node then sees
// the other side as "Peer Rejected"; the panel must name node3 only (the node
// the majority rejects) and offer the documented recovery on node3 alone,
// through the one runner, "done" only when checking again shows it gone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/config/audit.js';
import { parsePeerStatus, type Peer } from '../../src/gluster/xml/peer-status.js';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { nodeDir } from '../../src/lab/paths.js';
import { analyze } from '../../src/panel/analyze.js';
import { findingGoal, runFix } from '../../src/panel/fix.js';
import { ClusterPoller } from '../../src/panel/poller.js';
import type { ClusterReport } from '../../src/panel/report.js';
import { SshPool } from '../../src/ssh/pool.js';
import { CLIENT_MOUNT, startTestCluster, waitForBricksOnline, writeFiles, type TestCluster } from './cluster-fixture.js';
import { eventually } from './fixture.js';

const VOLUME = 'gv0';

describe.skipIf(inject('labSkipReason') !== '')('Peer Rejected on node3: named alone, recovered on node3 alone', () => {
  let cluster: TestCluster;
  let work: string;
  let pool: SshPool;
  let poller: ClusterPoller;
  const recheck = async (): Promise<ClusterReport> => analyze(await poller.refresh(), Date.now());
  /** What identifies node I's copy of the volume's configuration (vols/), read over SSH. */
  const volsChecksum = (index: number) => cluster.must(index, `cd /var/lib/glusterd && find vols -type f | LC_ALL=C sort | xargs sha256sum`);
  const peerViews = () =>
    Promise.all(cluster.nodes.map(async (n) => ({ node: n.name, peers: await cluster.run(n.index, 'gluster --mode=script peer status --xml').then((r) => { try { return parsePeerStatus(r.stdout); } catch { return [] as Peer[]; } }) })));

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3, volume: VOLUME, replica: 3, mountOn: [1] });
    work = mkdtempSync(join(tmpdir(), 'gc-peer-rejected-'));
    pool = new SshPool(cluster.inventory.hosts, { sshConfigFile: null, agentSocket: null });
    poller = new ClusterPoller({ executor: pool, hosts: cluster.inventory.hosts });
  });
  afterAll(async () => {
    poller?.stop();
    await pool?.close();
    await cluster?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('one finding, node3 only; its recovery runs on node3 only, and checking again shows the pool whole', async () => {
    await writeFiles(cluster, 1, 'before', 20);

    // node3 powered off; the pool changes a volume option meanwhile.
    await labCrash(cluster.lab.dir, 3);
    await cluster.must(1, `gluster --mode=script volume set ${VOLUME} diagnostics.client-log-level WARNING`);
    const version = /^version=(\d+)$/m.exec(await cluster.must(1, `cat /var/lib/glusterd/vols/${VOLUME}/info`))?.[1];
    expect(version).toBeDefined();
    // node3's copy, edited while it is down: node1's version, and an option the pool does not have.
    const node3Info = join(nodeDir(cluster.lab.dir, 3), 'root', 'var', 'lib', 'glusterd', 'vols', VOLUME, 'info');
    const edited = readFileSync(node3Info, 'utf8').replace(/^version=\d+$/m, `version=${version}`);
    writeFileSync(node3Info, `${edited.trimEnd()}\nperformance.stat-prefetch=off\n`);
    await labBoot(cluster.lab.dir, 3);

    // As the facts say: node1 and node2 reject node3, node3 rejects both of them.
    const rejectedLines = (views: Awaited<ReturnType<typeof peerViews>>) =>
      views.map((v) => `${v.node}: ${v.peers.map((p) => `${p.hostname} ${p.stateStr}${p.connected ? '' : ' (Disconnected)'}`).sort().join(', ')}`);
    const expected = ['node1: node2 Peer in Cluster, node3 Peer Rejected', 'node2: node1 Peer in Cluster, node3 Peer Rejected', 'node3: node1 Peer Rejected, node2 Peer Rejected'];
    const rejectedViews = await eventually(peerViews, (views) => JSON.stringify(rejectedLines(views)) === JSON.stringify(expected), 90_000, 500);
    expect(rejectedLines(rejectedViews)).toEqual(expected);
    const before = { node1: await volsChecksum(1), node2: await volsChecksum(2) };

    const report = await eventually(recheck, (r) => r.findings.some((f) => f.kind === 'peer-rejected'), 60_000, 500);
    const rejected = report.findings.filter((f) => f.kind === 'peer-rejected');
    process.stderr.write(`[peer-rejected] findings: ${report.findings.map((f) => `${f.kind}: ${f.title}`).join(' | ')}\n`);
    expect(rejected.map((f) => f.title)).toEqual([expect.stringMatching(/^node3 /)]);
    const finding = rejected[0]!;
    expect(finding.host).toBe('node3');
    expect(finding.title).not.toMatch(/node[12] is rejected|rejects node[12]/);
    const plan = finding.plan!;
    expect(plan, 'the finding offers the recovery as a plan').toBeDefined();
    for (const step of plan.steps) expect(step.host, step.command.text).toBe('node3');
    expect(plan.steps.map((s) => s.command.text).join('\n')).toMatch(/\/var\/lib\/glusterd/);
    // Clearing node3's state needs the operator to type its name.
    expect(plan.extraConfirmation?.expect).toBe('node3');

    const audit = new AuditLog(join(work, 'audit.log'));
    const outcome = await runFix(plan, findingGoal(finding), { executor: pool, audit, recheck });
    process.stderr.write(`[peer-rejected] ${outcome.summary}\n${outcome.lines.map((l) => l.slice(0, 160)).join('\n')}\n${outcome.outcomes.map((o) => `${o.ok ? 'ok' : 'FAILED'} ${o.attempts}: ${(o.result?.stdout ?? '') + (o.result?.stderr ?? '')}`.slice(0, 300)).join('\n')}\n`);
    expect(outcome.summary).toMatch(/done, and checking again shows it fixed/);
    expect(audit.read().every((e) => e.host === 'node3')).toBe(true);

    const whole = await eventually(peerViews, (views) => views.every((v) => v.peers.length === 2 && v.peers.every((p) => p.state === 3 && p.connected)), 60_000, 500);
    for (const v of whole) expect(v.peers.map((p) => p.stateStr), v.node).toEqual(['Peer in Cluster', 'Peer in Cluster']);
    await waitForBricksOnline(cluster, 3);
    expect(await volsChecksum(1)).toBe(before.node1);
    expect(await volsChecksum(2)).toBe(before.node2);
    // node3's configuration now comes from the pool: the option only it had is gone.
    expect(await cluster.must(3, `cat /var/lib/glusterd/vols/${VOLUME}/info`)).not.toMatch(/stat-prefetch/);
    const read = await cluster.must(1, `cat ${CLIENT_MOUNT}/before-1 ${CLIENT_MOUNT}/before-20`);
    expect(read).toBe('before 1\nbefore 20\n');
  }, 480_000);
});

// Peer Rejected, made as docs/GLUSTER-FACTS.md describes: node3 powered off, a
// volume option changed on node1, node3's copy of the volume's info file given
// node1's version and an option of its own, node3 booted. Every node then sees
// the other side as "Peer Rejected"; the panel must name node3 only (the node
// the majority rejects) and offer the documented recovery on node3 alone,
// through the one runner, "done" only when checking again shows it gone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePeerStatus, type Peer } from '../../src/gluster/xml/peer-status.js';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { nodeDir } from '../../src/lab/paths.js';
import { type TestCluster, writeFiles } from './cluster-fixture.js';
import { startWatchedCluster, type WatchedCluster } from './watched-cluster.js';
import { eventually } from './fixture.js';

const VOLUME = 'gv0';

describe.skipIf(inject('labSkipReason') !== '')('Peer Rejected on node3: named alone, recovered on node3 alone', () => {
  let watched: WatchedCluster;
  let cluster: TestCluster;
  const recheck = () => watched.recheck();
  /** What identifies node I's copy of the volume's configuration (vols/), read over SSH. */
  const volsChecksum = (index: number) => cluster.must(index, `cd /var/lib/glusterd && find vols -type f | LC_ALL=C sort | xargs sha256sum`);
  const peerViews = () =>
    Promise.all(cluster.nodes.map(async (n) => ({ node: n.name, peers: await cluster.run(n.index, 'gluster --mode=script peer status --xml').then((r) => { try { return parsePeerStatus(r.stdout); } catch { return [] as Peer[]; } }) })));

  beforeAll(async () => {
    watched = await startWatchedCluster(VOLUME, 'gc-peer-rejected-');
    cluster = watched.cluster;
  });
  afterAll(async () => {
    await watched?.down();
  });

  it('one finding, node3 only; its documented recovery shown for node3 alone, and nothing run on the good nodes', async () => {
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
    // The documented recovery is shown for node3 alone and not run from the panel: in one of two clean CI
    // runs the scripted recovery said "done" and node2's and node3's bricks then stayed offline.
    expect(finding.plan).toBeUndefined();
    expect(finding.manual?.length).toBeGreaterThan(0);
    for (const line of finding.manual!) expect(line).toMatch(/^on node3: /);
    expect(finding.manual!.join('\n')).toMatch(/\/var\/lib\/glusterd/);
    // Nothing ran on the good nodes: their volume configuration is as it was.
    expect(await volsChecksum(1)).toBe(before.node1);
    expect(await volsChecksum(2)).toBe(before.node2);
  }, 480_000);
});

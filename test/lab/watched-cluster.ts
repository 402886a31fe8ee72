// A real replica-3 cluster watched by the panel's own poller over one SSH pool:
// what the lab tests of findings and their fixes share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/panel/analyze.js';
import { ClusterPoller } from '../../src/panel/poller.js';
import type { ClusterReport } from '../../src/panel/report.js';
import { SshPool } from '../../src/ssh/pool.js';
import { startTestCluster, type TestCluster } from './cluster-fixture.js';

export interface WatchedCluster {
  cluster: TestCluster;
  pool: SshPool;
  /** The panel's own poller (on-demand reads such as a split-brain's copies). */
  poller: ClusterPoller;
  /** A scratch directory of the test's own (audit logs). */
  work: string;
  /** Refreshes the poller and reads the report, as the panel does after a fix. */
  recheck(): Promise<ClusterReport>;
  down(): Promise<void>;
}

export async function startWatchedCluster(volume: string, scratchPrefix: string): Promise<WatchedCluster> {
  const cluster = await startTestCluster({ nodes: 3, volume, replica: 3, mountOn: [1] });
  const work = mkdtempSync(join(tmpdir(), scratchPrefix));
  const pool = new SshPool(cluster.inventory.hosts, { sshConfigFile: null, agentSocket: null });
  const poller = new ClusterPoller({ executor: pool, hosts: cluster.inventory.hosts });
  return {
    cluster,
    pool,
    poller,
    work,
    recheck: async () => analyze(await poller.refresh(), Date.now()),
    async down() {
      poller.stop();
      await pool.close();
      await cluster.down();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

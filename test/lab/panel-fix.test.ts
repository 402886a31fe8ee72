// The panel's fixes on a real cluster go through the one runner: every command
// is in the audit log, and "done" is said only when checking the cluster again
// shows the finding gone. A fix that runs cleanly but changes nothing is
// reported as "ran, but it is not fixed", with what is still wrong.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { AuditLog } from '../../src/config/audit.js';
import { findingGoal, runFix } from '../../src/panel/fix.js';
import type { ClusterReport, Finding } from '../../src/panel/report.js';
import type { SshPool } from '../../src/ssh/pool.js';
import { type TestCluster, waitForBricksOnline } from './cluster-fixture.js';
import { startWatchedCluster, type WatchedCluster } from './watched-cluster.js';
import { eventually } from './fixture.js';

describe.skipIf(inject('labSkipReason') !== '')('panel fixes: audited, and done only when checked again', () => {
  let watched: WatchedCluster;
  let cluster: TestCluster;
  let work: string;
  let pool: SshPool;
  const recheck = () => watched.recheck();
  const offlineOn = (report: ClusterReport, host: string): Finding | undefined =>
    report.findings.find((f) => f.kind === 'brick-offline' && f.host === host && f.plan !== undefined);

  /** Kills node3's brick process, and waits until the panel offers its fix. */
  async function brickOfflineOnNode3(): Promise<Finding> {
    await cluster.must(3, 'pkill -KILL -x glusterfsd; for i in $(seq 1 50); do pgrep -x glusterfsd >/dev/null || exit 0; sleep 0.1; done; exit 1');
    const report = await eventually(recheck, (r) => offlineOn(r, 'node3') !== undefined, 60_000);
    const finding = offlineOn(report, 'node3');
    expect(finding, `no brick-offline finding with a fix for node3; findings: ${report.findings.map((f) => f.title).join(' | ')}`).toBeDefined();
    return finding!;
  }

  beforeAll(async () => {
    watched = await startWatchedCluster('gv0', 'gc-panel-fix-');
    ({ cluster, work, pool } = watched);
  });
  afterAll(async () => {
    await watched?.down();
  });

  it('a brick that can start again: done after checking again, and the command is in the audit log', async () => {
    const finding = await brickOfflineOnNode3();
    const audit = new AuditLog(join(work, 'audit-1.log'));
    const outcome = await runFix(finding.plan!, findingGoal(finding), { executor: pool, audit, recheck });
    expect(outcome.summary).toMatch(/done, and checking again shows it fixed/);
    expect(outcome.ok).toBe(true);
    await waitForBricksOnline(cluster, 3);
    expect(audit.read()).toEqual([expect.objectContaining({ host: expect.any(String), step: expect.stringMatching(/^panel: /), command: expect.stringMatching(/volume start gv0 force$/), exitCode: 0 })]);
  });

  it('a brick that cannot start: never "done"; says what is still wrong', async () => {
    const finding = await brickOfflineOnNode3();
    // node3's brick program now exits at once (a broken install, as far as glusterd can tell).
    // Only inside node3's own mount namespace: the other nodes and the machine are untouched.
    await cluster.must(3, 'mount --bind /bin/false /usr/sbin/glusterfsd');
    const audit = new AuditLog(join(work, 'audit-2.log'));
    try {
      const outcome = await runFix(finding.plan!, { ...findingGoal(finding), settleMs: 8000 }, { executor: pool, audit, recheck });
      expect(outcome.ok).toBe(false);
      expect(outcome.summary).not.toMatch(/done/);
      // Either gluster refused (its own reason shown) or it said success and the brick stayed down.
      expect(outcome.summary).toMatch(/ran, but it is not fixed: .*node3|failed at step 1 of 1: exit \d+: .*\S/);
      process.stderr.write(`[panel-fix] ${outcome.summary}\n`);
      expect(audit.read()).toHaveLength(1);
      expect(offlineOn(await recheck(), 'node3')).toBeDefined();
    } finally {
      await cluster.must(3, 'umount /usr/sbin/glusterfsd');
    }
    // With the program back, the same fix works, and says so only after checking.
    const outcome = await runFix(finding.plan!, findingGoal(finding), { executor: pool, recheck });
    expect(outcome.summary).toMatch(/done, and checking again shows it fixed/);
    await waitForBricksOnline(cluster, 3);
  });
});

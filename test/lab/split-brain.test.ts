// Metadata and gfid split-brain made for real (a partition: node1 alone against
// node2 and node3, no client quorum, no self-heal), found from every brick's
// copy and resolved with the one policy gluster 10 accepts for each, through
// the runner, with "done" only once the copies, read again, agree.
// The data split-brain (bigger-file, source-brick from the console) is in panel.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { AuditLog } from '../../src/config/audit.js';
import { kindsOf, type CopyRead, type EntryRef } from '../../src/panel/copies.js';
import { runFix } from '../../src/panel/fix.js';
import { splitBrainGoal, splitBrainRequestPlan } from '../../src/panel/split-brain.js';
import { BRICK_PATH, CLIENT_MOUNT, waitForMountLinks, type TestCluster } from './cluster-fixture.js';
import { startWatchedCluster, type WatchedCluster } from './watched-cluster.js';

const VOLUME = 'sbk';

describe.skipIf(inject('labSkipReason') !== '')('split-brain of every kind, from the bricks\' copies', () => {
  let watched: WatchedCluster;
  let cluster: TestCluster;
  const brick = (i: number) => `node${i}:${BRICK_PATH}`;

  const copies = async (entry: EntryRef): Promise<CopyRead[]> => {
    const info = (await watched.poller.refresh()).volumes.value?.find((v) => v.name === VOLUME);
    expect(info, 'volume info of the test volume').toBeDefined();
    return watched.poller.readCopies(info!, entry);
  };
  /** A gluster command on node1, asked again while the panel's queries hold glusterd's lock. */
  const gluster = (args: string) =>
    cluster.must(1, `for i in $(seq 1 40); do out=$(gluster --mode=script ${args} 2>&1) && exit 0; echo "$out" | grep -q 'Another transaction' || { echo "$out"; exit 1; }; sleep 0.25; done; echo "$out"; exit 1`);
  /** Runs on node1's client mount until the volume answers (bricks come and go in this test). */
  // The mount itself answers ENOTCONN while no brick is connected yet (right after a start force): retried too.
  const onMount = (command: string) => cluster.must(1, `for i in $(seq 1 240); do cd ${CLIENT_MOUNT} 2>/dev/null && ${command} 2>/dev/null && exit 0; sleep 0.25; done; exit 1`);

  beforeAll(async () => {
    watched = await startWatchedCluster(VOLUME, 'gc-split-brain-');
    cluster = watched.cluster;
    for (const o of ['cluster.quorum-type none', 'cluster.self-heal-daemon off', 'cluster.data-self-heal off', 'cluster.metadata-self-heal off', 'cluster.entry-self-heal off']) {
      await gluster(`volume set ${VOLUME} ${o}`);
    }
    await onMount('echo base > meta');
    // node1 alone: chmod 600 and a first /gf.
    // Each change waits until the mount is connected to exactly the bricks meant to take it: a chmod
    // sent while the client had not yet reconnected to node3 left node3's copy at 644 (seen in CI).
    await cluster.must(2, 'pkill -KILL -x glusterfsd');
    await cluster.must(3, 'pkill -KILL -x glusterfsd');
    await waitForMountLinks(cluster, 1, VOLUME, [1]);
    await onMount('chmod 600 meta');
    await onMount('echo g1 > gf');
    await gluster(`volume start ${VOLUME} force`);
    // node2 and node3 without node1: chmod 640 and another /gf (a fresh mount, so no cached lookup).
    await cluster.must(1, 'pkill -KILL -x glusterfsd');
    await waitForMountLinks(cluster, 1, VOLUME, [2, 3]);
    await onMount('chmod 640 meta');
    await cluster.must(1, `umount ${CLIENT_MOUNT} && mount -t glusterfs localhost:/${VOLUME} ${CLIENT_MOUNT}`);
    await waitForMountLinks(cluster, 1, VOLUME, [2, 3]);
    await onMount('echo g2-longer > gf');
    await gluster(`volume start ${VOLUME} force`);
  });
  afterAll(async () => {
    await watched?.down();
  });

  it('metadata split-brain: bigger-file refused with the reason, source-brick resolves it, and done only after the copies agree', async () => {
    const before = await copies({ path: '/meta' });
    expect(kindsOf(before)).toEqual({ kinds: ['metadata'] });
    expect(before.map((r) => r.copy?.mode)).toEqual(['600', '640', '640']);
    // The goal cannot be met before anything ran: it reads the copies, not gluster's word.
    expect(await splitBrainGoal(() => copies({ path: '/meta' })).unmet({} as never)).toMatch(/still show metadata split-brain/);

    const request = { volume: VOLUME, host: 'node1', entry: { path: '/meta' }, brick: brick(2), reads: before };
    const bigger = splitBrainRequestPlan({ ...request, policy: 'bigger-file' });
    expect('refused' in bigger && bigger.refused).toMatch(/metadata split-brain only with a source brick/);

    const planned = splitBrainRequestPlan({ ...request, policy: 'source-brick' });
    if (!('plan' in planned)) throw new Error(`refused: ${planned.refused}`);
    const audit = new AuditLog(join(watched.work, 'audit-meta.log'));
    const outcome = await runFix(planned.plan, splitBrainGoal(() => copies({ path: '/meta' })), { executor: watched.pool, audit, recheck: watched.recheck });
    expect(outcome.summary).toMatch(/done, and checking again shows it fixed/);
    expect(audit.read()).toEqual([expect.objectContaining({ command: `gluster --mode=script volume heal ${VOLUME} split-brain source-brick ${brick(2)} /meta`, exitCode: 0 })]);
    expect((await cluster.must(1, `stat -c %a ${CLIENT_MOUNT}/meta && cat ${CLIENT_MOUNT}/meta`)).split('\n')).toEqual(['640', 'base', '']);
  });

  it('gfid split-brain: found though gluster lists only its directory, resolved on the path from the brick chosen', async () => {
    const list = await cluster.must(1, `gluster --mode=script volume heal ${VOLUME} info split-brain`);
    expect(list).not.toContain('/gf'); // gluster itself does not name the file: the copies do
    const before = await copies({ path: '/gf' });
    const known = kindsOf(before);
    expect('kinds' in known && known.kinds[0]).toBe('gfid');
    expect(new Set(before.map((r) => r.copy?.gfid)).size).toBe(2);
    const request = { volume: VOLUME, host: 'node1', entry: { path: '/gf' }, brick: brick(2), reads: before };
    for (const policy of ['bigger-file', 'latest-mtime'] as const) {
      const refused = splitBrainRequestPlan({ ...request, policy });
      expect('refused' in refused && refused.refused).toMatch(/gfid split-brain is resolved only by naming the brick/);
    }
    const planned = splitBrainRequestPlan({ ...request, policy: 'source-brick' });
    if (!('plan' in planned)) throw new Error(`refused: ${planned.refused}`);
    const outcome = await runFix(planned.plan, splitBrainGoal(() => copies({ path: '/gf' })), { executor: watched.pool, recheck: watched.recheck });
    expect(outcome.summary).toMatch(/done, and checking again shows it fixed/);
    const after = await copies({ path: '/gf' });
    expect(new Set(after.filter((r) => r.copy?.exists).map((r) => r.copy?.gfid)).size).toBe(1);
    expect((await cluster.must(1, `cat ${CLIENT_MOUNT}/gf`)).trim()).toBe('g2-longer');
  });
});

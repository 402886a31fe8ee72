// `layout check --inventory` asks the hosts what glusterd itself checks when it
// stages a `volume create`, before anything is created: on a lab of three nodes
// (peers probed, volume datapoint made by hand), each case is judged by the
// console first, then the node's state is checked unchanged, then the same
// words go to real glusterd where that is cheap, and both must agree. Every
// case has directories of its own, so the marks a failed create leaves on
// its bricks never reach another case.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labSilence } from '../../src/lab/lab.js';
import { BRICK_MOUNT, startTestCluster, type TestCluster } from './cluster-fixture.js';
import { runCli, type CliRun } from './setup-support.js';

const M = BRICK_MOUNT;

describe.skipIf(inject('labSkipReason') !== '')('layout check asks the hosts', () => {
  let cluster: TestCluster;
  const bricks = (path: (node: number) => string): string[] => [1, 2, 3].map((n) => `node${n}:${path(n)}`);
  const check = (volume: string, words: string[]): Promise<CliRun> =>
    runCli(['layout', 'check', '--inventory', cluster.inventoryFile, `gluster volume create ${volume} replica 3 ${words.join(' ')}`], {}, 120_000);
  /** The same words to real glusterd on node1. */
  const realCreate = (volume: string, words: string[]) => cluster.run(1, `gluster --mode=script volume create ${volume} replica 3 ${words.join(' ')} 2>&1`, 120_000);

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3 });
  }, 600_000);

  afterAll(async () => {
    await cluster?.down();
  }, 180_000);

  it('refuses a brick on the root partition next to bricks on the brick mount, as glusterd does, before anything is created', async () => {
    // The words: node3:/gv1/ beside node1:/data/glusterfs/brick1/gv1/, accepted offline before.
    const words = [`node1:${M}/gv1/`, `node2:${M}/gv1/`, 'node3:/gv1/'];
    const r = await check('gv1', words);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^REFUSED: GlusterFS 10\.\d+ would refuse this command/);
    expect(r.stdout).toContain('brick 3 (node3:/gv1) is on the root partition');
    expect(r.stdout).toContain('gluster says: The brick node3:/gv1 is being created in the root partition');
    expect(r.stdout).toMatch(/GlusterFS 10\.\d+ as node1 reports it/);
    // Read only: the check made no directory.
    expect((await cluster.run(3, 'test -e /gv1')).code).not.toBe(0);
    expect((await cluster.run(1, `test -e ${M}/gv1`)).code).not.toBe(0);
    const real = await realCreate('gv1', words);
    expect(real.code).not.toBe(0);
    expect(real.stdout).toContain('is being created in the root partition');
  });

  it('refuses a directory that already belongs to a volume', async () => {
    // What a create cut short leaves: the volume-id mark on the brick directory.
    for (const n of [1, 2, 3]) await cluster.must(n, `mkdir -p ${M}/old && setfattr -n trusted.glusterfs.volume-id -v 0x0123456789abcdef0123456789abcdef ${M}/old`);
    const words = bricks(() => `${M}/old`);
    const r = await check('gv2', words);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`brick 1 (node1:${M}/old) already belongs to a volume`);
    expect(r.stdout).toContain(`gluster says: ${M}/old is already part of a volume`);
    const real = await realCreate('gv2', words);
    expect(real.code).not.toBe(0);
    expect(real.stdout).toContain(`${M}/old is already part of a volume`);
  });

  it('refuses a brick whose parent directory is missing', async () => {
    const words = bricks(() => `${M}/missing/gv3`);
    const r = await check('gv3', words);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`the parent directory of brick 1 (node1:${M}/missing/gv3) does not exist`);
    expect(r.stdout).toContain(`fix: create it first: mkdir -p ${M}/missing on node1`);
    const real = await realCreate('gv3', words);
    expect(real.code).not.toBe(0);
    expect(real.stdout).toContain('No such file or directory');
  });

  it('refuses a brick inside an existing volume\'s brick', async () => {
    const r = await check('gv4', bricks(() => `${M}/brick/inner`));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`brick 1 (node1:${M}/brick/inner) contains, or is inside, a brick of an existing volume`);
  });

  it('accepts a good layout, checked on every host, and glusterd creates it', async () => {
    const words = bricks(() => `${M}/gv5`);
    const r = await check('gv5', words);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ACCEPTED: GlusterFS 10\.\d+ would create this volume/);
    expect(r.stdout).toContain('Asked the hosts: root partition, mount point');
    expect(r.stdout).not.toContain('Not checked');
    const real = await realCreate('gv5', words);
    expect(real.code, real.stdout).toBe(0);
  });

  it('leaves a silent node\'s bricks not checked, with the reason, and says so in its exit code', async () => {
    await labSilence(cluster.lab.dir, 3, true);
    try {
      const r = await check('gv6', bricks(() => `${M}/gv6`));
      expect(r.code, r.stdout + r.stderr).toBe(3);
      expect(r.stdout).toMatch(/^ACCEPTED SO FAR \(not fully checked\)/);
      expect(r.stdout).toContain('Not checked on the hosts:');
      expect(r.stdout).toMatch(new RegExp(`- node3:${M}/gv6: not checked \\(root partition, .*\\): \\S+`));
      expect(r.stdout).not.toMatch(new RegExp(`node[12]:${M}/gv6: not checked`));
    } finally {
      await labSilence(cluster.lab.dir, 3, false);
    }
  });
});

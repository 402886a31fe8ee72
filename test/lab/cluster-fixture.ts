// A GlusterFS cluster on a test lab, built by hand the way the seed's notes
// do it (not by the console's guided setup, so suites can rely on it while the
// setup changes): /etc/hosts, glusterd, an XFS brick filesystem per node
// mounted from fstab by UUID, peer probe, a replicated volume, a FUSE mount.
// Every command goes through the system's OpenSSH client (sshRun).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { parseHealSummary, type BrickHeal } from '../../src/gluster/xml/heal-summary.js';
import { parsePoolList } from '../../src/gluster/xml/peer-status.js';
import { parseVolumeStatus, type VolumeStatus } from '../../src/gluster/xml/volume-status.js';
import type { Inventory } from '../../src/config/inventory.js';
import { eventually, sshRun, startTestLab, type SshRun, type TestLab } from './fixture.js';

export const BRICK_MOUNT = '/data/glusterfs/brick1';
export const BRICK_PATH = `${BRICK_MOUNT}/brick`;
export const CLIENT_MOUNT = '/data/shared';

export interface ClusterNode {
  index: number;
  name: string;
  address: string;
}

export interface ClusterOptions {
  /** Lab nodes (default 3); all of them get a brick unless brickNodes says fewer. */
  nodes?: number;
  volume?: string;
  replica?: number;
  /** How many nodes (the first ones) hold a brick; a multiple of replica (default: all). */
  brickNodes?: number;
  /** Nodes that FUSE-mount the volume at /data/shared (default [1]). */
  mountOn?: number[];
}

export interface TestCluster {
  lab: TestLab;
  volume: string;
  nodes: ClusterNode[];
  /** The lab's inventory, also written as a file for --inventory. */
  inventory: Inventory;
  inventoryFile: string;
  /** Runs on node I (1-based) as root; never throws. */
  run(index: number, command: string, timeoutMs?: number): Promise<SshRun>;
  /** Like run, but fails with the output when the command fails; returns stdout. */
  must(index: number, command: string, timeoutMs?: number): Promise<string>;
  node(index: number): ClusterNode;
  down(): Promise<void>;
}

function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export async function startTestCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const lab = await startTestLab(options.nodes ?? 3);
  try {
    return await buildCluster(lab, options);
  } catch (err) {
    await lab.down();
    throw err;
  }
}

/** Builds the cluster on a fresh lab (nodes as `lab up` leaves them). */
export async function buildCluster(lab: TestLab, options: ClusterOptions = {}): Promise<TestCluster> {
  const volume = options.volume ?? 'datapoint';
  const replica = options.replica ?? 3;
  const nodes: ClusterNode[] = lab.inventory.hosts.map((h, i) => ({ index: i + 1, name: h.name, address: h.address }));
  const brickNodes = nodes.slice(0, options.brickNodes ?? nodes.length);
  if (brickNodes.length % replica !== 0) throw new Error(`${brickNodes.length} bricks are not a multiple of replica ${replica}`);
  const node = (index: number) => {
    const found = nodes[index - 1];
    if (!found) throw new Error(`no node ${index}`);
    return found;
  };
  const run = (index: number, command: string, timeoutMs?: number) => sshRun(lab, node(index).address, command, timeoutMs);
  const must = async (index: number, command: string, timeoutMs?: number) => {
    const r = await run(index, command, timeoutMs);
    if (r.code !== 0) throw new Error(`node${index}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  const hostsLines = nodes.map((n) => `${n.address} ${n.name}`).join('\n');
  await Promise.all(
    nodes.map(async (n) => {
      const brick = brickNodes.includes(n);
      await must(
        n.index,
        [
          `printf '%s\\n' ${q(hostsLines)} >> /etc/hosts`,
          'glusterd -p /run/glusterd.pid',
          ...(brick
            ? [
                'mkfs.xfs -q -f -i size=512 /dev/vdc',
                `mkdir -p ${BRICK_MOUNT}`,
                `echo "UUID=$(blkid -s UUID -o value /dev/vdc) ${BRICK_MOUNT} xfs defaults,nofail 0 0" >> /etc/fstab`,
                `mount ${BRICK_MOUNT}`,
                `mkdir -p ${BRICK_PATH}`,
              ]
            : []),
          // glusterd answers a few hundred ms after it daemonises.
          'for i in $(seq 1 100); do gluster --mode=script pool list >/dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1',
        ].join(' && '),
      );
    }),
  );

  for (const n of nodes.slice(1)) await must(1, `gluster --mode=script peer probe ${n.name}`);
  await waitForPool(run, nodes);

  const bricks = brickNodes.map((n) => `${n.name}:${BRICK_PATH}`).join(' ');
  await must(1, `gluster --mode=script volume create ${volume} replica ${replica} ${bricks} && gluster --mode=script volume start ${volume}`, 120_000);
  for (const index of options.mountOn ?? [1]) {
    await must(index, `mkdir -p ${CLIENT_MOUNT} && mount -t glusterfs localhost:/${volume} ${CLIENT_MOUNT}`);
  }

  const inventoryFile = join(lab.dir, 'cluster-inventory.yaml');
  writeFileSync(inventoryFile, YAML.stringify(lab.inventory));
  return { lab, volume, nodes, inventory: lab.inventory, inventoryFile, run, must, node, down: () => lab.down() };
}

/** Until every node sees every other one as "Peer in Cluster", connected. */
async function waitForPool(run: (index: number, command: string) => Promise<SshRun>, nodes: ClusterNode[]): Promise<void> {
  const complete = async () => {
    const views = await Promise.all(nodes.map((n) => run(n.index, 'gluster --mode=script pool list --xml')));
    return views.every((v) => {
      try {
        const pool = parsePoolList(v.stdout);
        return pool.length === nodes.length && pool.every((p) => p.hostname === 'localhost' || (p.connected && p.state === 3));
      } catch {
        return false;
      }
    });
  };
  const ok = await eventually(complete, Boolean, 60_000, 300);
  if (!ok) throw new Error('the peers did not all reach "Peer in Cluster (Connected)"');
}

/** `gluster volume heal VOL info summary --xml` on a node, parsed. */
export async function healSummary(cluster: TestCluster, index = 1): Promise<BrickHeal[]> {
  const out = await cluster.must(index, `gluster --mode=script volume heal ${cluster.volume} info summary --xml`);
  return parseHealSummary(out);
}

/** Entries pending heal, summed over the bricks that answered (undefined when a brick did not). */
export async function pendingHeal(cluster: TestCluster, index = 1): Promise<number | undefined> {
  const bricks = await healSummary(cluster, index);
  if (bricks.some((b) => b.pending === undefined)) return undefined;
  return bricks.reduce((n, b) => n + (b.pending ?? 0), 0);
}

/** `gluster volume status VOL --xml` on a node, parsed. */
export async function volumeStatus(cluster: TestCluster, index = 1): Promise<VolumeStatus | undefined> {
  const out = await cluster.must(index, `gluster --mode=script volume status ${cluster.volume} --xml`);
  return parseVolumeStatus(out)[0];
}

/** Writes `count` small files through the FUSE mount on node I. */
export async function writeFiles(cluster: TestCluster, index: number, prefix: string, count: number): Promise<void> {
  await cluster.must(index, `for i in $(seq 1 ${count}); do echo "${prefix} $i" > ${CLIENT_MOUNT}/${prefix}-$i || exit 1; done`);
}

/**
 * Until node `index`'s client mount of `volume` is connected to the bricks of
 * exactly the nodes in `up` (brick i of the volume is on node i+1), read from
 * the mount's own client state (.meta/graphs/active/VOL-client-N/private).
 * A write through the mount right after a brick starts or dies lands only on
 * the bricks the client is connected to at that moment (it reconnects every
 * few seconds): a test that makes copies differ must wait for this first.
 */
export async function waitForMountLinks(cluster: TestCluster, index: number, volume: string, up: readonly number[], nodes = 3): Promise<void> {
  const want = Array.from({ length: nodes }, (_, i) => (up.includes(i + 1) ? 1 : 0)).join(' ');
  const read = `for c in $(seq 0 ${nodes - 1}); do sed -n 's/^connected = //p' ${CLIENT_MOUNT}/.meta/graphs/active/${volume}-client-$c/private 2>/dev/null || echo x; done | tr '\\n' ' '`;
  await cluster.must(index, `for i in $(seq 1 1200); do [ "$(${read})" = "${want} " ] && exit 0; sleep 0.05; done; echo "mount links: $(${read}), wanted ${want}" >&2; exit 1`);
}

/** Until volume status lists every brick online. */
export async function waitForBricksOnline(cluster: TestCluster, bricks: number, index = 1): Promise<void> {
  const status = await eventually(
    () => volumeStatus(cluster, index).catch(() => undefined),
    (s) => s !== undefined && s.bricks.filter((b) => b.online).length === bricks,
    60_000,
    300,
  );
  if (!status || status.bricks.filter((b) => b.online).length !== bricks) throw new Error(`not all ${bricks} bricks came online: ${JSON.stringify(status?.bricks)}`);
}

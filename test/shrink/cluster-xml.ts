// gluster's XML answers for a scripted cluster of nodeN hosts (the shape
// measured on 10.3, see test/fixtures/gluster-10.3/), made to order so a test
// can move a cluster from 2 x 3 to 1 x 3.
import type { Inventory } from '../../src/config/inventory.js';
import { sha256 } from '../../src/steps/file-edit.js';
import { FakeExecutor } from '../support/fake-executor.js';

export const BRICK = '/data/glusterfs/brick1/brick';
export const uuid = (host: string) => `00000000-0000-4000-8000-${host.replace(/\D/g, '').padStart(12, '0')}`;
const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n';

export function volumeInfoXml(hosts: readonly string[], replica = 3, name = 'gv0'): string {
  const sets = hosts.length / replica;
  const bricks = hosts.map((h) => `<brick uuid="${uuid(h)}">${h}:${BRICK}<name>${h}:${BRICK}</name><hostUuid>${uuid(h)}</hostUuid><isArbiter>0</isArbiter></brick>`).join('');
  return `${head}<volInfo><volumes><volume><name>${name}</name><id>6a1a3f3c-0000-4000-8000-000000000001</id><status>1</status><statusStr>Started</statusStr><snapshotCount>0</snapshotCount><brickCount>${hosts.length}</brickCount><distCount>${sets}</distCount><replicaCount>${replica}</replicaCount><arbiterCount>0</arbiterCount><disperseCount>0</disperseCount><redundancyCount>0</redundancyCount><type>${sets > 1 ? 7 : 2}</type><typeStr>${sets > 1 ? 'Distributed-Replicate' : 'Replicate'}</typeStr><transport>0</transport><bricks>${bricks}</bricks><optCount>0</optCount><options/></volume><count>1</count></volumes></volInfo></cliOutput>`;
}

/** pool list as `asker` answers it: the others by name, itself as localhost. */
export function poolListXml(asker: string, hosts: readonly string[]): string {
  const peer = (h: string) => `<peer><uuid>${uuid(h)}</uuid><hostname>${h === asker ? 'localhost' : h}</hostname>${h === asker ? '' : `<hostnames><hostname>${h}</hostname></hostnames>`}<connected>1</connected><state>3</state><stateStr>Peer in Cluster</stateStr></peer>`;
  return `${head}<peerStatus>${hosts.map(peer).join('')}</peerStatus></cliOutput>`;
}

export function clusterAnswer(asker: string, volumeHosts: readonly string[], pool: readonly string[]): string {
  return `\n@@volumes\n${volumeInfoXml(volumeHosts)}\n@@pool\n${poolListXml(asker, pool)}\n`;
}

export interface NodeProgress {
  host: string;
  status: number;
  files?: number;
  failures?: number;
}

const STATUS_NAMES: Record<number, string> = { 1: 'in progress', 2: 'stopped', 3: 'completed', 4: 'failed' };

export function removeBrickStatusXml(nodes: readonly NodeProgress[]): string {
  const counts = (n: NodeProgress) =>
    `<files>${n.files ?? 0}</files><size>${(n.files ?? 0) * 1000}</size><lookups>34</lookups><failures>${n.failures ?? 0}</failures><skipped>0</skipped><status>${n.status}</status><statusStr>${STATUS_NAMES[n.status]}</statusStr><runtime>3.00</runtime>`;
  const node = (n: NodeProgress) => `<node><nodeName>${n.host}</nodeName><id>${uuid(n.host)}</id>${counts(n)}</node>`;
  return `${head}<volRemoveBrick><task-id>0f2aeab4-a364-4dba-8cf5-69a81454e812</task-id><nodeCount>6</nodeCount>${nodes.map(node).join('')}<aggregate>${counts(nodes[0]!)}</aggregate></volRemoveBrick></cliOutput>`;
}

export const REMOVE_BRICK_NOT_STARTED =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n  <opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n  <opErrstr>remove-brick not started for volume gv0.</opErrstr>\n  <volRemoveBrick/>\n</cliOutput>';

export const opOk = (message: string) => `${head.replace('<opErrstr/>', `<opErrstr>${message}</opErrstr>`)}<volRemoveBrick><task-id>0f2aeab4-a364-4dba-8cf5-69a81454e812</task-id></volRemoveBrick></cliOutput>`;

export const FSTAB_WITH_MOUNT = 'UUID=6dd9 /data/glusterfs/brick1 xfs defaults,nofail 0 0\nlocalhost:/gv0 /data/shared glusterfs defaults,_netdev,backup-volfile-servers=node1:node2 0 0\n';
export const FSTAB_WITHOUT_MOUNT = 'UUID=6dd9 /data/glusterfs/brick1 xfs defaults,nofail 0 0\n';

/** A leaving host's answer to the client check: the volume mounted (or not) and its fstab. */
export function clientAnswer(mounted: boolean, fstab: string): string {
  const line = fstab.includes('localhost:/gv0');
  const clients = [
    'clients=begin',
    ...(mounted ? ['mounted\t/data/shared'] : []),
    ...(line ? ['fstab\t/data/shared\tlocalhost:/gv0\tdefaults,_netdev', `live\t/data/shared\t0\t${mounted ? 'fuseblk' : 'ext2/ext3'}\t${mounted ? '' : '0'}`] : []),
    'clients=end',
  ].join('\n');
  return `\n@@clients\n${clients}\n\n@@fstab\n${sha256(fstab)}\n${fstab}`;
}

// ---- a scripted six-node cluster for the shrink's unit and component tests ----

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
export const ALL = ['node1', 'node2', 'node3', 'node4', 'node5', 'node6'];
export const LEAVING = ['node4', 'node5', 'node6'];
export const INVENTORY: Inventory = { hosts: ALL.map((name, i) => ({ name, address: `127.1.22.${i + 1}`, ssh: {}, zone: ZONES[i % 3]! })) };

export const CLUSTER_READ = /@@%s\\n' volumes/;
export const CLIENT_READ = /clients=begin/;
export const STATUS = /remove-brick gv0 .* status --xml$/;
export const START = /remove-brick gv0 .* start --xml$/;
export const COMMIT = /remove-brick gv0 .* commit --xml$/;

/** A cluster that moves as the shrink's commands run: the volume loses its second set on commit, peers leave on detach. */
export function cluster(progress: NodeProgress[][] = [[1, 1, 1].map((status, i) => ({ host: LEAVING[i]!, status })), LEAVING.map((host) => ({ host, status: 3, files: 10 }))]) {
  const fake = new FakeExecutor();
  const state = { started: false, committed: false, polls: 0, pool: [...ALL], mounted: new Set(LEAVING), fstab: new Map(LEAVING.map((h) => [h, FSTAB_WITH_MOUNT])) };
  fake.on('node1', CLUSTER_READ, () => ({ stdout: clusterAnswer('node1', state.committed ? ALL.slice(0, 3) : ALL, state.pool) }));
  fake.on('node1', STATUS, () => {
    if (!state.started) return { stdout: REMOVE_BRICK_NOT_STARTED };
    const step = progress[Math.min(state.polls++, progress.length - 1)]!;
    return { stdout: removeBrickStatusXml(step) };
  });
  fake.on('node1', START, () => {
    state.started = true;
    return { stdout: opOk('Remove Brick start successful') };
  });
  fake.on('node1', COMMIT, () => {
    state.committed = true;
    return { stdout: opOk('Remove Brick commit successful') };
  });
  for (const host of LEAVING) {
    fake.on(host, CLIENT_READ, () => ({ stdout: clientAnswer(state.mounted.has(host), state.fstab.get(host)!) }));
    fake.on(host, 'umount /data/shared', () => {
      state.mounted.delete(host);
      return {};
    });
    fake.on(host, /^f=\/etc\/fstab/, () => {
      state.fstab.set(host, FSTAB_WITHOUT_MOUNT);
      return { stdout: 'replaced /etc/fstab' };
    });
    fake.on('node1', `gluster --mode=script peer detach ${host}`, () => {
      state.pool = state.pool.filter((h) => h !== host);
      return { stdout: 'peer detach: success' };
    });
  }
  return { fake, state };
}


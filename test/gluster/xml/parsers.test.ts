// Parsers on real XML captured from GlusterFS 10.3 on the lab (see test/fixtures/gluster-10.3/README.md).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  GlusterXmlError, isHealthyPeer, layoutString, parseCliOutput, parseHealSummary, parsePeerStatus, parsePoolList, parseVolumeInfo, parseVolumeStatus,
} from '../../../src/gluster/xml/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');

describe('the cliOutput envelope', () => {
  it('reports a failure that the CLI exited 0 for', () => {
    expect(parseCliOutput(fixture('volume-create-failed.xml'))).toMatchObject({ ok: false, opRet: -1, opErrstr: 'Volume datapoint already exists' });
  });
  it('throws with gluster\'s message when an operation failed', () => {
    expect(() => parseHealSummary(fixture('heal-info-summary-novolume.xml'))).toThrow('heal info failed: Volume nosuchvol does not exist');
  });
  it('refuses text that is not gluster XML, quoting it', () => {
    expect(() => parseCliOutput('Connection failed. Please check if gluster daemon is operational.')).toThrow(/got: Connection failed/);
    expect(() => parseCliOutput('<cliOutput><opRet>0</opRet>')).toThrow(GlusterXmlError);
    expect(() => parseCliOutput('')).toThrow(/\(nothing\)/);
  });
});

describe('peer status and pool list', () => {
  it('lists the other peers in cluster and connected', () => {
    const peers = parsePeerStatus(fixture('peer-status.xml'));
    expect(peers.map((p) => [p.hostname, p.connected, p.stateStr])).toEqual([
      ['node2', true, 'Peer in Cluster'],
      ['node3', true, 'Peer in Cluster'],
    ]);
    expect(peers.every(isHealthyPeer)).toBe(true);
    expect(peers[0]!.hostnames).toEqual(['node2']);
    expect(peers[0]!.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('shows a peer whose node is down as in cluster but disconnected', () => {
    const node3 = parsePeerStatus(fixture('peer-status-node3-down.xml')).find((p) => p.hostname === 'node3')!;
    expect(node3).toMatchObject({ connected: false, state: 3 });
    expect(isHealthyPeer(node3)).toBe(false);
  });
  it('includes the answering node as localhost in the pool list', () => {
    const pool = parsePoolList(fixture('pool-list-node3-down.xml'));
    expect(pool.map((p) => [p.hostname, p.connected])).toEqual([
      ['node1', true],
      ['node3', false],
      ['localhost', true],
    ]);
  });
});

describe('volume info', () => {
  const [volume] = parseVolumeInfo(fixture('volume-info.xml'));
  it('reads the volume, its layout counts and bricks', () => {
    expect(volume).toMatchObject({ name: 'datapoint', status: 1, statusStr: 'Started', typeStr: 'Replicate', replicaCount: 3, distCount: 1, brickCount: 3 });
    expect(volume!.bricks.map((b) => [b.host, b.path, b.isArbiter])).toEqual([
      ['node1', '/data/glusterfs/brick1/brick', false],
      ['node2', '/data/glusterfs/brick1/brick', false],
      ['node3', '/data/glusterfs/brick1/brick', false],
    ]);
    expect(volume!.options['cluster.granular-entry-heal']).toBe('on');
  });
  it('prints the layout as gluster does', () => {
    expect(layoutString(volume!)).toBe('1 x 3 = 3');
    expect(layoutString({ ...volume!, brickCount: 6, distCount: 2, arbiterCount: 1 })).toBe('2 x (2 + 1) = 6');
    expect(layoutString({ ...volume!, brickCount: 6, replicaCount: 1, disperseCount: 6, redundancyCount: 2 })).toBe('1 x (4 + 2) = 6');
    expect(layoutString({ ...volume!, replicaCount: 1, distCount: 3 })).toBe('3');
  });
  it('shows an option that was set', () => {
    const [withShd] = parseVolumeInfo(fixture('volume-info-shd-options.xml'));
    expect(withShd!.options['cluster.self-heal-daemon']).toBe('on');
  });
});

describe('volume status', () => {
  it('reads bricks with port, pid and space (detail has no daemons)', () => {
    const [status] = parseVolumeStatus(fixture('volume-status-detail.xml'));
    expect(status!.name).toBe('datapoint');
    expect(status!.bricks).toHaveLength(3);
    expect(status!.bricks[0]).toMatchObject({ hostname: 'node1', path: '/data/glusterfs/brick1/brick', online: true, device: '/dev/vdc', fsName: 'xfs' });
    expect(status!.bricks[0]!.port).toBeGreaterThan(0);
    expect(status!.bricks[0]!.sizeFree).toBeLessThanOrEqual(status!.bricks[0]!.sizeTotal!);
    expect(status!.selfHealDaemons).toEqual([]);
  });
  it('reads the self-heal daemons, one per node, from plain status', () => {
    const [status] = parseVolumeStatus(fixture('volume-status-all.xml'));
    expect(status!.selfHealDaemons.map((d) => [d.path, d.online])).toEqual([
      ['localhost', true],
      ['node3', true],
      ['node2', true],
    ]);
    expect(status!.selfHealDaemons[0]!.port).toBeUndefined();
  });
  it('leaves out the bricks of a peer whose glusterd is down', () => {
    const [status] = parseVolumeStatus(fixture('volume-status-detail-node3-down.xml'));
    expect(status!.bricks.map((b) => b.hostname)).toEqual(['node1', 'node2']);
  });
  it('reads every started volume from status all', () => {
    expect(parseVolumeStatus(fixture('volume-status-all.xml')).map((v) => v.name)).toEqual(['datapoint']);
  });
});

describe('heal info summary', () => {
  it('reads zero backlogs on a healthy volume', () => {
    const bricks = parseHealSummary(fixture('heal-info-summary.xml'));
    expect(bricks.map((b) => [b.host, b.connected, b.pending, b.splitBrain])).toEqual([
      ['node1', true, 0, 0],
      ['node2', true, 0, 0],
      ['node3', true, 0, 0],
    ]);
  });
  it('reads the backlog on live bricks and unknown counts, with the reason, on a down one', () => {
    const bricks = parseHealSummary(fixture('heal-info-summary-node3-down.xml'));
    expect(bricks[0]).toMatchObject({ host: 'node1', connected: true, pending: 6, total: 6, splitBrain: 0 });
    expect(bricks[2]).toEqual({
      name: 'node3:/data/glusterfs/brick1/brick',
      host: 'node3',
      path: '/data/glusterfs/brick1/brick',
      status: 'Transport endpoint is not connected',
      connected: false,
    });
  });
});

describe('brick names', () => {
  it('split at the last colon, as gluster does (IPv6 hosts hold colons)', async () => {
    const { splitBrickName } = await import('../../../src/gluster/xml/brick-name.js');
    expect(splitBrickName('node1:/data/b')).toEqual({ host: 'node1', path: '/data/b' });
    expect(splitBrickName('fe80::1:/data/b')).toEqual({ host: 'fe80::1', path: '/data/b' });
  });
});

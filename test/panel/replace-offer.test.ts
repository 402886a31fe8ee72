import { describe, expect, it } from 'vitest';
import { freshHosts, replaceOffer } from '../../src/panel/replace-offer.js';
import type { BrickReport, ClusterReport, HostReport } from '../../src/panel/report.js';

const host = (name: string, ssh: HostReport['ssh'], inPool: boolean | undefined): HostReport =>
  ({ name, address: name, ssh, glusterd: ssh === 'up' ? 'running' : 'unknown', ...(inPool !== undefined ? { inPool } : {}) }) as HostReport;
const brick = (h: string): BrickReport => ({ volume: 'gv0', name: `${h}:/data/glusterfs/brick1/brick`, host: h, path: '/data/glusterfs/brick1/brick' }) as BrickReport;
const report = (hosts: HostReport[]): Pick<ClusterReport, 'hosts' | 'volumes'> =>
  ({ hosts, volumes: [{ name: 'gv0', bricks: ['node1', 'node2', 'node3'].map(brick) }] }) as unknown as Pick<ClusterReport, 'hosts' | 'volumes'>;

describe('the replace offer of a down host', () => {
  it('names the replace command for a fresh host of the inventory', () => {
    const r = report([host('node1', 'up', true), host('node2', 'up', true), host('node3', 'down', true), host('node4', 'up', false)]);
    expect(freshHosts(r)).toEqual(['node4']);
    const offer = replaceOffer(r, 'node3');
    expect(offer?.manual[0]).toMatch(/^gluster-console replace --inventory FILE --old node3 --new node4 --dry-run /);
    expect(offer?.explanation).toContain('moves node3:/data/glusterfs/brick1/brick to it');
  });

  it('offers nothing without a fresh host, or for a host that holds no brick', () => {
    expect(replaceOffer(report([host('node1', 'up', true), host('node3', 'down', true)]), 'node3')).toBeNull();
    // A host in the pool, or one that is itself down, is not fresh.
    expect(freshHosts(report([host('node4', 'up', true), host('node5', 'down', false)]))).toEqual([]);
    expect(replaceOffer(report([host('node5', 'down', true), host('node4', 'up', false)]), 'node5')).toBeNull();
  });
});

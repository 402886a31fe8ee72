import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/inventory.js';
import { parseHealInfo, parsePeerStatus, parseVolumeInfo, parseVolumeStatus, type VolumeInfo } from '../../src/gluster/xml/index.js';
import { decideReplace, detachItems, healItems, healProgress, replaceItems, type ReplaceFacts } from '../../src/replace/plan.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');

const inventory: Inventory = {
  hosts: [1, 2, 3, 4].map((i) => ({ name: `node${i}`, address: `127.1.23.${i}`, ssh: {}, zone: 'zone-a', device: '/dev/vdc' })),
};
// Captured on a 10.3 lab: replica 3 "datapoint" on node1-3, node3 powered off, as node1 sees it.
const volumes = parseVolumeInfo(fixture('volume-info.xml'));
const status = parseVolumeStatus(fixture('volume-status-all-node3-down.xml'));
const peers = parsePeerStatus(fixture('peer-status-node3-down.xml'));
const dead: ReplaceFacts = { oldHost: 'node3', newHost: 'node4', inventory, member: 'node1', volumes, status, peers, oldAnswers: false };

describe('replace a dead node: the decision', () => {
  it('moves each brick of the dead host to the same path on the new host, heals that volume in full, then detaches', () => {
    const plan = decideReplace(dead);
    if (!plan.ok) throw new Error(plan.reasons.join('; '));
    expect(plan.replacements).toEqual([{ volume: 'datapoint', oldBrick: 'node3:/data/glusterfs/brick1/brick', newBrick: 'node4:/data/glusterfs/brick1/brick' }]);
    expect(plan.brickMount).toBe('/data/glusterfs/brick1');
    const items = [...replaceItems(plan, 'node1', 'node4'), ...healItems(plan, 'node1'), ...detachItems(plan, 'node1', 'node3')];
    expect(items.map((i) => `${i.host}: ${i.command.text}${i.check ? ' (guard)' : ''}`)).toEqual([
      'node4: mountpoint -q /data/glusterfs/brick1 (guard)',
      'node1: gluster --mode=script volume replace-brick datapoint node3:/data/glusterfs/brick1/brick node4:/data/glusterfs/brick1/brick commit force',
      'node1: gluster --mode=script volume heal datapoint full',
      'node1: gluster --mode=script peer detach node3',
    ]);
  });

  it('refuses a node that is still alive, naming the evidence and what to use instead', () => {
    const up = status.map((v) => ({ ...v, bricks: [...v.bricks, { hostname: 'node3', path: '/data/glusterfs/brick1/brick', peerid: 'x', online: true }] }));
    const plan = decideReplace({ ...dead, oldAnswers: true, status: up, peers: peers.map((p) => ({ ...p, connected: true })) });
    expect(plan.ok).toBe(false);
    const reason = plan.ok ? '' : plan.reasons.join('\n');
    expect(reason).toContain('node3 answers over SSH');
    expect(reason).toContain('node1 sees its glusterd connected');
    expect(reason).toContain('node3:/data/glusterfs/brick1/brick is online');
    expect(reason).toContain('use shrink, or replace-brick by hand');
  });

  it('refuses a new host that already holds a brick of the volume', () => {
    const withNode4 = volumes.map((v) => ({ ...v, bricks: v.bricks.map((b, i) => (i === 1 ? { ...b, name: 'node4:/data/glusterfs/brick1/brick', host: 'node4' } : b)) }));
    const plan = decideReplace({ ...dead, volumes: withNode4 });
    expect(plan.ok ? '' : plan.reasons.join('\n')).toMatch(/node4 already holds node4:\/data\/glusterfs\/brick1\/brick of datapoint/);
  });

  it('says plainly that a distribute-only brick on the dead node is lost', () => {
    const distribute: VolumeInfo[] = volumes.map((v) => ({ ...v, replicaCount: 1, distCount: 3, typeStr: 'Distribute', type: 0 }));
    const plan = decideReplace({ ...dead, volumes: distribute });
    expect(plan.ok ? '' : plan.reasons.join('\n')).toMatch(/distribute only \(no replica\): the files on node3:\/data\/glusterfs\/brick1\/brick existed only on node3 and are gone with it/);
  });

  it('refuses when no other data brick of the set is online', () => {
    const lonely = status.map((v) => ({ ...v, bricks: v.bricks.map((b) => ({ ...b, online: false })) }));
    const plan = decideReplace({ ...dead, status: lonely });
    expect(plan.ok ? '' : plan.reasons.join('\n')).toMatch(/set 1: no other brick of it is online, so nothing can rebuild node3/);
  });

  it('plans nothing once the bricks moved and the old host left the pool; only the detach when it is still a peer', () => {
    const moved = volumes.map((v) => ({ ...v, bricks: v.bricks.map((b) => (b.host === 'node3' ? { ...b, name: 'node4:/data/glusterfs/brick1/brick', host: 'node4' } : b)) }));
    const done = decideReplace({ ...dead, volumes: moved, peers: peers.filter((p) => p.hostname !== 'node3') });
    expect(done).toMatchObject({ ok: true, replacements: [], detach: false, notes: [expect.stringMatching(/^nothing to do/)] });
    const left = decideReplace({ ...dead, volumes: moved });
    // A re-run after a heal that timed out: no brick moves, but the heal is waited for again before the detach.
    expect(left).toMatchObject({ ok: true, replacements: [], detach: true, healVolumes: [], watchVolumes: ['datapoint'] });
    if (left.ok) expect(replaceItems(left, 'node1', 'node4')).toEqual([]);
  });
});

describe('heal progress from heal info --xml', () => {
  it('counts pending entries and does not call a brick that did not answer healed', () => {
    const p = healProgress(parseHealInfo(fixture('heal-info-node3-down.xml')));
    expect(p.pending).toBe(12);
    expect(p.complete).toBe(false);
    expect(p.perBrick).toContain('node3:/data/glusterfs/brick1/brick not connected');
    expect(healProgress([]).complete).toBe(false);
  });
});

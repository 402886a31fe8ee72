import { describe, expect, it } from 'vitest';
import { intentWith } from '../../src/steps/intent.js';
import { parseSections } from '../../src/steps/sections.js';
import { brickInputs, parseVolumeCheck, planVolume, volumeCheckCommand, volumeStep, type VolumeCheck, type VolumeHostFacts } from '../../src/steps/volume.js';
import { fixture, HOSTS, LAB_INTENT, LAB_INVENTORY, labExecutor } from './fixtures.js';

const NO_VOLUMES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes><count>0</count></volumes></volInfo></cliOutput>\n';

/** A captured check with some sections replaced. */
function edited(text: string, replace: Record<string, string>): string {
  const parts = parseSections(text);
  return Object.keys(parts).map((name) => `\n@@${name}\n${replace[name] ?? parts[name]!.text}`).join('');
}

const B = '/data/glusterfs/brick1/brick';
const DEAD = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function withDir(f: VolumeHostFacts, dir: Partial<VolumeHostFacts['dirs'][string]>, path = B): VolumeHostFacts {
  return { ...f, dirs: { ...f.dirs, [path]: { ...f.dirs[path]!, ...dir } } };
}

/** The finished lab before `volume create`: bricks ready, pool formed, no volume. */
function beforeCreate(host: string): VolumeHostFacts {
  const text = fixture('finished', 'volume', host);
  const brick = parseSections(text).brick!.text.replace(/^volid .*$/m, 'volid ');
  return parseVolumeCheck(edited(text, { info: NO_VOLUMES, status: 'Volume gv0 does not exist\n', brick }), LAB_INTENT);
}

function check(f: (host: string) => VolumeHostFacts, hostErrors: Record<string, string> = {}): VolumeCheck {
  return { facts: Object.fromEntries(HOSTS.filter((h) => !hostErrors[h]).map((h) => [h, f(h)])), hostErrors };
}

describe('reading the volume state', () => {
  it('reads a finished host: version, peers, the started volume with its bricks online, the brick directory', () => {
    const f = parseVolumeCheck(fixture('finished', 'volume', 'node1'), LAB_INTENT);
    expect(f.glusterVersion).toBe('10.3');
    expect(f.peers?.map((p) => p.hostname)).toEqual(['node2', 'node3']);
    expect(f.volumes?.map((v) => [v.name, v.statusStr])).toEqual([['gv0', 'Started']]);
    expect(f.status?.bricks.map((b) => b.online)).toEqual([true, true, true]);
    expect(f.dirs[B]).toMatchObject({ exists: true, parentMounted: true, isMountPoint: false, onRootFs: false, volumeId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('checks with every value quoted by the builders', () => {
    expect(volumeCheckCommand(LAB_INTENT).text).toContain('gluster --mode=script volume status gv0 --xml');
  });
});

describe('the volume planner', () => {
  it('creates the volume from the first host with the exact, validated command, then starts it', () => {
    const plan = planVolume(check(beforeCreate), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts[0]!.items.map((i) => i.command.text)).toEqual([
      'gluster --mode=script volume create gv0 replica 3 node1:/data/glusterfs/brick1/brick node2:/data/glusterfs/brick1/brick node3:/data/glusterfs/brick1/brick',
      'gluster --mode=script volume start gv0',
    ]);
    expect(plan.hosts[1]!.waiting).toBe('waits for node1 to create gv0');
    expect(plan.notes.join('\n')).toMatch(/Replicate 1 x 3 = 3/);
  });

  it('without a layout takes the best one the validator suggests', () => {
    const plan = planVolume(check(beforeCreate), intentWith({ volumeName: 'gv0' }), LAB_INVENTORY);
    expect(plan.notes.find((n) => n.startsWith('layout:'))).toMatch(/^layout: the best layout the validator suggests: /);
    expect(plan.hosts[0]!.items[0]!.command.text).toMatch(/^gluster --mode=script volume create gv0 .*node1:\/data\/glusterfs\/brick1\/brick/);
  });

  it('refuses a layout whose set would be transient bricks only', () => {
    const inventory = { hosts: [...LAB_INVENTORY.hosts, { name: 'node4', address: '127.1.66.4', ssh: {}, zone: 'zone-b', transientDevice: '/dev/vdb' }] };
    const b = B;
    const c = check(beforeCreate);
    const node4 = beforeCreate('node3');
    c.facts.node4 = node4;
    for (const h of HOSTS) c.facts[h]!.peers!.push({ ...c.facts[h]!.peers![0]!, hostname: 'node4', hostnames: ['node4'], uuid: 'u4' });
    const plan = planVolume(c, intentWith({ volumeName: 'gv0', layout: `replica 2 node1:${b} node2:${b} node3:${b} node4:${b}` }), inventory);
    expect(plan.hosts[0]!.items).toEqual([]);
    expect(plan.hosts[0]!.blocked).toMatch(/consists of transient bricks only/);
  });

  it('says what gluster would refuse, before running anything', () => {
    const plan = planVolume(check(beforeCreate), intentWith({ volumeName: 'gv0', layout: 'disperse 3 redundancy 2' }), LAB_INVENTORY);
    expect(plan.hosts[0]!.items).toEqual([]);
    expect(plan.hosts[0]!.blocked).toMatch(/^gluster would refuse this volume: .*redundancy/);
    expect(plan.hosts[1]!.waiting).toMatch(/^waits for node1: gluster would refuse/);
  });

  it('plans nothing for a started volume whose bricks are all online', () => {
    const plan = planVolume(check((h) => parseVolumeCheck(fixture('finished', 'volume', h), LAB_INTENT)), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => [h.items.length, h.waiting, h.blocked])).toEqual([[0, undefined, undefined], [0, undefined, undefined], [0, undefined, undefined]]);
    expect(plan.notes[0]).toMatch(/gv0 exists: Replicate 1 x 3 = 3, Started; it is not created again/);
  });

  it('starts a volume that exists but is not started: no error for an existing volume', () => {
    const created = (h: string) => {
      const text = fixture('finished', 'volume', h);
      const info = parseSections(text).info!.text.replace('<status>1</status>', '<status>0</status>').replace('<statusStr>Started</statusStr>', '<statusStr>Created</statusStr>');
      return parseVolumeCheck(edited(text, { info }), LAB_INTENT);
    };
    const plan = planVolume(check(created), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts[0]!.items.map((i) => i.command.text)).toEqual(['gluster --mode=script volume start gv0']);
  });

  it('waits on the host whose brick is offline', () => {
    const offline = (h: string) => {
      const f = parseVolumeCheck(fixture('finished', 'volume', h), LAB_INTENT);
      return { ...f, status: f.status && { ...f.status, bricks: f.status.bricks.map((b) => (b.hostname === 'node3' ? { ...b, online: false } : b)) } };
    };
    const plan = planVolume(check(offline), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts[2]!.waiting).toMatch(/the brick node3:\/data\/glusterfs\/brick1\/brick is not online/);
    expect(plan.hosts[0]!.waiting).toBeUndefined();
  });

  it('is blocked where a brick is not ready or carries an old volume id', () => {
    const notMounted = (h: string) => (h === 'node2' ? withDir(beforeCreate(h), { parentMounted: false, exists: false }) : beforeCreate(h));
    const plan = planVolume(check(notMounted), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts[1]!.blocked).toMatch(/\/data\/glusterfs\/brick1 is not mounted\): finish the bricks step/);
    expect(plan.hosts[0]!.waiting).toBe('waits for every brick to be ready');
    const stale = (h: string) => (h === 'node3' ? withDir(beforeCreate(h), { volumeId: DEAD }) : beforeCreate(h));
    expect(planVolume(check(stale), LAB_INTENT, LAB_INVENTORY).hosts[2]!.blocked).toBe(
      `node3:${B} carries volume-id 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, which no existing volume has: a create cut short, or a volume deleted since, leaves this; if nothing on it is needed, clear it on node3 with "setfattr -x trusted.glusterfs.volume-id ${B}; setfattr -x trusted.gfid ${B}; rm -rf ${B}/.glusterfs" and check again`,
    );
  });

  it('describes the bricks to the validator: attached volume or transient disk', () => {
    expect(brickInputs(check(beforeCreate), B, LAB_INVENTORY).map((b) => [b.host, b.storage, b.zone])).toEqual([
      ['node1', 'volume', 'zone-a'],
      ['node2', 'volume', 'zone-a'],
      ['node3', 'transient', 'zone-b'],
    ]);
  });

  it('reports glusterd down per host', async () => {
    const c = await volumeStep.check({ executor: labExecutor('fresh'), inventory: LAB_INVENTORY, intent: LAB_INTENT });
    expect(c.hostErrors.node1).toMatch(/glusterd does not answer on node1/);
  });
});

describe('a second volume next to gv0 (issue 9)', () => {
  const GV1 = intentWith({ volumeName: 'gv1', layout: 'replica 3', mountPath: '/data/shared-gv1' });
  const OWN = '/data/glusterfs/brick1/gv1';
  const GV0_ID = '532bad0b-91f1-4605-b27b-75f5297240c9';
  /** The finished lab (gv0 on .../brick, its id on it) checked for gv1, with gv1's own directory as the bricks step leaves it. */
  const ready = (h: string, ownDir = 'exists\nparent\nparent-mounted\nvolid \nsize 2080374784\n'): VolumeHostFacts => {
    const text = edited(fixture('finished', 'volume', h), { status: 'Volume gv1 does not exist\n' });
    return parseVolumeCheck(`${text}\n@@brick.own\n${ownDir}`, GV1);
  };

  it("reads both directories: gv0's brick with gv0's id, and gv1's own", () => {
    const f = ready('node1');
    expect(f.dirs[B]!.volumeId).toBe(GV0_ID.replace(/-/g, ''));
    expect(f.dirs[OWN]).toMatchObject({ exists: true, parentMounted: true, volumeId: '' });
    expect(volumeCheckCommand(GV1).text).toContain(OWN);
  });

  it("creates gv1 on its own directories and never advises clearing gv0's brick", () => {
    const plan = planVolume(check(ready), GV1, LAB_INVENTORY);
    expect(plan.hosts[0]!.items.map((i) => i.command.text)).toEqual([
      `gluster --mode=script volume create gv1 replica 3 node1:${OWN} node2:${OWN} node3:${OWN}`,
      'gluster --mode=script volume start gv1',
    ]);
    expect(plan.hosts.map((h) => h.blocked)).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(plan)).not.toMatch(/setfattr|rm -rf/);
    expect(plan.notes).toContain(`each brick of gv1: ${OWN} (${B} is another volume's)`);
  });

  it("waits for the bricks step while gv1's directory is missing (the old check stopped at gv0's brick here)", () => {
    const plan = planVolume(check((h) => ready(h, 'parent\nparent-mounted\n')), GV1, LAB_INVENTORY);
    expect(plan.hosts[0]!.blocked).toBe(`the brick ${OWN} is not ready (the directory is missing): finish the bricks step`);
    expect(JSON.stringify(plan)).not.toMatch(/setfattr|already belongs/);
  });

  it("says a directory carrying gv0's id is gv0's brick, and never to clear it", () => {
    // e.g. a copy of gv0's brick made with cp -a, which keeps the xattrs.
    const copied = (h: string) => (h === 'node2' ? ready(h, `exists\nparent\nparent-mounted\nvolid ${GV0_ID.replace(/-/g, '')}\nsize 1\n`) : ready(h));
    const plan = planVolume(check(copied), GV1, LAB_INVENTORY);
    expect(plan.hosts[1]!.blocked).toBe(`node2:${OWN} is gv0's brick (it carries gv0's volume-id ${GV0_ID}): it is left alone; gv1 needs a brick directory of its own, e.g. another brick mount`);
    expect(JSON.stringify(plan)).not.toMatch(/setfattr|rm -rf/);
    expect(plan.hosts[0]!.items).toEqual([]);
  });

  it('gives the clearing advice only for an id no volume has, naming that brick and id', () => {
    const dead = (h: string) => (h === 'node3' ? ready(h, `exists\nparent\nparent-mounted\nvolid ${DEAD}\nsize 1\n`) : ready(h));
    const blocked = planVolume(check(dead), GV1, LAB_INVENTORY).hosts[2]!.blocked!;
    expect(blocked).toMatch(new RegExp(`^node3:${OWN} carries volume-id 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, which no existing volume has`));
    expect(blocked).toContain(`setfattr -x trusted.glusterfs.volume-id ${OWN}; setfattr -x trusted.gfid ${OWN}; rm -rf ${OWN}/.glusterfs`);
    expect(blocked).not.toContain(B);
  });

  it('plans nothing for gv0 and gv1 once both exist', () => {
    const both = (h: string) => {
      const text = fixture('finished', 'volume', h);
      const info = parseSections(text).info!.text;
      const gv1 = /<volume>[\s\S]*<\/volume>/.exec(info)![0].replace(/gv0/g, 'gv1').replace(/\/brick</g, '/gv1<').replace(/\/brick<\/name>/g, '/gv1</name>').replace(GV0_ID, '11111111-2222-3333-4444-555555555555');
      const status = parseSections(text).status!.text.replace(/gv0/g, 'gv1').replace(/brick1\/brick/g, 'brick1/gv1');
      return parseVolumeCheck(edited(text, { info: info.replace('</volume>', `</volume>${gv1}`), status }), GV1);
    };
    const plan = planVolume(check(both), GV1, LAB_INVENTORY);
    expect(plan.hosts.map((h) => [h.items.length, h.waiting, h.blocked])).toEqual([[0, undefined, undefined], [0, undefined, undefined], [0, undefined, undefined]]);
    expect(plan.notes[0]).toMatch(/^gv1 exists: Replicate 1 x 3 = 3, Started/);
    expect(planVolume(check((h) => parseVolumeCheck(fixture('finished', 'volume', h), LAB_INTENT)), LAB_INTENT, LAB_INVENTORY).hosts.every((h) => h.items.length === 0 && !h.blocked && !h.waiting)).toBe(true);
  });
});

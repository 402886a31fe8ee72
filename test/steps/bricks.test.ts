import { describe, expect, it } from 'vitest';
import { brickFstabLine, bricksCheckCommand, bricksStep, checkBricks, fstabWith, mountPointProblem, parseBricksCheck, parseMountDir, planBricks, planBricksForHost, type BrickFacts, type BricksCheck } from '../../src/steps/bricks.js';
import { sha256 } from '../../src/steps/file-edit.js';
import { intentWith } from '../../src/steps/intent.js';
import { fixture, HOSTS, LAB_INTENT, LAB_INVENTORY, labExecutor } from './fixtures.js';

const UUID = '00000000-1111-2222-3333-444444444444';
const parsed = (state: 'fresh' | 'finished', host: string) => parseBricksCheck(fixture(state, 'bricks', host), host === 'node3' ? '/dev/vdb' : '/dev/vdc', host === 'node3', UUID, LAB_INTENT);
// The fresh lab as the bricks step finds it in a real run, after the install step: glusterd answers and knows no volume.
const fresh = (host: string): BrickFacts => ({ ...parsed('fresh', host), volumes: [] });
const finished = (host: string) => parsed('finished', host);
const texts = (f: BrickFacts, host = 'node1') => planBricksForHost(host, f, LAB_INTENT).items.map((i) => i.command.text.split('\n')[0]);

describe('reading a host for its brick', () => {
  it('reads the fresh lab: an empty attached volume, and the transient ext4 at /mnt', () => {
    expect(parsed('fresh', 'node1')).toMatchObject({ kind: 'block', majMin: expect.stringMatching(/^7:/), signatures: [], fsType: '', mounted: null, brickDirs: { '/data/glusterfs/brick1/brick': false } });
    // glusterd was not running: which volumes exist is not known (unlike "gluster is not installed", which means none).
    expect(parsed('fresh', 'node1').volumes).toBeNull();
    expect(fresh('node3')).toMatchObject({
      kind: 'block', transient: true, fsType: 'ext4', fsLabel: 'ephemeral0',
      signatures: [expect.objectContaining({ type: 'ext4', label: 'ephemeral0' })],
      tree: expect.objectContaining({ mountpoint: '/mnt' }),
    });
  });

  it('takes glusterd\'s store without volumes or peers as "no volume", so the step need not wait for glusterd; a store with either asks glusterd', () => {
    const withInfo = (info: string) => parseBricksCheck(fixture('fresh', 'bricks', 'node1').replace(/@@info\n[\s\S]*$/, `@@info\n${info}\n`), '/dev/vdc', false, UUID, LAB_INTENT);
    expect(withInfo('no-glusterd-state').volumes).toEqual([]);
    expect(withInfo('no-gluster').volumes).toEqual([]);
    expect(withInfo('Connection failed. Please check if gluster daemon is operational.').volumes).toBeNull();
    const info = bricksCheckCommand('/dev/vdc', LAB_INTENT).text;
    expect(info).toContain("find /var/lib/glusterd/vols /var/lib/glusterd/peers -mindepth 1 -maxdepth 1");
    expect(info).toMatch(/then echo no-glusterd-state\nelse gluster --mode=script volume info --xml/);
  });

  it('reads a finished brick: XFS mounted at the brick mount from its own device', () => {
    const f = finished('node2');
    // mount found the UUID under the loop device's own name: only major:minor tells it is /dev/vdc.
    expect(f.mounted).toEqual({ source: expect.stringMatching(/^\/dev\//), majMin: f.majMin, fstype: 'xfs' });
    expect(f.brickDirs).toEqual({ '/data/glusterfs/brick1/brick': true });
    expect(f.volumes?.map((v) => v.name)).toEqual(['gv0']);
    expect(f.fsType).toBe('xfs');
  });
});

describe('the bricks planner', () => {
  it('formats an empty attached volume, persists it by UUID with nofail, mounts it, then makes the brick subdirectory', () => {
    const plan = planBricksForHost('node1', fresh('node1'), LAB_INTENT);
    expect(plan.destroys).toBeUndefined();
    expect(plan.items.map((i) => i.command.text.split('\n')[0])).toEqual([
      `mkfs.xfs -i size=512 -m uuid=${UUID} /dev/vdc`,
      'f=/etc/fstab',
      'mkdir -p /data/glusterfs/brick1',
      'mount /data/glusterfs/brick1',
      'mountpoint -q /data/glusterfs/brick1 && mkdir -p /data/glusterfs/brick1/brick',
    ]);
    expect(plan.items[1]!.command.text).toContain(`UUID=${UUID} /data/glusterfs/brick1 xfs defaults,nofail 0 0`);
    expect(plan.notes).toContain(`/etc/fstab + UUID=${UUID} /data/glusterfs/brick1 xfs defaults,nofail 0 0`);
  });

  it('falls back to the transient disk with a plain warning, and destroys it only after the typed confirmation', () => {
    const plan = planBricksForHost('node3', fresh('node3'), LAB_INTENT);
    expect(plan.notes[0]).toMatch(/no attached volume.*LOST whenever the VM is stopped.*never consist of transient bricks only/);
    expect(plan.destroys).toMatchObject({ device: '/dev/vdb', holds: 'ext4 "ephemeral0", mounted at /mnt' });
    expect(plan.destroys!.lines.join(' ')).toMatch(/unmounts \/mnt and removes its line from \/etc\/fstab.*EVERYTHING ON IT IS DESTROYED/);
    expect(plan.items.map((i) => i.command.text.split('\n')[0])).toEqual([
      'umount /mnt',
      'wipefs -a /dev/vdb',
      `mkfs.xfs -i size=512 -m uuid=${UUID} /dev/vdb`,
      'f=/etc/fstab',
      'mkdir -p /data/glusterfs/brick1',
      'mount /data/glusterfs/brick1',
      'mountpoint -q /data/glusterfs/brick1 && mkdir -p /data/glusterfs/brick1/brick',
    ]);
    // cloud-init's /mnt line goes, the brick's line comes.
    expect(plan.notes.filter((n) => n.startsWith('/etc/fstab -'))).toEqual([expect.stringMatching(/^\/etc\/fstab - \/dev\/vdb\t\/mnt\tauto/)]);
  });

  it('plans nothing on a finished brick', () => {
    for (const host of ['node1', 'node2', 'node3']) expect(planBricksForHost(host, finished(host), LAB_INTENT).items).toEqual([]);
  });

  it('mounts an XFS left by a run cut short after mkfs, without formatting it again', () => {
    const f = fresh('node1');
    const cut: BrickFacts = { ...f, fsType: 'xfs', fsUuid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', signatures: [{ type: 'xfs', offset: '0x0' }] };
    const plan = planBricksForHost('node1', cut, LAB_INTENT);
    expect(plan.destroys).toBeUndefined();
    expect(plan.items.map((i) => i.command.text.split('\n')[0])).not.toContain(expect.stringMatching(/mkfs|wipefs/));
    expect(plan.items[0]!.command.text).toContain('UUID=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee /data/glusterfs/brick1 xfs defaults,nofail 0 0');
    expect(plan.notes.join()).toMatch(/already holds an XFS filesystem.*not formatted/);
  });

  it('never formats the root disk, a disk in use, swap, or another mount at the brick mount', () => {
    const f = fresh('node1');
    expect(planBricksForHost('n', { ...f, majMin: f.rootMajMin }, LAB_INTENT).blocked).toMatch(/root disk: it is never formatted/);
    expect(planBricksForHost('n', { ...f, majMin: '8:0', rootMajMin: '8:1', rootDiskMajMin: '8:0' }, LAB_INTENT).blocked).toMatch(/root disk/);
    expect(planBricksForHost('n', { ...f, holders: ['dm-0'] }, LAB_INTENT).blocked).toMatch(/in use by dm-0/);
    expect(planBricksForHost('n', { ...f, tree: { ...f.tree!, mountpoint: '[SWAP]' } }, LAB_INTENT).blocked).toMatch(/swap/);
    expect(planBricksForHost('n', { ...f, mounted: { source: '/dev/sdz', majMin: '8:99', fstype: 'ext4' } }, LAB_INTENT).blocked).toMatch(/already has \/dev\/sdz mounted \(a mount of another device, not \/dev\/vdc\)/);
    expect(planBricksForHost('n', { ...f, kind: 'missing' }, LAB_INTENT).blocked).toMatch(/does not exist/);
  });

  it('does not unmount an attached volume, and asks before wiping one that holds data', () => {
    const f = fresh('node1');
    const withFs: BrickFacts = { ...f, fsType: 'ext4', fsUuid: 'x', signatures: [{ type: 'ext4', offset: '0x438' }] };
    expect(planBricksForHost('n', { ...withFs, tree: { ...f.tree!, mountpoint: '/srv' } }, LAB_INTENT).blocked).toMatch(/mounted at \/srv: the console does not unmount an attached volume/);
    const plan = planBricksForHost('n', withFs, LAB_INTENT);
    expect(plan.destroys?.holds).toBe('ext4');
    expect(texts(withFs).slice(0, 2)).toEqual(['wipefs -a /dev/vdc', `mkfs.xfs -i size=512 -m uuid=${UUID} /dev/vdc`]);
    const table: BrickFacts = { ...f, ptType: 'gpt', signatures: [{ type: 'gpt', offset: '0x200' }, { type: 'PMBR', offset: '0x1fe' }] };
    expect(planBricksForHost('n', table, LAB_INTENT).destroys?.holds).toBe('a gpt partition table, signatures PMBR');
  });

  it('blocks a host the inventory names no device for', () => {
    const inventory = { hosts: [...LAB_INVENTORY.hosts.slice(0, 2), { ...LAB_INVENTORY.hosts[2]!, transientDevice: undefined }] };
    const plan = planBricks({ facts: { node1: fresh('node1'), node2: fresh('node2') }, hostErrors: {} }, LAB_INTENT, inventory as typeof LAB_INVENTORY);
    expect(plan.hosts.find((h) => h.host === 'node3')!.blocked).toMatch(/names no brick device/);
  });

  it('replaces a stale fstab line for the brick mount in place', () => {
    const wanted = brickFstabLine(UUID, LAB_INTENT);
    expect(fstabWith(['# x', '/dev/vdc /data/glusterfs/brick1 xfs defaults 0 0', 'proc /proc proc defaults 0 0'], wanted)).toEqual(['# x', wanted, 'proc /proc proc defaults 0 0']);
    expect(fstabWith(['/dev/vdb /mnt auto defaults 0 2'], wanted, ['/mnt'])).toEqual([wanted]);
    expect(fstabWith([wanted], wanted)).toEqual([wanted]);
  });

  it('asks each host only about the device the inventory names for it', async () => {
    const fake = labExecutor('fresh');
    const check = await checkBricks({ executor: fake, inventory: LAB_INVENTORY, intent: LAB_INTENT }, () => UUID);
    expect(fake.commandsOn('node3')[0]).toContain('d=/dev/vdb');
    expect(fake.commandsOn('node1')[0]).toContain('d=/dev/vdc');
    expect(fake.commandsOn('node1')[0]).not.toContain('/dev/vdb');
    expect(check.facts.node1!.newUuid).toBe(UUID);
    // glusterd is not running yet on the fresh lab: the disk is prepared, the brick directory waits until the volumes are known.
    const plan = bricksStep.plan(check, LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => h.items.length)).toEqual([4, 4, 6]);
    expect(plan.hosts[0]!.waiting).toMatch(/glusterd answers on no host, so which directory under \/data\/glusterfs\/brick1 is gv0's brick is not known yet/);
  });

  it('refuses an fstab it could not read exactly', () => {
    const f = fresh('node1');
    expect(planBricksForHost('n', { ...f, fstab: { ...f.fstab, sha256: sha256('other') } }, LAB_INTENT).blocked).toMatch(/not UTF-8/);
  });
});

describe('the brick mount directory (issue 11: a mount hides what the directory held)', () => {
  const MNT = '/data/glusterfs/brick1';
  const dir = (text: string) => parseMountDir(`${text}\nreal ${MNT}\n`);
  const withDir = (f: BrickFacts, text: string): BrickFacts => ({ ...f, mountDir: dir(text) });

  it('reads what the check prints: absent, empty, entries, a mount, a file, an ancestor that is no directory', () => {
    expect(fresh('node1').mountDir).toEqual({ kind: 'absent', entries: 0, names: [], what: '', real: MNT });
    expect(finished('node1').mountDir.kind).toBe('mounted');
    expect(dir('entries 0')).toMatchObject({ kind: 'dir', entries: 0 });
    expect(dir('entries 7\nname a\nname b\\ c\nname d\nname e\nname f')).toMatchObject({ kind: 'dir', entries: 7, names: ['a', 'b\\ c', 'd', 'e', 'f'] });
    expect(dir('other regular file')).toMatchObject({ kind: 'other', what: 'regular file' });
    expect(dir('absent /data is a regular file')).toMatchObject({ kind: 'absent', what: '/data is a regular file' });
  });

  it('trusts no answer that is missing or cut short', () => {
    expect(parseMountDir(undefined).kind).toBe('unknown');
    expect(parseMountDir('entries 3\nname a\n').kind).toBe('unknown');
    expect(parseMountDir('entries x\nreal /a\n').kind).toBe('unknown');
    expect(mountPointProblem('node1', { ...fresh('node1'), mountDir: parseMountDir(undefined) }, LAB_INTENT)).toMatch(/did not say what is at/);
  });

  it('accepts an absent or empty directory, and the mount of this host\'s own brick device', () => {
    expect(mountPointProblem('node1', fresh('node1'), LAB_INTENT)).toBeNull();
    expect(mountPointProblem('node1', withDir(fresh('node1'), 'entries 0'), LAB_INTENT)).toBeNull();
    for (const host of ['node1', 'node2', 'node3']) expect(mountPointProblem(host, finished(host), LAB_INTENT)).toBeNull();
  });

  it('refuses, naming the host, the directory and what is there', () => {
    const f = fresh('node2');
    expect(mountPointProblem('node2', withDir(f, 'entries 7\nname a\nname b\nname c\nname d\nname e'), LAB_INTENT)).toBe(
      `${MNT} on node2 is not empty (7 entries: a, b, c, d, e, and 2 more): mounting the brick over it would hide them; move them away or choose another brick mount`,
    );
    expect(mountPointProblem('node2', withDir(f, 'entries 1\nname x\\033y'), LAB_INTENT)).toMatch(/\(1 entry: x\\033y\)/);
    expect(mountPointProblem('node2', withDir(f, 'other regular file'), LAB_INTENT)).toMatch(/on node2 is a regular file, not a directory/);
    expect(mountPointProblem('node2', withDir(f, 'absent /data is a regular file'), LAB_INTENT)).toMatch(/cannot be made: \/data is a regular file/);
    expect(mountPointProblem('node2', { ...f, mounted: { source: '/dev/sdz', majMin: '8:99', fstype: 'ext4' } }, LAB_INTENT)).toMatch(/on node2 already has \/dev\/sdz mounted \(a mount of another device/);
    expect(mountPointProblem('node2', withDir(f, 'mounted'), LAB_INTENT)).toMatch(/a mount point the check could not identify/);
    const viaLink = { ...f, mountDir: parseMountDir('entries 11\nname bin\nreal /usr\n') };
    expect(mountPointProblem('node2', viaLink, LAB_INTENT)).toMatch(/leads to \/usr through a symbolic link \(\/usr is a system directory.*give the real directory/);
  });

  const oneUnfit = (): BricksCheck => ({
    facts: { node1: fresh('node1'), node2: withDir(fresh('node2'), 'entries 1\nname left-by-someone.txt'), node3: fresh('node3') },
    hostErrors: {},
  });

  it('one unfit host blocks the step on every host: nothing is formatted, wiped or unmounted anywhere', () => {
    const plan = planBricks(oneUnfit(), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => h.items.length)).toEqual([0, 0, 0]);
    expect(plan.hosts.every((h) => h.destroys === undefined)).toBe(true);
    expect(plan.hosts.find((h) => h.host === 'node2')!.blocked).toMatch(/^\/data\/glusterfs\/brick1 on node2 is not empty \(1 entry: left-by-someone\.txt\)/);
    for (const host of ['node1', 'node3']) expect(plan.hosts.find((h) => h.host === host)!.blocked).toMatch(/no disk is formatted on any host.*on node2 is not empty/);
    expect(plan.notes.join('\n')).toMatch(/no disk is formatted on any host/);
    // No fstab line is shown as if it were coming; the transient warning stays.
    expect(plan.hosts.flatMap((h) => h.notes).filter((n) => n.startsWith('/etc/fstab'))).toEqual([]);
    expect(plan.hosts.find((h) => h.host === 'node3')!.notes.join()).toMatch(/transient disk/);
  });

  it('a finished host stays done; the others are blocked with the unfit one', () => {
    const check = oneUnfit();
    check.facts.node1 = finished('node1');
    const plan = planBricks(check, LAB_INTENT, LAB_INVENTORY);
    const node1 = plan.hosts.find((h) => h.host === 'node1')!;
    expect([node1.items, node1.blocked]).toEqual([[], undefined]);
    expect(plan.hosts.find((h) => h.host === 'node3')!.blocked).toMatch(/node2/);
  });

  it('asks about the directory in the same round trip as the device', async () => {
    const fake = labExecutor('fresh');
    await checkBricks({ executor: fake, inventory: LAB_INVENTORY, intent: LAB_INTENT }, () => UUID);
    expect(fake.commandsOn('node1')).toHaveLength(1);
    expect(fake.commandsOn('node1')[0]).toMatch(/@@%s\\n' mountdir[\s\S]*ls -A1b/);
  });

  it('never unmounts a transient disk from a system directory (only from cloud-init\'s /mnt)', () => {
    const f = fresh('node3');
    const atHome: BrickFacts = { ...f, tree: { ...f.tree!, mountpoint: '/home' } };
    expect(planBricksForHost('node3', atHome, LAB_INTENT)).toMatchObject({ items: [], blocked: expect.stringMatching(/mounted at the system directory \/home: the console never unmounts that/) });
    expect(planBricksForHost('node3', { ...f, tree: { ...f.tree!, mountpoint: '/mnt/resource' } }, LAB_INTENT).items[0]!.command.text).toBe('umount /mnt/resource');
  });
});

describe('the brick directory of a second volume (issue 9)', () => {
  const GV1 = intentWith({ volumeName: 'gv1', layout: 'replica 3', mountPath: '/data/shared-gv1' });
  // The finished lab (gv0 at /data/glusterfs/brick1/brick) checked for gv1.
  const forGv1 = (host: string, extra: Partial<BrickFacts> = {}): BrickFacts => ({
    ...parseBricksCheck(fixture('finished', 'bricks', host), host === 'node3' ? '/dev/vdb' : '/dev/vdc', host === 'node3', UUID, GV1),
    ...extra,
  });
  const all = (f: (host: string) => BrickFacts): BricksCheck => ({ facts: Object.fromEntries(HOSTS.map((h) => [h, f(h)])), hostErrors: {} });

  it('asks about both directories: the first volume\'s and the volume\'s own', () => {
    const text = bricksCheckCommand('/dev/vdc', GV1).text;
    expect(text).toContain('/data/glusterfs/brick1/brick');
    expect(text).toContain('/data/glusterfs/brick1/gv1');
    expect(text).toContain('gluster --mode=script volume info --xml');
  });

  it('makes only gv1\'s own directory next to gv0\'s brick: no disk, no fstab, nothing of gv0 touched', () => {
    const plan = planBricks(all((h) => forGv1(h)), GV1, LAB_INVENTORY);
    for (const h of plan.hosts) {
      expect([h.blocked, h.waiting, h.destroys]).toEqual([undefined, undefined, undefined]);
      expect(h.items.map((i) => i.command.text)).toEqual(['mountpoint -q /data/glusterfs/brick1 && mkdir -p /data/glusterfs/brick1/gv1']);
    }
    expect(plan.notes[0]).toMatch(/the brick directory of gv1: \/data\/glusterfs\/brick1\/gv1$/);
    const made = all((h) => forGv1(h, { brickDirs: { '/data/glusterfs/brick1/brick': true, '/data/glusterfs/brick1/gv1': true } }));
    expect(planBricks(made, GV1, LAB_INVENTORY).hosts.map((h) => h.items.length)).toEqual([0, 0, 0]);
  });

  it('a cluster set up before gv1 existed plans nothing for gv0: its bricks stay where volume info has them', () => {
    const plan = planBricks(all(finished), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => [h.items.length, h.blocked, h.waiting])).toEqual([[0, undefined, undefined], [0, undefined, undefined], [0, undefined, undefined]]);
    expect(plan.notes[0]).toMatch(/gv0 exists: its bricks stay where volume info has them/);
  });

  it('leaves an existing volume\'s brick outside the directories it knows alone, and makes none', () => {
    const f = finished('node1');
    const moved = f.volumes!.map((v) => ({ ...v, bricks: v.bricks.map((b) => ({ ...b, path: '/export/gv0' })) }));
    const plan = planBricksForHost('node1', { ...f, volumes: moved }, LAB_INTENT);
    expect(plan.items).toEqual([]);
    expect(plan.notes).toContain("gv0's brick on node1 is /export/gv0 (volume info): left as it is");
  });

  it('refuses a directory that would overlap another volume\'s brick (gv0 made on the brick mount itself)', () => {
    const f = forGv1('node1');
    const onMount = f.volumes!.map((v) => ({ ...v, bricks: v.bricks.map((b) => ({ ...b, path: '/data/glusterfs/brick1' })) }));
    const plan = planBricksForHost('node1', { ...f, volumes: onMount }, GV1);
    expect(plan.items).toEqual([]);
    expect(plan.blocked).toMatch(/\/data\/glusterfs\/brick1\/brick would be or overlap gv0's brick node1:\/data\/glusterfs\/brick1: each volume needs a brick directory of its own/);
  });
});

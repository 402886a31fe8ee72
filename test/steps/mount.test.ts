import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/steps/file-edit.js';
import { intentWith } from '../../src/steps/intent.js';
import { MOUNT_TEST_PREFIX, parseMountCheck, planMount, planMountForHost, verifyMountsByWriting, volumeFstabLine, type MountFacts } from '../../src/steps/mount.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { SshError } from '../../src/ssh/types.js';
import { fixture, LAB_INTENT, LAB_INVENTORY } from './fixtures.js';

const finished = (h: string) => parseMountCheck(fixture('finished', 'mount', h), 'gv0');
/** A host after the volume step: the volume started, nothing mounted yet (fstab as fresh). */
function beforeMount(h: string): MountFacts {
  const fresh = parseMountCheck(fixture('fresh', 'mount', h), 'gv0');
  return { ...fresh, volumeExists: true, volumeStarted: true };
}

describe('the mount planner', () => {
  it('reads a finished node: the volume mounted at its path from localhost and answering', () => {
    expect(finished('node1')).toMatchObject({ mounted: { source: 'localhost:/gv0', fstype: 'fuse.glusterfs' }, responds: true, volumeExists: true, volumeStarted: true });
  });

  it('mounts localhost:/VOL with _netdev and the other nodes as backup volfile servers, through fstab', () => {
    expect(volumeFstabLine('node2', LAB_INTENT, LAB_INVENTORY)).toBe('localhost:/gv0 /data/shared glusterfs defaults,_netdev,backup-volfile-servers=node1:node3 0 0');
    const plan = planMountForHost('node2', beforeMount('node2'), LAB_INTENT, LAB_INVENTORY);
    expect(plan.items.map((i) => i.command.text.split('\n')[0])).toEqual(['f=/etc/fstab', 'mkdir -p /data/shared', 'mount /data/shared']);
    expect(plan.notes).toEqual(['/etc/fstab + localhost:/gv0 /data/shared glusterfs defaults,_netdev,backup-volfile-servers=node1:node3 0 0']);
  });

  it('plans nothing on a finished cluster', () => {
    const plan = planMount({ facts: { node1: finished('node1'), node2: finished('node2'), node3: finished('node3') }, hostErrors: {} }, LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => h.items.length)).toEqual([0, 0, 0]);
  });

  it('mounts again where fstab is right but nothing is mounted (after a reboot that lost the race)', () => {
    const f = { ...finished('node1'), mounted: null, responds: false, entries: 0 };
    expect(planMountForHost('node1', f, LAB_INTENT, LAB_INVENTORY).items.map((i) => i.command.text)).toEqual(['mount /data/shared']);
  });

  it('detaches a mount that no longer answers, then mounts again', () => {
    const f = { ...finished('node1'), responds: false };
    expect(planMountForHost('node1', f, LAB_INTENT, LAB_INVENTORY).items.map((i) => i.command.text)).toEqual(['umount -l /data/shared', 'mount /data/shared']);
  });

  it('waits for the volume, and refuses to hide files or take another mount', () => {
    expect(planMountForHost('node1', { ...beforeMount('node1'), volumeExists: false }, LAB_INTENT, LAB_INVENTORY).waiting).toMatch(/does not exist yet/);
    expect(planMountForHost('node1', { ...beforeMount('node1'), pathExists: true, entries: 4 }, LAB_INTENT, LAB_INVENTORY).blocked).toMatch(/not empty \(4 entries\)/);
    expect(planMountForHost('node1', { ...beforeMount('node1'), mounted: { source: '/dev/sdb1', fstype: 'ext4' } }, LAB_INTENT, LAB_INVENTORY).blocked).toMatch(/already has \/dev\/sdb1 \(ext4\) mounted/);
    const text = 'UUID=x /data/shared ext4 defaults 0 0\n';
    expect(planMountForHost('node1', { ...beforeMount('node1'), fstab: { path: '/etc/fstab', exists: true, text, sha256: sha256(text) } }, LAB_INTENT, LAB_INVENTORY).blocked).toMatch(/mounts UUID=x \(ext4\) at \/data\/shared/);
  });

  it('replaces its own stale line (other servers) instead of adding one', () => {
    const text = 'node9:/gv0 /data/shared glusterfs defaults,_netdev 0 0\n';
    const plan = planMountForHost('node1', { ...beforeMount('node1'), fstab: { path: '/etc/fstab', exists: true, text, sha256: sha256(text) } }, LAB_INTENT, LAB_INVENTORY);
    expect(plan.notes).toEqual(['/etc/fstab + localhost:/gv0 /data/shared glusterfs defaults,_netdev,backup-volfile-servers=node2:node3 0 0', '/etc/fstab - node9:/gv0 /data/shared glusterfs defaults,_netdev 0 0']);
  });
});

describe("another volume's mount path (issue 9)", () => {
  const GV1 = intentWith({ volumeName: 'gv1', layout: 'replica 3' });
  const withFstab = (f: MountFacts, text: string): MountFacts => ({ ...f, fstab: { path: '/etc/fstab', exists: true, text, sha256: sha256(text) } });

  it("refuses gv0's mount path for gv1, mounted or only in fstab, and writes nothing", () => {
    // The finished lab: gv0 in fstab and mounted at /data/shared; gv1 asked for at the default path.
    const plan = planMountForHost('node1', parseMountCheck(fixture('finished', 'mount', 'node1'), 'gv1'), GV1, LAB_INVENTORY);
    expect(plan.items).toEqual([]);
    expect(plan.blocked).toBe("/data/shared is gv0's mount path (localhost:/gv0 is mounted there): it is left alone; give gv1 a mount path of its own, e.g. /data/shared-gv1 (--mount, or e in the console)");
    const lineOnly = withFstab({ ...beforeMount('node1'), volumeExists: false }, 'localhost:/gv0 /data/shared glusterfs defaults,_netdev 0 0\n');
    expect(planMountForHost('node1', lineOnly, GV1, LAB_INVENTORY).blocked).toMatch(/^\/data\/shared is gv0's mount path \(\/etc\/fstab mounts localhost:\/gv0 there\)/);
  });

  it('refuses a line for any other volume, of this cluster or another, rather than replace it', () => {
    const other = withFstab(beforeMount('node1'), 'fileserver:/archive /data/shared glusterfs defaults,_netdev 0 0\n');
    expect(planMountForHost('node1', other, LAB_INTENT, LAB_INVENTORY).blocked).toMatch(/^\/data\/shared is archive's mount path/);
  });

  it('gives gv1 its own path next to gv0', () => {
    const own = intentWith({ volumeName: 'gv1', mountPath: '/data/shared-gv1' });
    const f = { ...parseMountCheck(fixture('finished', 'mount', 'node2'), 'gv1'), mounted: null, responds: false, pathExists: false, volumeExists: true, volumeStarted: true };
    const plan = planMountForHost('node2', f, own, LAB_INVENTORY);
    expect(plan.blocked).toBeUndefined();
    expect(plan.items.map((i) => i.command.text.split('\n')[0])).toEqual(['f=/etc/fstab', 'mkdir -p /data/shared-gv1', 'mount /data/shared-gv1']);
    // gv0's line stays; gv1's is added.
    expect(plan.notes).toEqual(['/etc/fstab + localhost:/gv1 /data/shared-gv1 glusterfs defaults,_netdev,backup-volfile-servers=node1:node3 0 0']);
  });
});

describe('verifying the mounts by writing', () => {
  it('writes through each node and reads through the next, then removes the file', async () => {
    const written = new Map<string, string>();
    const fake = new FakeExecutor()
      .on('*', /^printf '%s' ([0-9a-f]+) > (\S+)$/, (_host, command) => {
        const m = /^printf '%s' (\S+) > (\S+)$/.exec(command)!;
        written.set(m[2]!, m[1]!);
        return {};
      })
      .on('*', /^cat (\S+) 2>\/dev\/null \|\| true$/, (_host, command) => ({ stdout: written.get(/^cat (\S+)/.exec(command)![1]!) ?? '' }))
      .on('*', /^rm -f /, {});
    const audit: Array<{ step: string; command: string; exitCode: number | null }> = [];
    const problems = await verifyMountsByWriting({ executor: fake, inventory: LAB_INVENTORY, intent: LAB_INTENT, audit: { record: (e) => audit.push(e) } });
    expect(problems).toEqual({ node1: null, node2: null, node3: null });
    expect(fake.commandsOn('node2')).toContain(`cat /data/shared/${MOUNT_TEST_PREFIX}.node1 2>/dev/null || true`);
    expect(fake.commandsOn('node1')).toContain(`rm -f /data/shared/${MOUNT_TEST_PREFIX}.node1`);
    // The runner audits the writes (the test file, its removal); the reads are not changes.
    expect(audit.map((e) => `${e.step} ${e.command.split(' ')[0]} ${e.exitCode}`).sort()).toEqual([...Array(3).fill('mount printf 0'), ...Array(3).fill('mount rm 0')]);
  });

  it('charges a problem to the node whose mount does not show the file', async () => {
    const fake = new FakeExecutor()
      .on('*', /^printf/, {})
      .on('*', /^cat /, { stdout: 'tok' })
      .on('node3', /^cat /, { stdout: '' })
      .on('*', /^rm -f /, {});
    const problems = await verifyMountsByWriting({ executor: fake, inventory: LAB_INVENTORY, intent: intentWith({ volumeName: 'gv0' }) }, undefined, () => 'tok', { attempts: 3, intervalMs: 1 });
    expect(problems.node3).toMatch(/node3 does not read through its mount what node2 wrote/);
    expect(problems.node2).toBeNull();
  });

  it('writes and reads only through the hosts it is given, and blames the one that does not answer', async () => {
    const fake = new FakeExecutor()
      .on('*', /^printf/, {})
      .on('*', /^cat /, { stdout: 'tok' })
      .on('node2', /^cat /, { error: new SshError('connection-lost', 'node2', 'node2: the connection closed') })
      .on('*', /^rm -f /, {});
    const ctx = { executor: fake, inventory: LAB_INVENTORY, intent: intentWith({ volumeName: 'gv0' }) };
    expect(await verifyMountsByWriting(ctx, ['node1', 'node2'], () => 'tok', { attempts: 1, intervalMs: 1 })).toEqual({ node1: null, node2: expect.stringMatching(/lost the connection to node2/) });
    expect(fake.commandsOn('node3')).toEqual([]);
  });
});

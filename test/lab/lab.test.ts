// The lab itself, proven with the system's own ssh client: bare nodes come up
// as fresh VMs would, a power cut kills everything, a boot mounts only what the
// node's fstab lists and restarts glusterd, and down undoes everything.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labBoot, labCrash, labStatus, labUp } from '../../src/lab/lab.js';
import { readLabState } from '../../src/lab/state.js';
import { nodeAddress } from '../../src/lab/paths.js';
import { isAlive } from '../../src/lab/procs.js';
import { runLocal } from '../../src/lab/host-exec.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';

describe.skipIf(inject('labSkipReason') !== '')('lab of 3 nodes, the last one volume-less', () => {
  let lab: TestLab;

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
  });

  afterAll(async () => {
    await lab?.down();
  });

  it('writes an inventory naming each node, its SSH settings, zone and disk', () => {
    expect(lab.inventory.hosts.map((h) => [h.name, h.address, h.zone])).toEqual([
      ['node1', nodeAddress(1), 'zone-a'],
      ['node2', nodeAddress(2), 'zone-a'],
      ['node3', nodeAddress(3), 'zone-b'],
    ]);
    expect(lab.inventory.hosts[0]).toMatchObject({ device: '/dev/vdc', ssh: { user: 'root', identityFile: lab.key } });
    expect(lab.inventory.hosts[2]).toMatchObject({ transientDevice: '/dev/vdb' });
    expect(lab.inventory.hosts[2]!.device).toBeUndefined();
  });

  it('gives bare nodes reachable with the lab key and known host keys', async () => {
    for (const host of lab.inventory.hosts) {
      const r = await sshRun(lab, host.address, 'hostname; pgrep -x glusterd || echo no-glusterd; cat /etc/hosts');
      expect(r.code, r.stderr).toBe(0);
      const [name, glusterd] = r.stdout.split('\n');
      expect(name).toBe(host.name);
      expect(glusterd).toBe('no-glusterd');
      // A fresh VM knows only itself: no peers in /etc/hosts yet.
      for (const peer of lab.inventory.hosts.filter((p) => p.name !== host.name)) {
        expect(r.stdout).not.toContain(peer.name);
      }
    }
  });

  it('gives a node with a volume an empty /dev/vdc and no transient disk', async () => {
    const r = await sshRun(lab, nodeAddress(1), 'test -b /dev/vdc && echo block; blkid -p /dev/vdc; echo "blkid=$?"; test -e /dev/vdb || echo no-vdb');
    expect(r.stdout).toContain('block');
    expect(r.stdout).toContain('blkid=2'); // 2: no signature found
    expect(r.stdout).toContain('no-vdb');
  });

  it('gives a volume-less node only cloud-init\'s ephemeral0 at /mnt', async () => {
    const r = await sshRun(lab, nodeAddress(3), 'test -e /dev/vdc || echo no-vdc; blkid -s LABEL -o value /dev/vdb; findmnt -n -o SOURCE,FSTYPE /mnt');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no-vdc');
    expect(r.stdout).toContain('ephemeral0');
    expect(r.stdout).toMatch(/\/dev\/vdb\s+ext4/);
  });

  it('lets a node replace its own /etc/hosts by rename without touching the machine\'s', async () => {
    const before = readFileSync('/etc/hosts', 'utf8');
    const r = await sshRun(lab, nodeAddress(2), `cp /etc/hosts /etc/hosts.new && echo "${nodeAddress(1)} node1" >> /etc/hosts.new && mv /etc/hosts.new /etc/hosts && getent hosts node1`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${nodeAddress(1).replaceAll('.', '\\.')}\\s+node1`));
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(before);
    const other = await sshRun(lab, nodeAddress(1), 'cat /etc/hosts');
    expect(other.stdout).not.toContain('node1\n127');
  });

  it('reaps orphaned processes as a real init does', async () => {
    // The orphan's parent exits at once; the orphan then belongs to the node's init.
    const r = await sshRun(lab, nodeAddress(1), 'bash -c "sleep 0.2 & echo \\$!"');
    const pid = r.stdout.trim();
    expect(pid).toMatch(/^[0-9]+$/);
    const state = await eventually(
      () => sshRun(lab, nodeAddress(1), `cat /proc/${pid}/stat 2>/dev/null | cut -d' ' -f3; echo end`),
      (s) => s.stdout.trim() === 'end',
    );
    // Neither running nor a zombie: gone.
    expect(state.stdout.trim()).toBe('end');
  });

  it('is already up when lab up runs again with the same shape', async () => {
    const again = await labUp({ dir: lab.dir, nodes: 3, volumeless: 1 });
    expect(again.alreadyUp).toBe(true);
    await expect(labUp({ dir: lab.dir, nodes: 4, volumeless: 0 })).rejects.toThrow(/already exists/);
  });

  it('power cut kills every process of the node; boot restores sshd, glusterd and fstab mounts only', async () => {
    // Make node2 look like a configured gluster server: glusterd ran, a brick
    // filesystem is in fstab by UUID, and a second filesystem is mounted by hand only.
    const setup = await sshRun(
      lab,
      nodeAddress(2),
      [
        'glusterd -p /run/glusterd.pid',
        'mkfs.xfs -q -i size=512 /dev/vdc',
        'mkdir -p /data/brick1 /data/scratch',
        'echo "UUID=$(blkid -s UUID -o value /dev/vdc) /data/brick1 xfs defaults,nofail 0 2" >> /etc/fstab',
        'mount /data/brick1',
        'mount -t tmpfs tmpfs /data/scratch',
        'mkdir -p /data/brick1/brick && echo kept > /data/brick1/brick/file',
      ].join(' && '),
    );
    expect(setup.code, setup.stderr).toBe(0);
    await eventually(() => sshRun(lab, nodeAddress(2), 'gluster pool list'), (r) => r.code === 0);

    const state = readLabState(lab.dir)!;
    const init = state.nodes[1]!.init!;
    expect((await labCrash(lab.dir, 2)).wasRunning).toBe(true);
    // The init and every process of the node are gone: no listener on its address.
    const listeners = await runLocal('ss', ['-Hltn', 'src', nodeAddress(2)]);
    expect(listeners.stdout.trim()).toBe('');
    expect(isAlive(init)).toBe(false);
    const unreachable = await sshRun(lab, nodeAddress(2), 'true');
    expect(unreachable.code).toBe(255);
    const status = await labStatus(lab.dir);
    expect(status!.nodes[1]).toMatchObject({ running: false, sshd: false, glusterd: false });

    expect((await labBoot(lab.dir, 2)).wasRunning).toBe(false);
    const after = await sshRun(lab, nodeAddress(2), 'findmnt -n -o FSTYPE /data/brick1; cat /data/brick1/brick/file; findmnt -n /data/scratch || echo scratch-not-mounted; gluster pool list >/dev/null && echo glusterd-up');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout.split('\n')).toEqual(['xfs', 'kept', 'scratch-not-mounted', 'glusterd-up', '']);
    expect((await labStatus(lab.dir))!.nodes[1]).toMatchObject({ running: true, sshd: true, glusterd: true });

    // A missing fstab line means the brick stays unmounted after the next boot, as on a VM.
    await sshRun(lab, nodeAddress(2), "sed -i '/\\/data\\/brick1/d' /etc/fstab");
    await labCrash(lab.dir, 2);
    await labBoot(lab.dir, 2);
    const unmounted = await sshRun(lab, nodeAddress(2), 'findmnt -n /data/brick1 || echo brick-not-mounted');
    expect(unmounted.stdout.trim()).toBe('brick-not-mounted');
  });

  it('keeps nodes that were not cut running', async () => {
    const r = await sshRun(lab, nodeAddress(1), 'hostname');
    expect(r.stdout.trim()).toBe('node1');
  });

  it('down ends exactly its processes and frees its loop devices', async () => {
    const state = readLabState(lab.dir)!;
    const files = state.nodes.flatMap((n) => n.disks.map((d) => d.file));
    const processes = state.nodes.flatMap((n) => [n.init!, n.unshare!]);
    await lab.down();
    for (const file of files) {
      const listed = await runLocal('losetup', ['--list', '--noheadings', '--associated', file]);
      expect(listed.stdout.trim()).toBe('');
    }
    // Gone, or at most a zombie waiting for its parent: nothing of the lab still runs.
    for (const ref of processes) expect(isAlive(ref)).toBe(false);
    expect(readLabState(lab.dir)).toBeNull();
    expect(() => readFileSync(join(lab.dir, 'lab.json'))).toThrow();
  });
});

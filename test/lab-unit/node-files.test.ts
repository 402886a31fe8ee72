import { describe, expect, it } from 'vitest';
import { etcFstab, etcHosts, glusterdVol, nodeEnv, sshdConfig, type LabNodeSpec } from '../../src/lab/node-files.js';
import { checkLabDir, checkUpOptions } from '../../src/lab/lab.js';

const node: LabNodeSpec = {
  index: 2,
  name: 'node2',
  address: '127.1.1.2',
  sshPort: 22,
  zone: 'zone-a',
  volumeless: false,
  disks: [{ name: 'vdc', file: '/lab/node2/vdc.img', loop: '/dev/loop7', major: 7, minor: 7 }],
};

// Debian bookworm's /etc/glusterfs/glusterd.vol (glusterfs-server 10.3).
const DEBIAN_VOL = `volume management
    type mgmt/glusterd
    option working-directory /var/lib/glusterd
    option transport-type socket
    option transport.socket.keepalive-time 10
    option transport.socket.listen-port 24007
    option max-port  60999
end-volume
`;

describe('lab node files', () => {
  it('binds glusterd to the node address, once, keeping the rest', () => {
    const vol = glusterdVol(DEBIAN_VOL, '127.1.1.2');
    expect(vol).toContain('    option transport.socket.bind-address 127.1.1.2\n');
    expect(vol).toContain('option max-port  60999');
    expect(glusterdVol(vol, '127.1.1.3').match(/bind-address/g)).toHaveLength(1);
  });

  it('gives a fresh node an /etc/hosts that knows only itself, with localhost on its own address', () => {
    const hosts = etcHosts(node);
    expect(hosts).toContain('127.1.1.2\tlocalhost');
    expect(hosts).toContain('127.1.1.2\tnode2');
    expect(hosts).not.toMatch(/node[13]/);
  });

  it('lists the transient disk in fstab only for volume-less nodes', () => {
    expect(etcFstab(node)).not.toContain('/dev/vdb');
    expect(etcFstab({ ...node, volumeless: true })).toMatch(/^\/dev\/vdb\t\/mnt\tauto\tdefaults,nofail/m);
  });

  it('describes disks for node-init.sh as name:major:minor:loop', () => {
    expect(nodeEnv(node)).toContain('DISKS="vdc:7:7:loop7"');
  });

  it('has sshd listen only on the node address and port', () => {
    const config = sshdConfig({ ...node, sshPort: 2222 }, '/lab/node2');
    expect(config).toContain('ListenAddress 127.1.1.2:2222');
    expect(config).toContain('PasswordAuthentication no');
    // Users' own keys work as on a VM, and the lab key for every user from the node's own /etc.
    expect(config).toContain('AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/lab_authorized_keys');
  });

  it('rejects impossible lab shapes with a clear message', () => {
    expect(() => checkUpOptions(0, 0)).toThrow(/--nodes must be a whole number from 1/);
    expect(() => checkUpOptions(3, 4)).toThrow(/--volumeless must be .* 0 to the node count \(3\)/);
    expect(() => checkUpOptions(2.5, 0)).toThrow(/--nodes/);
    expect(() => checkUpOptions(3, 1)).not.toThrow();
  });
});

describe('lab net', () => {
  it('defaults to 127.1.1 and stays inside 127.0.0.0/8', async () => {
    const { labNet, nodeAddress } = await import('../../src/lab/paths.js');
    expect(labNet('127.1.1')).toBe('127.1.1');
    expect(nodeAddress(3, '127.1.4')).toBe('127.1.4.3');
    expect(() => labNet('10.0.0')).toThrow(/inside 127\.0\.0\.0\/8/);
    expect(() => labNet('127.1.1.1')).toThrow(/three octets/);
    expect(() => labNet('127.1.256')).toThrow();
  });
});

describe('lab directory', () => {
  it('refuses places the nodes mount over, and relative paths', () => {
    expect(() => checkLabDir('/root/lab')).toThrow(/cannot be inside \/root/);
    expect(() => checkLabDir('/data')).toThrow(/\/data/);
    expect(() => checkLabDir('/')).toThrow();
    expect(() => checkLabDir('lab')).toThrow(/absolute/);
    expect(() => checkLabDir('/var/lib/gluster-console/lab')).not.toThrow();
    expect(() => checkLabDir('/tmp/gc-lab-x')).not.toThrow();
  });
});

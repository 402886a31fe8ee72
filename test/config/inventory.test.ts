import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryError, parseInventory, readInventoryFile, writeInventoryFile } from '../../src/config/inventory.js';

const good = {
  hosts: [
    { name: 'gluster0', address: '10.0.0.10', zone: 'nova', device: '/dev/vdc', ssh: { user: 'ubuntu', port: 22, identityFile: '/home/op/.ssh/id_ed25519' } },
    { name: 'gluster1.example.org', address: 'fe80::1', transientDevice: '/dev/vdb' },
  ],
};

describe('parseInventory', () => {
  it('accepts a complete inventory and fills defaults', () => {
    const inv = parseInventory(good);
    expect(inv.hosts[0]).toEqual(good.hosts[0]);
    expect(inv.hosts[1]).toEqual({
      name: 'gluster1.example.org',
      address: 'fe80::1',
      ssh: {},
      zone: 'default',
      transientDevice: '/dev/vdb',
    });
  });

  it('lists every problem at once, each with where it is', () => {
    const bad = {
      hosts: [
        { name: 'ok', address: '10.0.0.1' },
        { name: 'bad name', address: '10.0.0.300', ssh: { port: 70000, user: 'Root' }, device: 'vdc' },
        { name: 'ok', address: '10.0.0.1' },
        'nonsense',
      ],
    };
    try {
      parseInventory(bad, 'inv.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InventoryError);
      const message = (err as Error).message;
      expect(message).toContain('inv.yaml: invalid inventory');
      expect(message).toContain('hosts[1].name: "bad name" is not a host name');
      expect(message).toContain('hosts[1].address: "10.0.0.300" is not a valid IPv4 address');
      expect(message).toContain('hosts[1].ssh.port: "70000" is not a port');
      expect(message).toContain('hosts[1].ssh.user: "Root" is not a user name');
      expect(message).toContain('hosts[1].device: "vdc" is not a device path');
      expect(message).toContain('hosts[2].name: "ok" is also hosts[0]');
      expect(message).toContain('hosts[3]: expected an object');
    }
  });

  it('refuses something that is not an inventory', () => {
    expect(() => parseInventory([1, 2])).toThrow(/expected an object with a "hosts" list/);
    expect(() => parseInventory(null)).toThrow(InventoryError);
  });
});

describe('inventory files', () => {
  it('round-trips YAML and JSON, written atomically with mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-inv-'));
    for (const name of ['inv.yaml', 'inv.json']) {
      const path = join(dir, name);
      writeInventoryFile(path, parseInventory(good));
      expect(readInventoryFile(path)).toEqual(parseInventory(good));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(dir).sort()).toEqual(['inv.json', 'inv.yaml']);
    expect(readFileSync(join(dir, 'inv.json'), 'utf8')).toMatch(/^\{\n {2}"hosts"/);
  });

  it('refuses to write an invalid inventory and leaves the old file as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-inv-'));
    const path = join(dir, 'inv.yaml');
    writeInventoryFile(path, parseInventory(good));
    const before = readFileSync(path, 'utf8');
    const broken = { hosts: [{ name: 'x;rm -rf /', address: '1.2.3.4', ssh: { user: 'root', port: 22 }, zone: 'a' }] };
    expect(() => writeInventoryFile(path, broken)).toThrow(/not a host name/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('names the file and the problem for unreadable or malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-inv-'));
    expect(() => readInventoryFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read: does not exist/);
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'hosts: [\n  - name: a\n   bad indent');
    expect(() => readInventoryFile(path)).toThrow(/bad\.yaml: not valid YAML or JSON/);
  });
});

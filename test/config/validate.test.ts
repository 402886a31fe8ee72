import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isIPv4, isIPv6, printable, validateAddress, validateDevicePath, validateHostName, validatePort, validateRemotePath, validateUser, validateZone,
} from '../../src/config/validate.js';

// The strings operators (or attackers) put in fields: spaces, quotes, shell
// syntax, newlines, non-ASCII. None may pass as a name, address, path or device.
const HOSTILE = ['a b', "it's", 'a"b', 'a;b', 'a$(id)b', 'a`id`b', 'a\nb', 'a\tb', 'nœud', 'a|b', 'a&b', 'a>b', '*', '~root'];

describe('validators refuse hostile input with a message', () => {
  it.each(HOSTILE)('refuses %j everywhere', (value) => {
    expect(validateHostName(value)).toEqual(expect.any(String));
    expect(validateAddress(value)).toEqual(expect.any(String));
    expect(validateUser(value)).toEqual(expect.any(String));
    expect(validateZone(value)).toEqual(expect.any(String));
    expect(validateRemotePath(`/data/${value}`)).toEqual(expect.any(String));
    expect(validateDevicePath(`/dev/${value}`)).toEqual(expect.any(String));
  });

  it('never echoes control characters back to the screen', () => {
    expect(validateHostName('a\nb\u001b[2J')).not.toMatch(/[\n\u001b]/);
    expect(printable('a\nb')).toBe('a\\x0ab');
  });

  it('property: anything a shell would interpret is refused as a remote path', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const verdict = validateRemotePath(`/x/${s}`);
        if (/[^A-Za-z0-9._/+@=,-]/.test(s)) expect(verdict).not.toBeNull();
      }),
    );
  });
});

describe('validators accept real values', () => {
  it.each(['gluster0', 'node-1.zone-a.example.org', 'a'])('host name %s', (v) => expect(validateHostName(v)).toBeNull());
  it.each(['127.1.1.2', '10.248.80.124', '::1', 'fe80::1', '2001:db8::ffff:10.0.0.1', 'gluster0'])('address %s', (v) =>
    expect(validateAddress(v)).toBeNull(),
  );
  it.each(['/export/gvl-vol-replica', '/data/glusterfs/brick1/brick', '/data/shared'])('remote path %s', (v) =>
    expect(validateRemotePath(v)).toBeNull(),
  );
  it('ports, users, devices, zones', () => {
    expect(validatePort('22')).toBeNull();
    expect(validatePort('0')).not.toBeNull();
    expect(validateUser('ubuntu')).toBeNull();
    expect(validateDevicePath('/dev/vdc')).toBeNull();
    expect(validateDevicePath('/dev/../etc/passwd')).not.toBeNull();
    expect(validateZone('nova')).toBeNull();
  });
  it('tells addresses apart from names', () => {
    expect(isIPv4('256.1.1.1')).toBe(false);
    expect(isIPv4('01.1.1.1')).toBe(false);
    expect(isIPv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIPv6('1::2::3')).toBe(false);
    expect(validateHostName('10.0.0.1')).toMatch(/looks like an address/);
    expect(validateRemotePath('/data/../etc')).toMatch(/"\.\."/);
    expect(validateRemotePath('data')).toMatch(/absolute/);
  });
});

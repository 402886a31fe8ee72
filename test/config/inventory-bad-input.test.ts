// Inventories that must be refused with a message naming the field: names that
// differ only in case (name lookup ignores case, so /etc/hosts would map one
// host's name to the other's address), typos in keys, wrong types, files that
// are not files, too big, binary, or built to blow up the parser.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_HOSTS, MAX_INVENTORY_BYTES, parseInventory, readInventoryFile } from '../../src/config/inventory.js';

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function problems(data: unknown): string {
  try {
    parseInventory(data, 'inv.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

const host = (name: string, address: string, extra: Record<string, unknown> = {}) => ({ name, address, ...extra });

describe('parseInventory refuses', () => {
  it('names that differ only in case', () => {
    expect(problems({ hosts: [host('node1', '10.0.0.1'), host('NODE1', '10.0.0.2')] })).toContain(
      'hosts[1].name: "NODE1" is also hosts[0] ("node1"): host names are looked up without regard to case',
    );
  });

  it('the same address twice, even with another port or spelling', () => {
    expect(problems({ hosts: [host('a', '10.0.0.1', { ssh: { port: 22 } }), host('b', '10.0.0.1', { ssh: { port: 2222 } })] })).toMatch(
      /hosts\[1\]\.address: 10\.0\.0\.1 is also hosts\[0\]'s address/,
    );
    expect(problems({ hosts: [host('a', 'fe80::1'), host('b', 'FE80:0:0::0:1')] })).toMatch(/hosts\[1\]\.address: .* is also hosts\[0\]'s address/);
    expect(problems({ hosts: [host('a', 'gl1.example.org'), host('b', 'GL1.example.org')] })).toMatch(/hosts\[1\]\.address/);
  });

  it('ssh given as text or a list', () => {
    expect(problems({ hosts: [host('a', '10.0.0.1', { ssh: 'root@10.0.0.1' })] })).toContain('hosts[0].ssh: expected a mapping (user, port, identityFile, knownHostsFile), got text');
    expect(problems({ hosts: [host('a', '10.0.0.1', { ssh: ['root'] })] })).toContain('hosts[0].ssh: expected a mapping (user, port, identityFile, knownHostsFile), got a list');
  });

  it('unknown keys, with the closest known one', () => {
    const message = problems({ hosts: [host('a', '10.0.0.1', { devcie: '/dev/vdc', ssh: { identityfile: '/k', prot: 22 } })], host: [] });
    expect(message).toContain('hosts[0].devcie: unknown key (did you mean "device"?)');
    expect(message).toContain('hosts[0].ssh.identityfile: unknown key (did you mean "identityFile"?)');
    expect(message).toContain('hosts[0].ssh.prot: unknown key (did you mean "port"?)');
    expect(message).toContain('host: unknown key (did you mean "hosts"?)');
    expect(problems({ hosts: [host('a', '10.0.0.1', { colour: 'red' })] })).toMatch(/hosts\[0\]\.colour: unknown key \(known: name, address/);
  });

  it('wrong types, naming the type', () => {
    const message = problems({ hosts: [host('a', '10.0.0.1', { zone: ['x'], device: true, ssh: { port: { n: 22 } } })] });
    expect(message).toContain('hosts[0].zone: expected text, got a list');
    expect(message).toContain('hosts[0].device: expected text, got true');
    expect(message).toContain('hosts[0].ssh.port: expected a number, got a mapping');
    expect(problems({ hosts: {} })).toMatch(/hosts: expected a list of hosts, got a mapping/);
  });

  it(`more than ${MAX_HOSTS} hosts, quickly, saying why`, () => {
    const many = { hosts: Array.from({ length: 675_000 }, (_, i) => host(`n${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)) };
    const started = Date.now();
    expect(problems(many)).toMatch(new RegExp(`hosts: 675000 hosts; at most ${MAX_HOSTS} \\(the console is made for clusters of 3 to 12 machines`));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('values with control or bidi characters, never echoing them', () => {
    const message = problems({ hosts: [host('a\u009b31m', '10.0.0.1\u202e'), host('b', '10.0.0.2', { zone: 'z\u001b]0;owned\u0007' })] });
    expect(message).toContain('hosts[0].name');
    expect(message).toContain('hosts[0].address');
    expect(message).toContain('hosts[1].zone');
    expect(message).not.toMatch(UNSAFE);
  });

  it('keys with control characters, never echoing them', () => {
    const message = problems({ hosts: [{ ...host('a', '10.0.0.1'), 'x\u001b[31m': 1 }] });
    expect(message).toContain('hosts[0].x\\x1b[31m: unknown key');
    expect(message).not.toMatch(UNSAFE);
  });
});

describe('readInventoryFile refuses', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gc-inv-bad-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('/dev/zero and /dev/urandom at once', () => {
    for (const path of ['/dev/zero', '/dev/urandom']) {
      const started = Date.now();
      expect(() => readInventoryFile(path)).toThrow(`${path}: not a regular file (a character device)`);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('a FIFO, without hanging', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(() => readInventoryFile(join(dir, 'fifo'))).toThrow(/fifo: not a regular file \(a FIFO\)/);
  });

  it('a directory, naming it', () => {
    mkdirSync(join(dir, 'inv.yaml'));
    expect(() => readInventoryFile(join(dir, 'inv.yaml'))).toThrow(`${join(dir, 'inv.yaml')}: not a regular file (a directory)`);
  });

  it('a file over the size limit, saying the limit and why', () => {
    const path = file('big.yaml', `hosts:\n${'  - {name: a, address: 10.0.0.1}\n'.repeat(50_000)}`);
    const started = Date.now();
    expect(() => readInventoryFile(path)).toThrow(new RegExp(`big\\.yaml: \\d+ bytes, more than the limit of ${MAX_INVENTORY_BYTES / 1024 / 1024} MiB \\(an inventory`));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an empty file and a binary file', () => {
    expect(() => readInventoryFile(file('empty.yaml', ''))).toThrow(/empty\.yaml: the file is empty/);
    expect(() => readInventoryFile(file('blank.yaml', '\n  \n'))).toThrow(/blank\.yaml: the file is empty/);
    expect(() => readInventoryFile(file('bin.yaml', Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x73, 0x3a, 0x00, 0xff, 0xfe, 0x01])))).toThrow(/bin\.yaml: not text/);
    expect(() => readInventoryFile(file('nul.yaml', 'hosts:\n  - name: a\u0000b\n'))).toThrow(/nul\.yaml: not text: it contains NUL bytes/);
  });

  it('a YAML alias bomb, quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('hosts: *j');
    const path = file('bomb.yaml', `${bomb.join('\n')}\n`);
    const started = Date.now();
    expect(() => readInventoryFile(path)).toThrow(/bomb\.yaml: not valid YAML or JSON: .*alias/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('YAML errors never echo terminal controls from the file', () => {
    const path = file('osc.yaml', 'hosts:\n  - name: \u001b]0;pwned\u0007\u001b[31mred\n   bad: [indent\n');
    try {
      readInventoryFile(path);
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/osc\.yaml: not valid YAML or JSON/);
      expect(message).not.toMatch(UNSAFE);
    }
  });

  it('a path with control characters, never echoing them', () => {
    const message = (() => {
      try {
        readInventoryFile(join(dir, 'x\u001b[2Jy\u202e.yaml'));
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).toContain('x\\x1b[2Jy\\u202e.yaml: cannot read: does not exist');
    expect(message).not.toMatch(UNSAFE);
  });
});

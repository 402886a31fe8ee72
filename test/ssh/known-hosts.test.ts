import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostKeyAlgorithms } from '../../src/ssh/connect.js';
import { appendKnownHost, fingerprint, hostKeyName, KnownHosts, keyTypeOf, parseKnownHosts } from '../../src/ssh/known-hosts.js';
import { tempDir } from './fake-server.js';

/** A real key made by ssh-keygen: type, base64 blob, and the .pub path. */
function sshKeygen(dir: string, type: 'ed25519' | 'ecdsa', name: string): { type: string; base64: string; blob: Buffer; pub: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
  const [keyType, base64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/) as [string, string];
  return { type: keyType, base64, blob: Buffer.from(base64, 'base64'), pub: `${file}.pub` };
}

describe('known_hosts', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ed = sshKeygen(dir, 'ed25519', 'ed');
  const ed2 = sshKeygen(dir, 'ed25519', 'ed2');
  const ec = sshKeygen(dir, 'ecdsa', 'ec');

  it('computes fingerprints exactly like ssh-keygen -l', () => {
    for (const key of [ed, ec]) {
      const listed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.pub], { encoding: 'utf8' }).split(' ')[1];
      expect(fingerprint(key.blob)).toBe(listed);
    }
    expect(keyTypeOf(ed.blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(ec.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOf(Buffer.from('junk'))).toBeUndefined();
  });

  it('names hosts [host]:port off port 22', () => {
    expect(hostKeyName('Node1.Example', 22)).toBe('node1.example');
    expect(hostKeyName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('matches plain names, comma lists, [host]:port, wildcards and negations', () => {
    const text = [
      '# a comment',
      '',
      `node1,10.0.0.1 ${ed.type} ${ed.base64}`,
      `[10.0.0.2]:2222 ${ed.type} ${ed.base64}`,
      `*.lab,!bad.lab ${ec.type} ${ec.base64}`,
      `NODE9 ${ed.type} ${ed.base64} comment words`,
      `broken ${ed.type} not-base64-of-a-key`,
      `@unknown-marker node7 ${ed.type} ${ed.base64}`,
    ].join('\n');
    const known = new KnownHosts(parseKnownHosts(text, '/kh'));
    expect(known.entries).toHaveLength(4);
    expect(known.lookup('node1', 22, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('10.0.0.1', 22, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('10.0.0.1', 2222, ed.type, ed.blob)).toBe('unknown');
    expect(known.lookup('10.0.0.2', 2222, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('10.0.0.2', 22, ed.type, ed.blob)).toBe('unknown');
    expect(known.lookup('gl.lab', 22, ec.type, ec.blob)).toBe('match');
    expect(known.lookup('bad.lab', 22, ec.type, ec.blob)).toBe('unknown');
    expect(known.lookup('node9', 22, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('broken', 22, ed.type, ed.blob)).toBe('unknown');
    expect(known.lookup('node7', 22, ed.type, ed.blob)).toBe('unknown');
    expect(known.check('node1', 22, ed.type, ed.blob).entries[0]).toMatchObject({ file: '/kh', line: 3 });
  });

  it('reads entries hashed by ssh-keygen -H', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `node1 ${ed.type} ${ed.base64}\n[10.0.0.5]:2200 ${ec.type} ${ec.base64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('node1');
    expect(text.split('\n')[0]).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    const known = KnownHosts.load([file]);
    expect(known.lookup('node1', 22, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('NODE1', 22, ed.type, ed.blob)).toBe('match');
    expect(known.lookup('node1', 22, ed2.type, ed2.blob)).toBe('mismatch');
    expect(known.lookup('node2', 22, ed.type, ed.blob)).toBe('unknown');
    expect(known.lookup('10.0.0.5', 2200, ec.type, ec.blob)).toBe('match');
    expect(known.lookup('10.0.0.5', 22, ec.type, ec.blob)).toBe('unknown');
  });

  it('says mismatch for another key of the same type, and for a type the host was never known by', () => {
    const known = new KnownHosts(parseKnownHosts(`node1 ${ed.type} ${ed.base64}\n`, '/kh'));
    expect(known.check('node1', 22, ed2.type, ed2.blob)).toMatchObject({ status: 'mismatch', reason: 'different-key', entries: [{ line: 1 }] });
    expect(known.check('node1', 22, ec.type, ec.blob)).toMatchObject({ status: 'mismatch', reason: 'different-type' });
    expect(known.knownKeyTypes('node1', 22)).toEqual(['ssh-ed25519']);
  });

  it('refuses @revoked keys and ignores @cert-authority lines', () => {
    const text = `@revoked * ${ed2.type} ${ed2.base64}\n@cert-authority *.lab ${ec.type} ${ec.base64}\nnode1 ${ed.type} ${ed.base64}\n`;
    const known = new KnownHosts(parseKnownHosts(text, '/kh'));
    expect(known.check('node1', 22, ed2.type, ed2.blob)).toMatchObject({ status: 'revoked', entries: [{ line: 1 }] });
    expect(known.lookup('node1', 22, ed2.type, ed2.blob)).toBe('mismatch');
    expect(known.lookup('x.lab', 22, ec.type, ec.blob)).toBe('unknown');
  });

  it('treats rsa-sha2-* as the ssh-rsa key type', () => {
    const rsaBlob = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.from([0, 0, 0, 1, 1])]);
    const known = new KnownHosts(parseKnownHosts(`h ssh-rsa ${rsaBlob.toString('base64')}\n`, '/kh'));
    expect(known.lookup('h', 22, 'rsa-sha2-512', rsaBlob)).toBe('match');
  });

  it('treats a missing file as empty', () => {
    expect(KnownHosts.load([join(dir, 'nope', 'known_hosts')]).entries).toEqual([]);
  });

  it('appends entries ssh itself finds, creating the directory 0700 and file 0600', () => {
    const file = join(dir, 'new', 'ssh', 'known_hosts');
    const entry = appendKnownHost(file, '127.0.0.1', 2222, ed.blob);
    expect(entry).toMatchObject({ file, line: 1, hosts: '[127.0.0.1]:2222', keyType: 'ssh-ed25519' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'new', 'ssh')).mode & 0o777).toBe(0o700);
    appendKnownHost(file, 'node1', 22, ec.blob);
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:2222 ${ed.type} ${ed.base64}\nnode1 ${ec.type} ${ec.base64}\n`);
    expect(execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', file], { encoding: 'utf8' })).toContain(ed.base64);
    expect(execFileSync('ssh-keygen', ['-F', 'node1', '-f', file], { encoding: 'utf8' })).toContain(ec.base64);
  });

  it('appends hashed entries that ssh-keygen -F finds, after a last line without newline', () => {
    mkdirSync(join(dir, 'h2'));
    const file = join(dir, 'h2', 'known_hosts');
    writeFileSync(file, `other ${ed2.type} ${ed2.base64}`);
    const entry = appendKnownHost(file, '10.1.1.1', 2200, ed.blob, { hash: true });
    expect(entry.line).toBe(2);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(execFileSync('ssh-keygen', ['-F', '[10.1.1.1]:2200', '-f', file], { encoding: 'utf8' })).toContain(ed.base64);
    expect(KnownHosts.load([file]).lookup('10.1.1.1', 2200, ed.type, ed.blob)).toBe('match');
  });

  it('asks servers for the key types already known first', () => {
    expect(hostKeyAlgorithms([])[0]).toBe('ssh-ed25519');
    expect(hostKeyAlgorithms(['ssh-rsa']).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithms(['ecdsa-sha2-nistp256'])).toHaveLength(7);
  });
});

// Key files, known_hosts and ssh configs named by the operator may be anything:
// /dev/zero must not grow memory, a FIFO must not hang the process. Each is
// refused (or, for an Include, skipped as ssh does) with the file named.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/ssh/auth.js';
import { loadSshConfig } from '../../src/ssh/host-config.js';
import { KnownHosts } from '../../src/ssh/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'gc-ssh-special-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);

describe('files that are not regular files', () => {
  it('a key file that is /dev/zero or a FIFO is skipped with the reason', async () => {
    const keys = new KeyStore();
    expect(await keys.load('/dev/zero')).toEqual({ skipped: '/dev/zero: not a regular file (a character device)' });
    expect(await keys.load(fifo)).toEqual({ skipped: `${fifo}: not a regular file (a FIFO)` });
  });

  it('a known_hosts file that is /dev/urandom or a FIFO is refused, naming it', () => {
    expect(() => KnownHosts.load(['/dev/urandom'])).toThrow('/dev/urandom: not a regular file (a character device)');
    expect(() => KnownHosts.load([fifo])).toThrow(`${fifo}: not a regular file (a FIFO)`);
  });

  it('an ssh config that is a FIFO is refused; an Include of /dev/zero is skipped, as ssh skips what it cannot read', () => {
    expect(() => loadSshConfig(fifo)).toThrow(`${fifo}: not a regular file (a FIFO)`);
    const config = join(dir, 'config');
    writeFileSync(config, `Include /dev/zero ${fifo}\nHost n1\n  Port 2222\n`);
    expect(loadSshConfig(config)?.compute('n1')).toMatchObject({ Port: '2222' });
  });
});

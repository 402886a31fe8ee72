// The lab's locks (flock on a descriptor this process holds): exclusive
// excludes, shared coexists, and a holder killed by SIGKILL leaves no stale lock.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockTimeout, withLock } from '../../src/lab/lock.js';
import { findProgram } from '../../src/lab/preflight.js';

const canFlock = process.platform === 'linux' && findProgram('flock') !== null;
// The holder is a plain node process: it loads the built module (npm test builds dist/ first).
const LOCK_MODULE = new URL('../../dist/lab/lock.js', import.meta.url).pathname;

describe.skipIf(!canFlock)('lab locks', () => {
  const fresh = () => join(mkdtempSync(join(tmpdir(), 'gc-lock-')), 'lock');

  it('lets one exclusive holder in at a time', async () => {
    const path = fresh();
    const order: string[] = [];
    const release = await acquireLock(path, 'exclusive');
    // While the first holds it, a second holder cannot get in (it gives up at its own timeout)...
    await expect(acquireLock(path, 'exclusive', 300)).rejects.toBeInstanceOf(LockTimeout);
    // ...and one that waits gets in only after the release.
    const second = withLock(path, 'exclusive', async () => void order.push('second'));
    order.push('first done');
    release();
    await second;
    expect(order).toEqual(['first done', 'second']);
    rmSync(path, { force: true });
  });

  it('lets shared holders in together, and not beside an exclusive one', async () => {
    const path = fresh();
    const a = await acquireLock(path, 'shared');
    const b = await acquireLock(path, 'shared', 5_000);
    await expect(acquireLock(path, 'exclusive', 1_000)).rejects.toBeInstanceOf(LockTimeout);
    a();
    b();
    const c = await acquireLock(path, 'exclusive', 5_000);
    c();
  });

  it('is free again at once when its holder is killed (no stale lock)', async () => {
    const path = fresh();
    // Another process takes the lock, says so, and is then killed with SIGKILL.
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e',
        `const { acquireLock } = await import(${JSON.stringify(LOCK_MODULE)}); await acquireLock(${JSON.stringify(path)}, 'exclusive'); console.log('locked'); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    await expect(acquireLock(path, 'exclusive', 1_000)).rejects.toBeInstanceOf(LockTimeout);
    holder.kill('SIGKILL');
    const started = Date.now();
    const release = await acquireLock(path, 'exclusive', 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
  });
});

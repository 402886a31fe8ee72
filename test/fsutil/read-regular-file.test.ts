import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileReadError, readRegularFile } from '../../src/fsutil/read-regular-file.js';

describe('readRegularFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gc-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file, and one behind a symlink (as ~/.ssh files often are)', () => {
    writeFileSync(join(dir, 'f'), 'hello');
    symlinkSync(join(dir, 'f'), join(dir, 'link'));
    expect(readRegularFile(join(dir, 'f'), { maxBytes: 10 }).toString()).toBe('hello');
    expect(readRegularFile(join(dir, 'link'), { maxBytes: 10 }).toString()).toBe('hello');
  });

  it('refuses /dev/zero and /dev/urandom at once, naming the file', () => {
    for (const file of ['/dev/zero', '/dev/urandom']) {
      const started = Date.now();
      expect(() => readRegularFile(file, { maxBytes: 1024 })).toThrow(new RegExp(`^${file}: not a regular file \\(a character device\\)`));
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('refuses a symlink to /dev/zero: the target is what counts', () => {
    symlinkSync('/dev/zero', join(dir, 'key'));
    expect(() => readRegularFile(join(dir, 'key'), { maxBytes: 1024 })).toThrow(/key: not a regular file \(a character device\)/);
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readRegularFile(fifo, { maxBytes: 1024 })).toThrow(/fifo: not a regular file \(a FIFO\)/);
  });

  it('refuses a directory, naming it', () => {
    mkdirSync(join(dir, 'd'));
    const err = (() => {
      try {
        readRegularFile(join(dir, 'd'), { maxBytes: 1024 });
      } catch (e) {
        return e as FileReadError;
      }
      throw new Error('read a directory');
    })();
    expect(err).toBeInstanceOf(FileReadError);
    expect(err.code).toBe('EISDIR');
    expect(err.message).toBe(`${join(dir, 'd')}: not a regular file (a directory)`);
  });

  it('refuses a file over the limit, saying the limit and why', () => {
    writeFileSync(join(dir, 'big'), Buffer.alloc(2049));
    expect(() => readRegularFile(join(dir, 'big'), { maxBytes: 2048, why: 'keys are small' })).toThrow(/big: 2049 bytes, more than the limit of 2 KiB \(keys are small\)/);
    expect(readRegularFile(join(dir, 'big'), { maxBytes: 4096 }).length).toBe(2049);
  });

  it('stops at the limit even when the size fstat reports is wrong (/proc files say 0)', () => {
    const text = readRegularFile('/proc/self/status', { maxBytes: 1 << 20 }).toString();
    expect(text).toMatch(/^Name:/);
    expect(() => readRegularFile('/proc/self/status', { maxBytes: 16 })).toThrow(/status: more than the limit of 16 bytes/);
  });

  it('keeps the error code of a missing file, so callers can treat it as absent', () => {
    try {
      readRegularFile(join(dir, 'none'), { maxBytes: 10 });
      expect.unreachable();
    } catch (e) {
      expect((e as FileReadError).code).toBe('ENOENT');
      expect((e as Error).message).toBe(`${join(dir, 'none')}: does not exist`);
    }
  });
});

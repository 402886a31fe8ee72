import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { lineDiff, linesOf, parseReadFile, readFaithfully, readFileCommand, replaceFileCommand, sha256, textOf } from '../../src/steps/file-edit.js';
import { tempDir } from '../ui/helpers.js';

const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((c) => c()));
function temp() {
  const t = tempDir('gc-file-edit-');
  dirs.push(t.cleanup);
  return t.dir;
}
const read = (path: string) => parseReadFile(path, execFileSync('sh', ['-c', readFileCommand(path).text], { encoding: 'utf8' }));

describe('replacing a file on a host', () => {
  it('writes the new text, keeps a backup next to it, and reads back', () => {
    const dir = temp();
    const path = join(dir, 'hosts');
    writeFileSync(path, '127.0.0.1 localhost\n');
    chmodSync(path, 0o640);
    const facts = read(path);
    expect(facts).toMatchObject({ exists: true, text: '127.0.0.1 localhost\n', sha256: sha256('127.0.0.1 localhost\n') });
    const out = execFileSync('sh', ['-c', replaceFileCommand(facts, '127.0.0.1 localhost\n10.0.0.2 node2\n').text], { encoding: 'utf8' });
    expect(out).toContain('replaced');
    expect(readFileSync(path, 'utf8')).toBe('127.0.0.1 localhost\n10.0.0.2 node2\n');
    const backups = readdirSync(dir).filter((f) => f.startsWith('hosts.gluster-console-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(execFileSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).trim()).toBe('640');
    expect(existsSync(`${path}.gluster-console.tmp`)).toBe(false);
  });

  it('changes nothing when the file changed since the check (exit 3)', () => {
    const dir = temp();
    const path = join(dir, 'fstab');
    writeFileSync(path, 'a\n');
    const facts = read(path);
    writeFileSync(path, 'someone else\n');
    const r = spawnSync('sh', ['-c', replaceFileCommand(facts, 'b\n').text], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('changed since it was checked');
    expect(readFileSync(path, 'utf8')).toBe('someone else\n');
  });

  it('rewrites in place after the backup when rename says the file is busy (a bind mount)', () => {
    const dir = temp();
    const bin = join(dir, 'bin');
    execFileSync('mkdir', [bin]);
    // A mv that fails as rename(2) does over a bind-mounted file.
    writeFileSync(join(bin, 'mv'), `#!/bin/sh\necho "mv: cannot move '$3' to '$4': Device or resource busy" >&2\nexit 1\n`);
    chmodSync(join(bin, 'mv'), 0o755);
    const path = join(dir, 'hosts');
    writeFileSync(path, 'old\n');
    const r = spawnSync('sh', ['-c', replaceFileCommand(read(path), 'new\n').text], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rewrote it in place');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });

  /** A directory of stand-in programs put first on PATH. */
  function fakeBin(dir: string, programs: Record<string, string>): string {
    const bin = join(dir, 'bin');
    execFileSync('mkdir', [bin]);
    for (const [name, body] of Object.entries(programs)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    return bin;
  }

  it('a full filesystem: the write fails naming it, removes the 0-byte backup it made, and leaves the file alone', () => {
    const dir = temp();
    // cp as on a full disk: the backup is created, nothing fits in it.
    const bin = fakeBin(dir, { cp: `: > "$3"; echo "cp: error copying '$2' to '$3': No space left on device" >&2; exit 1`, df: `printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\ntmpfs 64 64 0 100%% /etc\\n'` });
    const path = join(dir, 'hosts');
    writeFileSync(path, 'old\n');
    const r = spawnSync('sh', ['-c', replaceFileCommand(read(path), 'new\n').text], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`no space left on /etc (the filesystem that holds ${path}): ${path} is unchanged and nothing was left behind; free some space there and run again`);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('hosts.'))).toEqual([]);
  });

  it('a failed write whose tool does not say why (dash: "printf: I/O error") is still named a full filesystem when df shows none free', () => {
    const dir = temp();
    const bin = fakeBin(dir, { cp: `: > "$3"; echo "cp: I/O error" >&2; exit 1`, df: `printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\n/dev/vda1 64 64 0 100%% /\\n'` });
    const path = join(dir, 'fstab');
    writeFileSync(path, 'old\n');
    const r = spawnSync('sh', ['-c', replaceFileCommand(read(path), 'new\n').text], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^no space left on \/ \(the filesystem that holds /);
    expect(readdirSync(dir).filter((f) => f.startsWith('fstab.'))).toEqual([]);
  });

  it('any other failure is passed on in the tool\'s words, and what the write made is removed', () => {
    const dir = temp();
    const bin = fakeBin(dir, { mv: `echo "mv: cannot move '$2' to '$3': Read-only file system" >&2; exit 1` });
    const path = join(dir, 'hosts');
    writeFileSync(path, 'old\n');
    const r = spawnSync('sh', ['-c', replaceFileCommand(read(path), 'new\n').text], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Read-only file system');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('hosts.'))).toEqual([]);
  });

  it('creates a missing file', () => {
    const dir = temp();
    const path = join(dir, 'fstab');
    const facts = read(path);
    expect(facts.exists).toBe(false);
    execFileSync('sh', ['-c', replaceFileCommand(facts, 'x\n').text]);
    expect(readFileSync(path, 'utf8')).toBe('x\n');
  });

  it('carries any text through the shell unchanged', () => {
    const dir = temp();
    const path = join(dir, 'f');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.includes('\0')), (content) => {
        writeFileSync(path, 'start\n');
        execFileSync('sh', ['-c', replaceFileCommand(read(path), content).text]);
        return readFileSync(path, 'utf8') === content;
      }),
      { numRuns: 40 },
    );
    // 40 real shells: seconds on a busy 2-core machine, not the default 5 s.
  }, 60_000);

  it('notices text that did not survive decoding (not UTF-8)', () => {
    expect(readFaithfully({ path: '/x', exists: true, text: 'a\n', sha256: sha256('a\n') })).toBe(true);
    expect(readFaithfully({ path: '/x', exists: true, text: 'a\uFFFD\n', sha256: 'c0ffee' })).toBe(false);
  });
});

describe('lines and differences', () => {
  it('splits and joins lines with the final newline', () => {
    expect(linesOf('a\nb\n')).toEqual(['a', 'b']);
    expect(linesOf('a\nb')).toEqual(['a', 'b']);
    expect(linesOf('')).toEqual([]);
    expect(textOf(['a', 'b'])).toBe('a\nb\n');
  });

  it('lists what goes and what comes, in file order', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual(['+ x', '- b', '+ d']);
    expect(lineDiff(['a'], ['a'])).toEqual([]);
  });
});

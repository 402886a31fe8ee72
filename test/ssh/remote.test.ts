import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { cmd, quote, sh } from '../../src/shell/command.js';
import { asRoot, groupAliveCommand, killCommand, PgidFilter, sudoProblem, wrapCommand } from '../../src/ssh/remote.js';

describe('wrapCommand', () => {
  const command = cmd('gluster', 'volume', 'info', "it's");

  it('announces $$ on stderr, then execs the command in sh (through sudo -n for non-root)', () => {
    expect(wrapCommand(command, 'root', 'ab12')).toBe(`printf '%s\\n' "@gc-pgid:ab12:$$" >&2; exec sh -c ${quote(command.text)}`);
    expect(wrapCommand(command, 'deploy', 'ab12')).toBe(`printf '%s\\n' "@gc-pgid:ab12:$$" >&2; exec sudo -n sh -c ${quote(command.text)}`);
    expect(asRoot(command, 'root')).toBe(command.text);
    expect(asRoot(command, 'deploy')).toBe(`sudo -n sh -c ${quote(command.text)}`);
  });

  it('kill commands name the group and the session, and refuse silly ids', () => {
    expect(killCommand(4242, 'TERM').text).toBe('kill -s TERM -- -4242 2>/dev/null; pkill -TERM -s 4242 2>/dev/null; true');
    expect(() => killCommand(1, 'KILL')).toThrow();
    expect(() => killCommand(0, 'KILL')).toThrow();
  });

  // What sshd does for an exec request, done locally: a new session whose
  // leader runs the login shell with our text. No network involved.
  function spawnSession(text: string) {
    const child = spawn('/bin/sh', ['-c', text], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const filter = new PgidFilter('feed');
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += filter.push(d.toString())));
    return { child, filter, out: () => stdout, err: () => stderr };
  }

  it('runs the command unchanged and reports the session leader as the process group', async () => {
    const s = spawnSession(wrapCommand(sh`echo out; echo err >&2; exit 7`, 'root', 'feed'));
    const [code] = (await once(s.child, 'exit')) as [number];
    expect(code).toBe(7);
    expect(s.out()).toBe('out\n');
    expect(s.err()).toBe('err\n');
    expect(s.filter.pgid).toBe(s.child.pid);
  });

  it('the kill command ends the whole process group, background jobs and timeout(1) children included', async () => {
    const s = spawnSession(wrapCommand(sh`sleep 600 & timeout 600 sleep 601 & sleep 602; wait`, 'root', 'feed'));
    await vi.waitFor(() => expect(s.filter.pgid).toBeDefined());
    const pgid = s.filter.pgid as number;
    // Live members of the session (killed children become zombies of init until reaped).
    const sid = () =>
      execFileSync('ps', ['-eo', 'sid=,stat='], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter(([id, stat]) => Number(id) === pgid && !stat?.startsWith('Z')).length;
    await vi.waitFor(() => expect(sid()).toBeGreaterThanOrEqual(4));
    const exited = once(s.child, 'exit');
    execFileSync('/bin/sh', ['-c', killCommand(pgid, 'TERM').text]);
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe('SIGTERM');
    await vi.waitFor(() => expect(sid()).toBe(0));
  });

  it('groupAliveCommand says the group runs while a child that ignores SIGTERM outlives its shell, and that it is gone after SIGKILL', async () => {
    const s = spawnSession(wrapCommand(sh`sh -c 'trap "" TERM; sleep 603' & wait`, 'root', 'feed'));
    await vi.waitFor(() => expect(s.filter.pgid).toBeDefined());
    const pgid = s.filter.pgid as number;
    const alive = () => spawnSync('/bin/sh', ['-c', groupAliveCommand(pgid).text]).status;
    await vi.waitFor(() => expect(execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })).toContain('sleep 603'));
    const exited = once(s.child, 'exit');
    execFileSync('/bin/sh', ['-c', killCommand(pgid, 'TERM').text]);
    await exited; // the wrapper shell is gone: the channel would close here
    expect(alive()).toBe(0);
    execFileSync('/bin/sh', ['-c', killCommand(pgid, 'KILL').text]);
    await vi.waitFor(() => expect(alive()).toBe(1));
  });
});

describe('PgidFilter', () => {
  it('removes the announce line, even split across chunks', () => {
    const f = new PgidFilter('abc');
    expect(f.push('@gc-pg')).toBe('');
    expect(f.push('id:abc:12')).toBe('');
    expect(f.push('3\nreal error\n')).toBe('real error\n');
    expect(f.pgid).toBe(123);
    expect(f.push('@gc-pgid:abc:999\n')).toBe('@gc-pgid:abc:999\n'); // only the first one counts
  });

  it('passes login noise before the marker through, a line at a time', () => {
    const f = new PgidFilter('abc');
    expect(f.push('bashrc: warn')).toBe('');
    expect(f.push('ing\nstill')).toBe('bashrc: warning\n');
    expect(f.push(' more\n@gc-pgid:abc:5\nafter')).toBe('still more\nafter');
    expect(f.pgid).toBe(5);
  });

  it('ignores a marker with another nonce and gives up after 64 KiB', () => {
    const f = new PgidFilter('abc');
    expect(f.push('@gc-pgid:zzz:5\n')).toBe('@gc-pgid:zzz:5\n');
    expect(f.push('x'.repeat(70000))).toHaveLength(70000);
    expect(f.push('@gc-pgid:abc:5\n')).toBe('@gc-pgid:abc:5\n');
    expect(f.pgid).toBeUndefined();
  });

  it('flushes a partial line at the end', () => {
    const f = new PgidFilter('abc');
    expect(f.push('no newline')).toBe('');
    expect(f.flush()).toBe('no newline');
  });
});

describe('sudoProblem', () => {
  it('recognises sudo refusing, not the command failing', () => {
    expect(sudoProblem('n1', 'deploy', 1, 'sudo: a password is required\n')?.kind).toBe('sudo-password');
    expect(sudoProblem('n1', 'deploy', 1, 'sudo: a terminal is required to read the password\n')?.kind).toBe('sudo-password');
    expect(sudoProblem('n1', 'deploy', 1, 'deploy is not in the sudoers file.\nsudo: deploy is not in the sudoers file\n')?.kind).toBe('sudo-password');
    expect(sudoProblem('n1', 'deploy', 127, 'bash: line 1: exec: sudo: not found\n')?.kind).toBe('config');
    expect(sudoProblem('n1', 'deploy', 1, 'volume create: failed\n')).toBeUndefined();
    expect(sudoProblem('n1', 'root', 1, 'sudo: a password is required\n')).toBeUndefined();
    expect(sudoProblem('n1', 'deploy', 0, 'sudo: a password is required\n')).toBeUndefined();
    expect(sudoProblem('n1', 'deploy', 1, 'sudo: a password is required\n')?.message).toMatch(/^n1: .*NOPASSWD/);
  });
});

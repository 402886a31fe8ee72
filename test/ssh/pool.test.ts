import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InventoryHost } from '../../src/config/inventory.js';
import { cmd, quote, sh } from '../../src/shell/command.js';
import { fingerprint } from '../../src/ssh/known-hosts.js';
import { SshPool, type PoolOptions } from '../../src/ssh/pool.js';
import { SshError } from '../../src/ssh/types.js';
import { makeKey, startFakeServer, tempDir, writeKeyFile, type ExecCtx, type FakeServer, type KeyPair, type Script } from './fake-server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Lab {
  dir: string;
  server: FakeServer;
  clientKey: KeyPair;
  keyFile: string;
  knownHosts: string;
  host(name?: string, user?: string): InventoryHost;
  pool(hosts?: InventoryHost[], options?: PoolOptions): SshPool;
}

function knownLine(server: FakeServer, key: KeyPair = server.hostKey): string {
  return `[127.0.0.1]:${server.port} ssh-ed25519 ${key.blob.toString('base64')}\n`;
}

async function lab(script: Script, options: { maxSessions?: number; known?: boolean } = {}): Promise<Lab> {
  const dir = tempDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const clientKey = makeKey();
  const keyFile = writeKeyFile(dir, 'id_test', clientKey);
  const server = await startFakeServer({
    accounts: { root: { publicKey: clientKey.parsed }, deploy: { publicKey: clientKey.parsed } },
    script,
    ...(options.maxSessions !== undefined ? { maxSessions: options.maxSessions } : {}),
  });
  cleanups.push(() => server.stop());
  const knownHosts = join(dir, 'known_hosts');
  if (options.known !== false) writeFileSync(knownHosts, knownLine(server));
  const l: Lab = {
    dir,
    server,
    clientKey,
    keyFile,
    knownHosts,
    host: (name = 'node1', user = 'root') => ({
      name,
      address: '127.0.0.1',
      ssh: { user, port: server.port, identityFile: keyFile, knownHostsFile: knownHosts },
      zone: 'z',
    }),
    pool: (hosts = [l.host()], opts = {}) => {
      const pool = new SshPool(hosts, { sshConfigFile: null, agentSocket: null, globalKnownHostsFiles: [], homeDir: dir, killGraceMs: 500, ...opts });
      cleanups.push(() => pool.close());
      return pool;
    },
  };
  return l;
}

/** A script from command text to behaviour; anything else fails loudly. */
function commands(table: Record<string, (ctx: ExecCtx) => void>): Script {
  return (ctx) => {
    const run = table[ctx.text];
    if (run) return run(ctx);
    ctx.err(`no such test command: ${ctx.text}\n`);
    ctx.exit(127);
  };
}

const echo = (ctx: ExecCtx) => {
  ctx.out(`${ctx.text}\n`);
  ctx.exit(0);
};

async function rejection(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SshError);
    return err as SshError;
  }
  throw new Error('expected a rejection');
}

describe('SshPool against an in-process ssh2 server', () => {
  it('uses one connection for many commands, sequential and parallel', async () => {
    const l = await lab(commands({ 'echo hi': echo }));
    const pool = l.pool();
    for (let i = 0; i < 5; i++) expect((await pool.exec('node1', cmd('echo', 'hi'))).stdout).toBe('echo hi\n');
    const results = await Promise.all(Array.from({ length: 10 }, () => pool.exec('node1', cmd('echo', 'hi'))));
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(l.server.connections).toBe(1);
  });

  it('shares the first connect between concurrent first calls', async () => {
    const l = await lab(commands({ 'echo hi': echo }));
    const pool = l.pool();
    await Promise.all(Array.from({ length: 6 }, () => pool.exec('node1', cmd('echo', 'hi'))));
    expect(l.server.connections).toBe(1);
  });

  it('keeps at most maxChannelsPerHost channels open on a host', async () => {
    const total = 10;
    const limit = 3;
    let finished = 0;
    const held: ExecCtx[] = [];
    // Hold every command until as many run at once as can: the limit, or what is left.
    const l = await lab((ctx) => {
      held.push(ctx);
      if (held.length === Math.min(limit, total - finished)) {
        for (const c of held.splice(0)) {
          finished++;
          c.exit(0);
        }
      }
    });
    const pool = l.pool(undefined, { maxChannelsPerHost: limit });
    const results = await Promise.all(Array.from({ length: total }, (_, i) => pool.exec('node1', cmd('job', i))));
    expect(results).toHaveLength(total);
    expect(l.server.maxSessions).toBe(limit);
    expect(l.server.connections).toBe(1);
  });

  it('adapts when the server allows fewer sessions than maxChannelsPerHost', async () => {
    const l = await lab((ctx) => setImmediate(() => ctx.exit(0)), { maxSessions: 2 });
    const pool = l.pool(undefined, { maxChannelsPerHost: 6 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.exec('node1', cmd('job', i))));
    expect(results.map((r) => r.code)).toEqual(Array(12).fill(0));
    expect(l.server.maxSessions).toBe(2);
  });

  it('returns nonzero exit codes as results and streams output to callbacks', async () => {
    const l = await lab(
      commands({
        work: (ctx) => {
          ctx.out('one\n');
          ctx.err('warn\n');
          const euro = Buffer.from('€\n');
          ctx.out(euro.subarray(0, 1)); // a character split across two packets
          ctx.out(euro.subarray(1));
          ctx.exit(3);
        },
      }),
    );
    const pool = l.pool();
    const out: string[] = [];
    const err: string[] = [];
    const result = await pool.exec('node1', cmd('work'), { onStdout: (c) => out.push(c), onStderr: (c) => err.push(c) });
    expect(result).toMatchObject({ host: 'node1', command: 'work', code: 3, stdout: 'one\n€\n', stderr: 'warn\n' });
    expect(out.join('')).toBe('one\n€\n');
    expect(err.join('')).toBe('warn\n'); // the pgid announce line never reaches the caller
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('writes stdin and closes it', async () => {
    const l = await lab(
      commands({
        cat: (ctx) => {
          void ctx.stdin.then((text) => {
            ctx.out(text);
            ctx.exit(0);
          });
        },
      }),
    );
    const pool = l.pool();
    expect((await pool.exec('node1', cmd('cat'), { stdin: 'line 1\nline 2\n' })).stdout).toBe('line 1\nline 2\n');
    // without stdin the command still sees end-of-file rather than waiting forever
    expect((await pool.exec('node1', cmd('cat'))).stdout).toBe('');
  });

  it('at the deadline kills the remote process group and rejects with timeout', async () => {
    const l = await lab(commands({ 'sleep 600': () => {}, 'echo hi': echo }));
    const pool = l.pool();
    const err = await rejection(pool.exec('node1', cmd('sleep', 600), { timeoutMs: 100 }));
    expect(err.kind).toBe('timeout');
    expect(err.host).toBe('node1');
    expect(err.message).toMatch(/node1: `sleep 600` did not finish within 0.1s; it was stopped/);
    const victim = l.server.execs.find((e) => e.text === 'sleep 600');
    expect(l.server.kills).toEqual([{ pgid: victim?.pgid, signal: 'TERM', raw: expect.stringMatching(/^kill -s TERM -- -\d+ /) }]);
    // the slot was given back and the connection still works
    expect((await pool.exec('node1', cmd('echo', 'hi'))).code).toBe(0);
    expect(l.server.connections).toBe(1);
  });

  it('sends KILL when TERM is ignored', async () => {
    const l = await lab(
      commands({
        stubborn: (ctx) => {
          ctx.ignoreTerm = true;
        },
      }),
    );
    const pool = l.pool(undefined, { killGraceMs: 50 });
    const err = await rejection(pool.exec('node1', cmd('stubborn'), { timeoutMs: 50 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/ignored SIGTERM and was killed \(SIGKILL\)/);
    expect(l.server.kills.map((k) => k.signal)).toEqual(['TERM', 'KILL']);
  });

  it('cancels through an AbortSignal, killing the remote command', async () => {
    const controller = new AbortController();
    const l = await lab(commands({ 'sleep 600': () => controller.abort() }));
    const pool = l.pool();
    const err = await rejection(pool.exec('node1', cmd('sleep', 600), { signal: controller.signal }));
    expect(err.kind).toBe('cancelled');
    expect(err.message).toMatch(/was cancelled; it was stopped/);
    expect(l.server.kills).toHaveLength(1);
  });

  it('does not start a command whose signal is already aborted', async () => {
    const l = await lab(commands({}));
    const pool = l.pool();
    const err = await rejection(pool.exec('node1', cmd('true'), { signal: AbortSignal.abort() }));
    expect(err.kind).toBe('cancelled');
    expect(l.server.raws).toEqual([]);
  });

  it('reports a connection dropped mid-command as connection-lost, then reconnects', async () => {
    const l = await lab(commands({ hang: () => l.server.dropAll(), 'echo hi': echo }));
    const pool = l.pool();
    const err = await rejection(pool.exec('node1', cmd('hang')));
    expect(err.kind).toBe('connection-lost');
    expect(err.message).toMatch(/^node1: the connection was lost while `hang` was running/);
    expect((await pool.exec('node1', cmd('echo', 'hi'))).stdout).toBe('echo hi\n');
    expect(l.server.connections).toBe(2);
  });

  it('runs commands that were queued behind a lost connection on a new one', async () => {
    const l = await lab(commands({ hang: () => l.server.dropAll(), 'echo hi': echo }));
    const pool = l.pool(undefined, { maxChannelsPerHost: 1 });
    const first = rejection(pool.exec('node1', cmd('hang')));
    const queued = pool.exec('node1', cmd('echo', 'hi'));
    expect((await first).kind).toBe('connection-lost');
    expect((await queued).stdout).toBe('echo hi\n');
    expect(l.server.connections).toBe(2);
  });

  it('stops the command when an output handler throws', async () => {
    const l = await lab(commands({ chatty: (ctx) => ctx.out('line\n') }));
    const err = await rejection(
      l.pool().exec('node1', cmd('chatty'), {
        onStdout: () => {
          throw new Error('screen gone');
        },
      }),
    );
    expect(err.kind).toBe('cancelled');
    expect(err.message).toMatch(/output handler failed \(screen gone\); it was stopped/);
    expect(l.server.kills).toHaveLength(1);
  });

  it('asks about an unknown host key once, records it, and trusts it next time', async () => {
    const l = await lab(commands({ 'echo hi': echo }), { known: false });
    const ask = vi.fn(async () => true);
    const pool = l.pool(undefined, { onUnknownHostKey: ask });
    await Promise.all(Array.from({ length: 4 }, () => pool.exec('node1', cmd('echo', 'hi'))));
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask).toHaveBeenCalledWith({ host: 'node1', address: '127.0.0.1', port: l.server.port, keyType: 'ssh-ed25519', fingerprint: fingerprint(l.server.hostKey.blob) });
    expect(readFileSync(l.knownHosts, 'utf8')).toBe(knownLine(l.server));
    const again = vi.fn(async () => true);
    await l.pool(undefined, { onUnknownHostKey: again }).exec('node1', cmd('echo', 'hi'));
    expect(again).not.toHaveBeenCalled();
  });

  it('refuses an unknown host key when it is not accepted, or when no one can be asked', async () => {
    const l = await lab(commands({}), { known: false });
    const declined = await rejection(l.pool(undefined, { onUnknownHostKey: async () => false }).exec('node1', cmd('true')));
    expect(declined.kind).toBe('host-key-rejected');
    expect(declined.message).toContain(fingerprint(l.server.hostKey.blob));
    const unasked = await rejection(l.pool().exec('node1', cmd('true')));
    expect(unasked.kind).toBe('host-key-rejected');
    expect(l.server.connections).toBe(0);
  });

  it('refuses a host whose key changed, naming the known_hosts line to remove', async () => {
    const l = await lab(commands({}));
    const old = makeKey();
    writeFileSync(l.knownHosts, `# old entry\n${knownLine(l.server, old)}`);
    const ask = vi.fn(async () => true);
    const err = await rejection(l.pool(undefined, { onUnknownHostKey: ask }).exec('node1', cmd('true')));
    expect(err.kind).toBe('host-key-changed');
    expect(err.message).toContain(`${l.knownHosts}:2`);
    expect(err.message).toContain(`ssh-keygen -R "[127.0.0.1]:${l.server.port}"`);
    expect(err.message).toMatch(/intercepting|reinstalled/);
    expect(err.message).toContain(`presented the ssh-ed25519 key ${fingerprint(l.server.hostKey.blob)}, but the one recorded is ssh-ed25519 ${fingerprint(old.blob)}`);
    expect(ask).not.toHaveBeenCalled();
    expect(l.server.connections).toBe(0);
  });

  it('runs commands for non-root users through sudo -n sh -c, and kills through sudo', async () => {
    const seen: ExecCtx[] = [];
    const l = await lab((ctx) => {
      seen.push(ctx);
      if (ctx.text !== 'sleep 600') ctx.exit(0);
    });
    const pool = l.pool([l.host('node1', 'root'), l.host('node2', 'deploy')]);
    const command = cmd('gluster', '--mode=script', 'volume', 'create', "it's");
    await pool.exec('node1', command);
    await pool.exec('node2', command);
    expect(seen.map((s) => [s.user, s.sudo, s.text])).toEqual([
      ['root', false, command.text],
      ['deploy', true, command.text],
    ]);
    expect(seen[1]?.raw).toContain(`exec sudo -n sh -c ${quote(command.text)}`);
    await rejection(pool.exec('node2', cmd('sleep', 600), { timeoutMs: 50 }));
    expect(l.server.kills[0]?.raw).toMatch(/^sudo -n sh -c 'kill -s TERM -- -\d+/);
  });

  it('turns a sudo password prompt into a sudo-password error', async () => {
    const l = await lab((ctx) => {
      ctx.err('sudo: a password is required\n');
      ctx.exit(1);
    });
    const err = await rejection(l.pool([l.host('node2', 'deploy')]).exec('node2', cmd('id')));
    expect(err.kind).toBe('sudo-password');
    expect(err.message).toMatch(/^node2: .*passwordless sudo/);
  });

  it('unlocks an encrypted key by asking its passphrase once for the whole pool', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const key = makeKey({ passphrase: 'open sesame' });
    const keyFile = writeKeyFile(dir, 'id_locked', key);
    const servers = await Promise.all([0, 1].map(() => startFakeServer({ accounts: { root: { publicKey: key.parsed } }, script: (c) => c.exit(0) })));
    for (const s of servers) cleanups.push(() => s.stop());
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, servers.map((s) => knownLine(s)).join(''));
    const hosts = servers.map((s, i) => ({ name: `n${i}`, address: '127.0.0.1', ssh: { user: 'root', port: s.port, identityFile: keyFile, knownHostsFile: knownHosts }, zone: 'z' }));
    const askPassphrase = vi.fn(async () => 'open sesame');
    const pool = new SshPool(hosts, { sshConfigFile: null, agentSocket: null, globalKnownHostsFiles: [], askPassphrase });
    cleanups.push(() => pool.close());
    const results = await pool.execAll(['n0', 'n1'], cmd('true'));
    expect(results.map((r) => r.result?.code)).toEqual([0, 0]);
    expect(askPassphrase).toHaveBeenCalledTimes(1);
    expect(askPassphrase).toHaveBeenCalledWith(keyFile);
  });

  it('logs in with a password only when askPassword is given', async () => {
    const l = await lab(commands({ 'echo hi': echo }));
    const server = await startFakeServer({ hostKey: l.server.hostKey, accounts: { root: { password: 'pw' } }, script: echo });
    cleanups.push(() => server.stop());
    writeFileSync(l.knownHosts, knownLine(server));
    const host: InventoryHost = { ...l.host(), ssh: { ...l.host().ssh, port: server.port } };
    const noPassword = await rejection(l.pool([host]).exec('node1', cmd('echo', 'hi')));
    expect(noPassword.kind).toBe('auth');
    expect(noPassword.message).toMatch(/^node1: root@127.0.0.1:\d+ refused the login; tried the key/);
    const askPassword = vi.fn(async () => 'pw');
    expect((await l.pool([host], { askPassword }).exec('node1', cmd('echo', 'hi'))).stdout).toBe('echo hi\n');
    expect(askPassword).toHaveBeenCalledWith('node1');
  });

  it('reports a closed port as unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const l = await lab(commands({}));
    const err = await rejection(l.pool([{ ...l.host(), ssh: { ...l.host().ssh, port } }]).exec('node1', cmd('true')));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('reaches a host through a ProxyJump from ~/.ssh/config', async () => {
    const l = await lab(commands({ hostname: (ctx) => { ctx.out('target\n'); ctx.exit(0); } }));
    const jump = await startFakeServer({ accounts: { hopper: { publicKey: l.clientKey.parsed } }, script: (c) => c.exit(1) });
    cleanups.push(() => jump.stop());
    writeFileSync(l.knownHosts, knownLine(l.server) + knownLine(jump).replace('127.0.0.1', 'jump.test').replace(`:${jump.port}`, `:${jump.port}`));
    const config = join(l.dir, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host target.test',
        '  HostName 127.0.0.1',
        '  ProxyJump hopper@jump.test',
        'Host jump.test',
        '  HostKeyAlias jump.test',
        '  HostName 127.0.0.1',
        `  Port ${jump.port}`,
        'Host *',
        `  IdentityFile ${l.keyFile}`,
        `  UserKnownHostsFile ${l.knownHosts}`,
        '',
      ].join('\n'),
    );
    const host: InventoryHost = { name: 'node1', address: 'target.test', ssh: { user: 'root', port: l.server.port, knownHostsFile: l.knownHosts }, zone: 'z' };
    const pool = l.pool([host], { sshConfigFile: config });
    expect((await pool.exec('node1', cmd('hostname'))).stdout).toBe('target\n');
    expect(jump.connections).toBe(1);
    expect(l.server.connections).toBe(1);
  });

  it('fans out across hosts in parallel and reports each host on its own', async () => {
    let running = 0;
    let peak = 0;
    const held: ExecCtx[] = [];
    const script: Script = (ctx) => {
      running++;
      peak = Math.max(peak, running);
      held.push(ctx);
      if (held.length === 2) for (const c of held.splice(0)) { running--; c.out(`${c.text}\n`); c.exit(0); }
    };
    const l = await lab(script);
    const other = await startFakeServer({ hostKey: l.server.hostKey, accounts: { root: { publicKey: l.clientKey.parsed } }, script });
    cleanups.push(() => other.stop());
    writeFileSync(l.knownHosts, knownLine(l.server) + knownLine(other));
    const hosts = [l.host('a'), { ...l.host('b'), ssh: { ...l.host().ssh, port: other.port } }, { ...l.host('c'), ssh: { ...l.host().ssh, port: 1 } }];
    const pool = l.pool(hosts);
    const results = await pool.execAll(['a', 'b', 'c', 'zz'], (h) => cmd('echo', h));
    expect(peak).toBe(2); // a and b were running at the same time
    expect(results.map((r) => [r.host, r.result?.stdout ?? r.error?.kind])).toEqual([
      ['a', 'echo a\n'],
      ['b', 'echo b\n'],
      ['c', 'unreachable'],
      ['zz', 'config'],
    ]);
  });

  it('close() ends the connections; later commands are refused', async () => {
    const l = await lab(commands({ 'echo hi': echo }));
    const pool = l.pool();
    await pool.exec('node1', cmd('echo', 'hi'));
    await pool.close();
    await l.server.waitFor(() => l.server.openConnections === 0);
    const err = await rejection(pool.exec('node1', cmd('echo', 'hi')));
    expect(err.kind).toBe('cancelled');
  });

  it('passes composed commands through intact', async () => {
    const l = await lab(echo);
    const command = sh`test -b ${'/dev/vd c'} && blkid ${'/dev/vd c'}`;
    const result = await l.pool().exec('node1', command);
    expect(result.stdout).toBe(`${command.text}\n`);
  });
});

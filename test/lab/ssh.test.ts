// The SSH layer against the lab's real OpenSSH servers: one connection reused,
// fan-out in parallel, timeouts and cancellation that really kill the remote
// command, host keys checked, unreachable and crashed hosts named, sudo -n.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshPool, type PoolOptions } from '../../src/ssh/pool.js';
import { cmd, sh } from '../../src/shell/command.js';
import { SshError } from '../../src/ssh/types.js';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { runLocal } from '../../src/lab/host-exec.js';
import type { InventoryHost } from '../../src/config/inventory.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';

async function rejection(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SshError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject with an SshError');
}

describe.skipIf(inject('labSkipReason') !== '')('SSH layer on real sshd', () => {
  let lab: TestLab;
  const pools: SshPool[] = [];
  // Addresses come from the lab's inventory (GLUSTER_CONSOLE_LAB_NET may move them).
  const addr = (index: number) => lab.inventory.hosts[0]!.address.replace(/\.1$/, `.${index}`);
  const pool = (hosts: InventoryHost[] = lab.inventory.hosts, options: PoolOptions = {}) => {
    const p = new SshPool(hosts, { sshConfigFile: null, agentSocket: null, ...options });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    lab = await startTestLab(3);
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await lab?.down();
  });

  it('runs commands with exit codes and streamed output', async () => {
    const p = pool();
    const chunks: string[] = [];
    const r = await p.exec('node2', sh`hostname; echo oops >&2; exit 3`, { onStdout: (c) => chunks.push(c) });
    expect(r).toMatchObject({ host: 'node2', code: 3, stdout: 'node2\n', stderr: 'oops\n' });
    expect(chunks.join('')).toBe('node2\n');
  });

  it('reuses one connection for every command to a host', async () => {
    const p = pool();
    // SSH_CONNECTION names the client's source port: one port means one TCP connection.
    const ports = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await p.exec('node1', sh`echo $SSH_CONNECTION`);
      ports.add(r.stdout.split(' ')[1]!);
    }
    expect(ports.size).toBe(1);
  });

  it('fans out to every host in parallel', async () => {
    const p = pool();
    // Each host records when its command ran; the machine's clock is shared by all nodes.
    const entries = await p.execAll(['node1', 'node2', 'node3'], sh`date +%s.%N; sleep 1; date +%s.%N`);
    const spans = entries.map((e) => e.result!.stdout.trim().split('\n').map(Number) as [number, number]);
    const latestStart = Math.max(...spans.map(([start]) => start));
    const earliestEnd = Math.min(...spans.map(([, end]) => end));
    expect(latestStart).toBeLessThan(earliestEnd); // all three overlapped
  });

  it('keeps more parallel commands than OpenSSH allows sessions within the channel limit', async () => {
    const p = pool();
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => p.exec('node3', sh`sleep 0.2; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 24 }, (_, i) => String(i)));
  });

  it('kills a command that hangs at its timeout and says so', async () => {
    const p = pool();
    const err = await rejection(p.exec('node1', cmd('sleep', '4242'), { timeoutMs: 500 }));
    expect(err.kind).toBe('timeout');
    expect(err.host).toBe('node1');
    expect(err.message).toContain('node1');
    const left = await eventually(() => sshRun(lab, addr(1), 'pgrep -x -f "sleep 4242" || echo none'), (r) => r.stdout.trim() === 'none', 10_000);
    expect(left.stdout.trim()).toBe('none');
  });

  it('cancels a running command and kills it on the host', async () => {
    const p = pool();
    const controller = new AbortController();
    const running = p.exec('node2', cmd('sleep', '4343'), { signal: controller.signal });
    await eventually(() => sshRun(lab, addr(2), 'pgrep -x -f "sleep 4343" || echo none'), (r) => r.stdout.trim() !== 'none', 10_000);
    controller.abort();
    expect((await rejection(running)).kind).toBe('cancelled');
    const left = await eventually(() => sshRun(lab, addr(2), 'pgrep -x -f "sleep 4343" || echo none'), (r) => r.stdout.trim() === 'none', 10_000);
    expect(left.stdout.trim()).toBe('none');
  });

  it('refuses a host whose key changed, explaining why', async () => {
    const knownHosts = join(lab.dir, 'known_hosts.changed');
    const otherKey = readFileSync(join(lab.dir, 'node3', 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `${addr(2)} ${otherKey}\n`);
    const host = { ...lab.inventory.hosts[1]!, ssh: { ...lab.inventory.hosts[1]!.ssh, knownHostsFile: knownHosts } };
    const err = await rejection(pool([host]).exec('node2', cmd('true')));
    expect(err.kind).toBe('host-key-changed');
    expect(err.message).toContain('node2');
    expect(err.message).toContain(knownHosts);
    // Both fingerprints, as ssh-keygen -l prints them: the recorded one (node3's key) and the one node2 presented.
    const fp = async (file: string) => (await runLocal('ssh-keygen', ['-l', '-f', file])).stdout.split(' ')[1]!;
    expect(err.message).toContain(`the one recorded is ssh-ed25519 ${await fp(join(lab.dir, 'node3', 'ssh_host_ed25519_key.pub'))}`);
    expect(err.message).toContain(`presented the ssh-ed25519 key ${await fp(join(lab.dir, 'node2', 'ssh_host_ed25519_key.pub'))}`);
  });

  it('asks once about an unknown host, shows the real fingerprint, and records it', async () => {
    const knownHosts = join(lab.dir, 'known_hosts.tofu');
    writeFileSync(knownHosts, '');
    const host = { ...lab.inventory.hosts[0]!, ssh: { ...lab.inventory.hosts[0]!.ssh, knownHostsFile: knownHosts } };
    const asked: string[] = [];
    const p = pool([host], { onUnknownHostKey: async (info) => (asked.push(info.fingerprint), true) });
    await p.exec('node1', cmd('true'));
    await p.exec('node1', cmd('true'));
    const expected = (await runLocal('ssh-keygen', ['-l', '-f', join(lab.dir, 'node1', 'ssh_host_ed25519_key.pub')])).stdout.split(' ')[1];
    expect(asked).toEqual([expected]);
    expect(readFileSync(knownHosts, 'utf8')).toContain('ssh-ed25519');
    // A new pool (a new console session) trusts the recorded key without asking.
    const again = pool([host], { onUnknownHostKey: async () => { throw new Error('asked twice'); } });
    expect((await again.exec('node1', cmd('hostname'))).stdout).toBe('node1\n');
  });

  it('refuses an unknown host key when nobody can be asked', async () => {
    const knownHosts = join(lab.dir, 'known_hosts.empty');
    writeFileSync(knownHosts, '');
    const host = { ...lab.inventory.hosts[0]!, ssh: { ...lab.inventory.hosts[0]!.ssh, knownHostsFile: knownHosts } };
    const err = await rejection(pool([host]).exec('node1', cmd('true')));
    expect(err.kind).toBe('host-key-rejected');
    expect(err.message).toMatch(/SHA256:/);
  });

  it('names an unreachable host', async () => {
    const ghost: InventoryHost = { ...lab.inventory.hosts[0]!, name: 'ghost', address: addr(200) };
    const err = await rejection(pool([ghost]).exec('ghost', cmd('true')));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain('ghost');
  });

  it('reports a power cut mid-command as a lost connection, and reconnects after boot', async () => {
    const p = pool(lab.inventory.hosts, { keepaliveIntervalMs: 500, keepaliveCountMax: 2 });
    expect((await p.exec('node3', cmd('hostname'))).stdout).toBe('node3\n');
    const outcome = rejection(p.exec('node3', cmd('sleep', '300')));
    await eventually(() => sshRun(lab, addr(3), 'pgrep -x -f "sleep 300" || echo none'), (r) => r.stdout.trim() !== 'none', 10_000);
    await labCrash(lab.dir, 3);
    const err = await outcome;
    expect(err.kind).toBe('connection-lost');
    expect(err.host).toBe('node3');
    await labBoot(lab.dir, 3);
    expect((await p.exec('node3', cmd('hostname'))).stdout).toBe('node3\n');
  });

  it('runs a non-root user\'s commands through sudo -n, and says when sudo wants a password', async () => {
    const setup = await sshRun(
      lab,
      addr(1),
      [
        'mkdir -p /data/home',
        "useradd -m -d /data/home/operator1 -s /bin/bash -p '*' operator1",
        "useradd -m -d /data/home/nosudo1 -s /bin/bash -p '*' nosudo1",
        "echo 'operator1 ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/operator1",
        'chmod 0440 /etc/sudoers.d/operator1',
      ].join(' && '),
    );
    expect(setup.code, setup.stderr).toBe(0);
    const as = (user: string): InventoryHost => ({ ...lab.inventory.hosts[0]!, ssh: { ...lab.inventory.hosts[0]!.ssh, user } });
    const r = await pool([as('operator1')]).exec('node1', sh`id -un; echo "$SUDO_USER"`);
    expect(r.stdout).toBe('root\noperator1\n');
    const err = await rejection(pool([as('nosudo1')]).exec('node1', cmd('true')));
    expect(err.kind).toBe('sudo-password');
    expect(err.message).toMatch(/passwordless sudo/);
  });
});

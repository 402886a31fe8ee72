// How the poller gathers: in parallel, falling back to another host for
// cluster-wide questions, never waiting for a slow section, stopping cleanly.
import { describe, expect, it, vi } from 'vitest';
import { ClusterPoller, POOL_VIEWS_PER_REFRESH } from '../../src/panel/poller.js';
import type { Command } from '../../src/shell/command.js';
import { SshError, type ExecAllEntry, type ExecOptions, type ExecResult, type Executor } from '../../src/ssh/types.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { LAB_HOSTS, recorded, replay, runScenario } from './replay.js';

const CLUSTER_QUERY = /^gluster --mode=script volume /;

/** The healthy recording, with node1's cluster-wide answers available from any host. */
function anyHostAnswers(): FakeExecutor {
  const fake = replay('healthy');
  for (const r of recorded('healthy').filter((r) => r.host === 'node1' && CLUSTER_QUERY.test(r.command))) {
    fake.on('*', r.command, { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' });
  }
  return fake;
}

/** Delegates to a fake, but holds commands matching `pattern` until released (or cancelled). */
class GatedExecutor implements Executor {
  private releases: Array<() => void> = [];
  held = 0;
  constructor(
    private readonly inner: Executor,
    private readonly pattern: RegExp,
  ) {}
  async exec(host: string, command: Command, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.pattern.test(command.text)) {
      this.held++;
      await new Promise<void>((resolve, reject) => {
        this.releases.push(resolve);
        options.signal?.addEventListener('abort', () => reject(new SshError('cancelled', host, `${host}: cancelled`)), { once: true });
      });
    }
    return this.inner.exec(host, command, options);
  }
  release(): void {
    this.releases.splice(0).forEach((r) => r());
  }
  execAll(): Promise<ExecAllEntry[]> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

describe('the poller', () => {
  it('asks every host in one exec (probe, pool list, bricks), and cluster-wide questions once, of one host', async () => {
    const { fake, poller } = await runScenario('healthy');
    // First refresh: the bricks are not known yet, so their check follows volume info.
    for (const host of ['node1', 'node2', 'node3']) {
      const [script, mounts, ...rest] = fake.commandsOn(host).filter((c) => !CLUSTER_QUERY.test(c));
      expect(script).toMatch(/^if \[ -d \/run\/systemd\/system \][\s\S]*gluster --mode=script pool list --xml 2>&1\necho @@gc-rc=\$\?$/);
      expect(mounts).toMatch(/^root=\$\(stat -c %d \/\)/);
      expect(rest).toEqual([]);
    }
    expect(fake.calls.filter((c) => CLUSTER_QUERY.test(c.command)).every((c) => c.host === 'node1')).toBe(true);
    expect(fake.calls.filter((c) => c.command === 'gluster --mode=script volume info --xml')).toHaveLength(1);
    // Then one exec per host, everything starting at once; brick filesystems
    // that were just found mounted, under running bricks, are not asked again yet.
    const before = fake.calls.length;
    await poller.refresh();
    const second = fake.calls.slice(before);
    for (const host of ['node1', 'node2', 'node3']) {
      const own = second.filter((c) => c.host === host && !CLUSTER_QUERY.test(c.command));
      expect(own).toHaveLength(1);
      expect(own[0]!.command).not.toContain('@@gc-mounts');
    }
    // Volume options are not asked again within 30 s either.
    expect(second.some((c) => c.command.includes('volume get'))).toBe(false);
  });

  it('checks the brick filesystems of a host with an offline brick every refresh, in its one exec', async () => {
    const { fake, poller } = await runScenario('brick-unmounted');
    const before = fake.calls.length;
    await poller.refresh();
    const node3 = fake.calls.slice(before).filter((c) => c.host === 'node3');
    expect(node3).toHaveLength(1);
    expect(node3[0]!.command).toMatch(/echo @@gc-mounts\nroot=\$\(stat/);
    expect(poller.snapshot.host.node3!.mounts).toMatchObject({ state: 'ok', source: 'node3' });
  });

  it('does not ask for heal entries until they are on screen', async () => {
    const { fake } = await runScenario('healthy');
    expect(fake.calls.some((c) => c.command.includes('heal datapoint info --xml'))).toBe(false);
    const watched = await runScenario('healthy', { watch: true });
    expect(watched.snapshot.entries.datapoint!.state).toBe('ok');
  });

  it('asks another host when the first cannot answer (SSH down, or its glusterd down)', async () => {
    const down = anyHostAnswers().on('node1', /.*/, { error: new SshError('unreachable', 'node1', 'node1: refused') });
    const viaNode2 = await runScenario('healthy', { fake: down });
    expect(viaNode2.snapshot.primary).toBe('node2');
    expect(viaNode2.snapshot.volumes).toMatchObject({ state: 'ok', source: 'node2' });

    const glusterdDown = anyHostAnswers().on('node1', CLUSTER_QUERY, { code: 1, stdout: 'Connection failed. Please check if gluster daemon is operational.\n' });
    const fallback = await runScenario('healthy', { fake: glusterdDown });
    expect(fallback.snapshot.status).toMatchObject({ state: 'ok', source: 'node2' });
  });

  it('takes a failure gluster itself reports (opRet) as the answer, without asking elsewhere', async () => {
    const fake = anyHostAnswers().on('node1', /heal datapoint info summary/, {
      code: 251,
      stdout: '<?xml version="1.0"?><cliOutput><healInfo><bricks/></healInfo><opRet>-1</opRet><opErrno>5</opErrno><opErrstr>datapoint: Not able to fetch volfile from glusterd</opErrstr></cliOutput>',
    });
    const { snapshot } = await runScenario('healthy', { fake });
    expect(snapshot.heal.datapoint).toMatchObject({ state: 'failed', error: { kind: 'failed', message: expect.stringContaining('Not able to fetch volfile') } });
    expect(fake.calls.filter((c) => /heal datapoint info summary/.test(c.command)).map((c) => c.host)).toEqual(['node1']);
  });

  it('after a timeout, asks a different host first next time', async () => {
    const fake = anyHostAnswers().on('node1', 'gluster --mode=script volume info --xml', { error: new SshError('timeout', 'node1', 'node1: gave up after 20000 ms') });
    const { poller, snapshot } = await runScenario('healthy', { fake });
    expect(snapshot.volumes).toMatchObject({ state: 'unknown', error: { kind: 'timeout' } });
    const next = await poller.refresh();
    expect(next.volumes).toMatchObject({ state: 'ok', source: 'node2' });
  });

  it('never waits for a slow heal info: other sections keep refreshing, the slow one is not asked twice', async () => {
    const gated = new GatedExecutor(replay('healthy'), /heal datapoint info summary/);
    const changes: number[] = [];
    const poller = new ClusterPoller({ executor: gated, hosts: LAB_HOSTS, onChange: (s) => changes.push(s.refreshes) });
    poller.start(20);
    try {
      await vi.waitFor(() => expect(poller.snapshot.status.state).toBe('ok'), { timeout: 5000, interval: 10 });
      const firstStatus = poller.snapshot.status.at!;
      await vi.waitFor(() => expect(poller.snapshot.status.at!).toBeGreaterThan(firstStatus), { timeout: 5000, interval: 10 });
      expect(gated.held).toBe(1);
      expect(poller.snapshot.heal.datapoint).toMatchObject({ state: 'pending', busySince: expect.any(Number) });
      gated.release();
      await vi.waitFor(() => expect(poller.snapshot.heal.datapoint!.state).toBe('ok'), { timeout: 5000, interval: 10 });
      expect(poller.snapshot.healHistory.datapoint!.length).toBeGreaterThanOrEqual(1);
    } finally {
      poller.stop();
      gated.release();
    }
  });

  it('stops: kills what runs and changes nothing afterwards', async () => {
    const gated = new GatedExecutor(replay('healthy'), /heal datapoint info summary/);
    let changes = 0;
    const poller = new ClusterPoller({ executor: gated, hosts: LAB_HOSTS, onChange: () => changes++ });
    const refresh = poller.refresh();
    await vi.waitFor(() => expect(gated.held).toBe(1), { timeout: 5000, interval: 10 });
    poller.stop();
    await refresh;
    const after = changes;
    expect(poller.snapshot.heal.datapoint!.state).toBe('pending');
    expect(await poller.refresh()).toBe(poller.snapshot);
    expect(changes).toBe(after);
  });

  it('remembers the device gluster reported for each brick (what to mount if it goes missing)', async () => {
    const { snapshot } = await runScenario('healthy');
    expect(snapshot.brickDevices).toEqual({
      'node1:/data/glusterfs/brick1/brick': '/dev/vdc',
      'node2:/data/glusterfs/brick1/brick': '/dev/vdc',
      'node3:/data/glusterfs/brick1/brick': '/dev/vdc',
    });
  });

  it('checks the brick filesystems again as soon as a host has booted since', async () => {
    const fake = replay('healthy');
    const { poller } = await runScenario('healthy', { fake, refreshes: 2 });
    const script = recorded('healthy').find((r) => r.host === 'node3' && r.command.startsWith('if [ -d'))!;
    fake.on('node3', script.command, { stdout: script.stdout!.replace(/^boot=.*$/m, 'boot=new-boot-id-12345') });
    const before = fake.calls.length;
    await poller.refresh();
    expect(fake.calls.slice(before).filter((c) => c.host === 'node3').map((c) => c.command.slice(0, 20))).toEqual(['if [ -d /run/systemd', 'root=$(stat -c %d /)']);
  });

  it('on bigger clusters asks a few hosts per refresh for their own pool view, oldest first (the primary always)', async () => {
    const hosts = [1, 2, 3, 4, 5, 6, 7].map((i) => ({ ...LAB_HOSTS[0]!, name: `node${i}`, address: `127.1.7.${i}` }));
    const fake = anyHostAnswers();
    const script = () => recorded('healthy').find((r) => r.host === 'node1' && r.command.startsWith('if [ -d'))!.stdout!;
    fake.on('*', /^if \[ -d \/run\/systemd\/system \]/, (_host, command) => {
      const out = script();
      return { stdout: command.includes('@@gc-pool') ? out : out.replace(/@@gc-pool[\s\S]*@@gc-rc=0\n/, '') };
    });
    fake.on('*', /^root=\$\(stat/, { stdout: 'root\t1\n' });
    const poller = new ClusterPoller({ executor: fake, hosts });
    const poolAsked = async () => {
      const before = fake.calls.length;
      await poller.refresh();
      return fake.calls.slice(before).filter((c) => c.command.includes('@@gc-pool')).map((c) => c.host);
    };
    expect(await poolAsked()).toHaveLength(7);
    // The primary, and the others in turns of POOL_VIEWS_PER_REFRESH - 1, oldest first.
    const rounds = [await poolAsked(), await poolAsked(), await poolAsked()];
    for (const asked of rounds) {
      expect(asked).toHaveLength(POOL_VIEWS_PER_REFRESH);
      expect(asked).toContain('node1');
    }
    expect(new Set(rounds.flat())).toEqual(new Set(hosts.map((h) => h.name)));
    // Every host still answers its probe every refresh.
    expect(Object.values(poller.snapshot.host).every((h) => h.probe.state === 'ok' && h.pool.state === 'ok')).toBe(true);
  });

  it('records the heal backlog each refresh for the trend', async () => {
    const { snapshot } = await runScenario('shd-off-pending', { refreshes: 2 });
    expect(snapshot.healHistory.datapoint!.map((s) => s.pending)).toEqual([9, 9]);
    expect(snapshot.refreshes).toBe(2);
  });
});

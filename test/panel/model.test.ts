// The cluster model, verdicts, findings and their plans, on what the poller
// saw on the lab in each state (replayed; see replay.ts).
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/panel/analyze.js';
import { healPlanFor } from '../../src/panel/findings.js';
import type { ClusterReport, Finding } from '../../src/panel/report.js';
import type { Snapshot } from '../../src/panel/snapshot.js';
import { exitCodeFor } from '../../src/panel/verdict.js';
import { SshError } from '../../src/ssh/types.js';
import { recorded, replay, runScenario } from './replay.js';

const kinds = (report: ClusterReport) => report.findings.map((f) => f.kind);
const find = (report: ClusterReport, kind: string): Finding => {
  const found = report.findings.find((f) => f.kind === kind);
  if (!found) throw new Error(`no ${kind} finding; have: ${kinds(report).join(', ')}`);
  return found;
};
const commands = (finding: Finding) => finding.plan?.steps.map((s) => `${s.host}: ${s.command.text}`);

describe('a healthy replica-3 cluster', () => {
  it('is healthy: every host up, every peer connected from every side, every brick online and mounted, no backlog', async () => {
    const { report } = await runScenario('healthy');
    expect(report.verdict).toBe('healthy');
    expect(exitCodeFor(report.verdict)).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.hosts.map((h) => [h.name, h.ssh, h.glusterd, h.inPool, h.systemd])).toEqual([
      ['node1', 'up', 'running', true, false],
      ['node2', 'up', 'running', true, false],
      ['node3', 'up', 'running', true, false],
    ]);
    expect(report.hosts[0]!.peers!.map((p) => [p.peer, p.connected, p.state])).toEqual([
      ['node2', true, 3],
      ['node3', true, 3],
    ]);
    const [v] = report.volumes;
    expect(v).toMatchObject({ name: 'datapoint', type: 'Replicate', layout: '1 x 3 = 3', status: 'Started', verdict: 'healthy', healed: true });
    expect(v!.options).toEqual({ quorumType: 'auto', serverQuorumType: 'off', serverQuorumRatio: '51', selfHealDaemon: 'on' });
    expect(v!.bricks.map((b) => [b.host, b.online, b.mount, b.mountPoint, b.device])).toEqual([
      ['node1', 'yes', 'mounted', '/data/glusterfs/brick1', '/dev/vdc'],
      ['node2', 'yes', 'mounted', '/data/glusterfs/brick1', '/dev/vdc'],
      ['node3', 'yes', 'mounted', '/data/glusterfs/brick1', '/dev/vdc'],
    ]);
    expect(v!.bricks.every((b) => b.pid !== undefined && b.port !== undefined && b.freeBytes! > 0)).toBe(true);
    expect(v!.selfHealDaemons!.map((d) => [d.host, d.online]).sort()).toEqual([
      ['node1', true],
      ['node2', true],
      ['node3', true],
    ]);
    expect(v!.sets).toEqual([{ index: 0, bricks: v!.bricks.map((b) => b.name), quorum: expect.objectContaining({ state: 'met', online: 3 }) }]);
    expect(v!.heal).toMatchObject({ state: 'ok', pending: 0, splitBrain: 0 });
  });
  it('stamps every section with when it answered and which host answered', async () => {
    const { report, snapshot } = await runScenario('healthy');
    expect(report.sections.find((s) => s.label === 'volume info')).toMatchObject({ state: 'ok', source: 'node1', at: expect.any(Number) });
    expect(snapshot.host.node2!.probe).toMatchObject({ state: 'ok', source: 'node2' });
    expect(report.primary).toBe('node1');
  });
});

describe('after a power cut of node 3 and writes through node 1', () => {
  it('shows node 3 down, its brick offline (heal info cannot reach it), the volume degraded but serving', async () => {
    const { report } = await runScenario('node3-crashed');
    expect(report.verdict).toBe('degraded');
    expect(exitCodeFor(report.verdict)).toBe(1);
    const node3 = report.hosts.find((h) => h.name === 'node3')!;
    expect(node3).toMatchObject({ ssh: 'down', glusterd: 'unknown', inPool: true });
    expect(node3.sshError).toMatch(/nothing accepts connections on 127\.1\.7\.3:22/);
    expect(report.hosts[0]!.peers!.find((p) => p.peer === 'node3')).toMatchObject({ connected: false, state: 3 });
    const [v] = report.volumes;
    expect(v!.verdict).toBe('degraded');
    expect(v!.bricks.find((b) => b.host === 'node3')).toMatchObject({ online: 'no', mount: 'unknown' });
    expect(v!.sets[0]!.quorum).toMatchObject({ state: 'met', online: 2 });
    // node3's brick did not answer heal info: the count is unknown, what node1 and node2 list a floor.
    expect(v!.heal!.pending).toBeUndefined();
    expect(v!.heal).toMatchObject({ notAnswering: 1, pendingAtLeast: expect.any(Number) });
    expect(v!.heal!.pendingAtLeast).toBeGreaterThan(0);

    expect(kinds(report)).toEqual(['host-unreachable', 'brick-offline', 'heal-pending', 'heal-counts-unknown']);
    expect(find(report, 'heal-pending').title).toMatch(/^at least \d+ entries of datapoint pending heal$/);
    expect(find(report, 'host-unreachable')).toMatchObject({ title: 'node3 is down: it does not answer over SSH', severity: 'degraded' });
    expect(find(report, 'host-unreachable').explanation.join(' ')).toMatch(/Its peers \(node1, node2\) see it disconnected/);
    // Nothing to run from here: the host must boot, and heal waits for it.
    expect(find(report, 'brick-offline').plan).toBeUndefined();
    expect(find(report, 'heal-pending').plan).toBeUndefined();
    expect(healPlanFor(report, 'datapoint', false)).toEqual({ refused: expect.stringMatching(/node3:\/data\/glusterfs\/brick1\/brick is not online/) });
  });
  it('a second node down loses client quorum: the volume is down', async () => {
    const { snapshot } = await runScenario('node3-crashed');
    const status = snapshot.status.value!.map((v) => ({ ...v, bricks: v.bricks.map((b) => (b.hostname === 'node2' ? { ...b, online: false } : b)) }));
    const report = analyze({ ...snapshot, status: { ...snapshot.status, value: status } }, Date.now());
    expect(report.verdict).toBe('down');
    expect(exitCodeFor('down')).toBe(1);
    const quorum = find(report, 'quorum-lost');
    expect(quorum).toMatchObject({ severity: 'down', title: 'Client quorum lost in datapoint: I/O fails' });
    expect(quorum.explanation.join(' ')).toMatch(/1 of 3 bricks are online; client quorum needs at least 2 of 3.*Transport endpoint is not connected.*does not turn read-only/);
  });
});

describe('after node 3 boots without the fstab line of its brick', () => {
  it('says the brick filesystem is not mounted on node3 and offers: fstab line, mount, check, start force', async () => {
    const { report } = await runScenario('brick-unmounted');
    expect(report.verdict).toBe('degraded');
    const brick = report.volumes[0]!.bricks.find((b) => b.host === 'node3')!;
    expect(brick).toMatchObject({ online: 'no', mount: 'not-mounted', mountPoint: '/data/glusterfs/brick1' });
    const finding = find(report, 'brick-unmounted');
    expect(finding.title).toBe('Brick filesystem not mounted on node3: /data/glusterfs/brick1/brick (datapoint)');
    expect(commands(finding)).toEqual([
      expect.stringMatching(/^node3: grep -qs UUID=[0-9a-f-]{36} \/etc\/fstab \|\| printf '%s\\n' 'UUID=[0-9a-f-]{36} \/data\/glusterfs\/brick1 xfs defaults,nofail 0 0' >> \/etc\/fstab$/),
      'node3: mount /data/glusterfs/brick1',
      'node3: mountpoint -q /data/glusterfs/brick1 && test -d /data/glusterfs/brick1/brick',
      'node1: gluster --mode=script volume start datapoint force',
    ]);
    expect(finding.plan!.steps[2]!.check).toBe(true);
    // Never a plain start force for it.
    expect(report.findings.some((f) => f.kind === 'brick-offline')).toBe(false);
  });
  it('mounts from fstab when fstab has the line', async () => {
    const { snapshot } = await runScenario('brick-unmounted');
    const mounts = snapshot.host.node3!.mounts!;
    const withLine = { ...mounts.value!, fstab: [{ target: '/data/glusterfs/brick1', source: 'UUID=x', fsType: 'xfs', options: 'defaults,nofail' }] };
    const report = analyze({ ...snapshot, host: { ...snapshot.host, node3: { ...snapshot.host.node3!, mounts: { ...mounts, value: withLine } } } }, Date.now());
    expect(commands(find(report, 'brick-unmounted'))).toEqual([
      'node3: mount /data/glusterfs/brick1',
      'node3: mountpoint -q /data/glusterfs/brick1 && test -d /data/glusterfs/brick1/brick',
      'node1: gluster --mode=script volume start datapoint force',
    ]);
  });
  it('offers nothing to run when no unmounted filesystem is found to mount', async () => {
    const { snapshot } = await runScenario('brick-unmounted');
    const mounts = snapshot.host.node3!.mounts!;
    const report = analyze({ ...snapshot, host: { ...snapshot.host, node3: { ...snapshot.host.node3!, mounts: { ...mounts, value: { ...mounts.value!, devices: [] } } } } }, Date.now());
    const finding = find(report, 'brick-unmounted');
    expect(finding.plan).toBeUndefined();
    expect(finding.explanation.join(' ')).toMatch(/No unmounted filesystem was found on the brick's device \(\/dev\/vdc\)/);
  });
  it('offers start force for an offline brick whose filesystem is mounted', async () => {
    const { snapshot } = await runScenario('brick-unmounted');
    const healthyMounts = snapshot.host.node1!.mounts!;
    const report = analyze({ ...snapshot, host: { ...snapshot.host, node3: { ...snapshot.host.node3!, mounts: healthyMounts } } }, Date.now());
    const finding = find(report, 'brick-offline');
    expect(commands(finding)).toEqual(['node1: gluster --mode=script volume start datapoint force']);
  });
});

describe('a backlog that stays because the self-heal daemon is off', () => {
  it('names both: the daemon off (fix: turn it on) and the backlog (h: turn it on, then heal)', async () => {
    const { report } = await runScenario('shd-off-pending');
    expect(report.verdict).toBe('degraded');
    const [v] = report.volumes;
    expect(v!.options.selfHealDaemon).toBe('off');
    expect(v!.selfHealDaemons).toEqual([]);
    expect(v!.heal!.pending).toBeGreaterThan(0);
    expect(kinds(report)).toEqual(['shd-disabled', 'heal-pending']);
    expect(commands(find(report, 'shd-disabled'))).toEqual(['node1: gluster --mode=script volume set datapoint cluster.self-heal-daemon on']);
    expect(commands(find(report, 'heal-pending'))).toEqual([
      'node1: gluster --mode=script volume set datapoint cluster.self-heal-daemon on',
      'node1: gluster --mode=script volume heal datapoint',
    ]);
    const full = healPlanFor(report, 'datapoint', true);
    expect('steps' in full && full.steps.map((s) => s.command.text)).toEqual([
      'gluster --mode=script volume set datapoint cluster.self-heal-daemon on',
      'gluster --mode=script volume heal datapoint full',
    ]);
    expect('steps' in full && full.extraConfirmation).toMatchObject({ expect: 'datapoint' });
  });
  it('retries the heal while the daemon starts ("Glusterd Syncop Mgmt brick op \'Heal\' failed")', async () => {
    const { report } = await runScenario('shd-off-pending');
    const heal = find(report, 'heal-pending').plan!.steps[1]!;
    expect(heal.retry!.when.test("Glusterd Syncop Mgmt brick op 'Heal' failed. Please check glustershd log file for details.")).toBe(true);
    expect(heal.retry!.when.test('Self-heal-daemon is disabled. Heal will not be triggered on volume datapoint')).toBe(false);
  });
});

describe('glusterd stopped on node 2', () => {
  it('offers to start it (no systemd: glusterd -p), explains the brick heal info cannot reach', async () => {
    const { report } = await runScenario('glusterd-down-node2');
    expect(report.verdict).toBe('degraded');
    const node2 = report.hosts.find((h) => h.name === 'node2')!;
    expect(node2).toMatchObject({ ssh: 'up', glusterd: 'stopped', systemd: false });
    expect(node2.peers).toBeUndefined();
    const finding = find(report, 'glusterd-down');
    expect(finding.title).toBe('glusterd is not running on node2');
    expect(commands(finding)).toEqual(['node2: glusterd -p /run/glusterd.pid']);
    const brick = report.volumes[0]!.bricks.find((b) => b.host === 'node2')!;
    expect(brick.online).toBe('no');
    expect(brick.onlineWhy).toMatch(/glusterd on node2, which is down \(the brick process may still run\)/);
    expect(find(report, 'brick-offline').plan).toBeUndefined();
    // Its peers' view of it is part of the glusterd finding, not a separate one.
    expect(kinds(report)).not.toContain('peer-disconnected');
  });
  it('with systemd: systemctl start glusterd', async () => {
    const fake = replay('glusterd-down-node2');
    for (const r of recorded('glusterd-down-node2').filter((r) => r.host === 'node2' && r.command.startsWith('if [ -d /run/systemd/system ]'))) {
      fake.on('node2', r.command, { stdout: r.stdout!.replace('init=other', 'init=systemd') });
    }
    const { report } = await runScenario('glusterd-down-node2', { fake });
    expect(commands(find(report, 'glusterd-down'))).toEqual(['node2: systemctl start glusterd']);
  });
});

describe('split-brain', () => {
  it('lists the files once each (by path where any brick knows it)', async () => {
    const { report, snapshot } = await runScenario('split-brain');
    expect(snapshot.splitBrain.datapoint!.state).toBe('ok');
    const finding = find(report, 'split-brain');
    expect(finding.title).toBe('2 entries of datapoint in split-brain');
    expect(finding.explanation.at(-1)).toBe('Files: /sb1, /sb2');
    expect(finding.explanation.join(' ')).toMatch(/EIO/);
    // Quorum had been turned off to make the split-brain: that is worth saying too.
    expect(commands(find(report, 'client-quorum-off'))).toEqual(['node1: gluster --mode=script volume set datapoint cluster.quorum-type auto']);
  });
});

describe('a stopped volume', () => {
  it('is degraded, with its bricks offline, and start offered', async () => {
    const { report } = await runScenario('volume-stopped');
    expect(report.verdict).toBe('degraded');
    expect(report.volumes[0]!.bricks.every((b) => b.online === 'no' && b.onlineWhy === 'volume stopped')).toBe(true);
    expect(kinds(report)).toEqual(['volume-not-started']);
    expect(commands(find(report, 'volume-not-started'))).toEqual(['node1: gluster --mode=script volume start datapoint']);
  });
});

describe('what could not be checked', () => {
  it('a heal info that timed out makes the volume unknown, never healthy (exit 2)', async () => {
    const fake = replay('healthy').on('node1', /heal datapoint info summary/, { error: new SshError('timeout', 'node1', 'node1: gave up after 60000 ms') });
    const { report } = await runScenario('healthy', { fake });
    expect(report.volumes[0]!.verdict).toBe('unknown');
    expect(report.verdict).toBe('unknown');
    expect(exitCodeFor(report.verdict)).toBe(2);
    expect(find(report, 'query-unknown').title).toBe('heal info datapoint did not answer in time: state unknown');
  });
  it('keeps the last answer (with its age) when a later query times out, but not as a fact', async () => {
    const fake = replay('healthy');
    const { poller } = await runScenario('healthy', { fake });
    fake.on('node1', /heal datapoint info summary/, { error: new SshError('timeout', 'node1', 'node1: gave up') });
    const snapshot = await poller.refresh();
    expect(snapshot.heal.datapoint).toMatchObject({ state: 'unknown', value: expect.any(Array), at: expect.any(Number), error: { kind: 'timeout' } });
    expect(analyze(snapshot, Date.now()).volumes[0]!.heal!.pending).toBeUndefined();
  });
  it('a known problem outranks what could not be checked', async () => {
    const fake = replay('node3-crashed').on('node1', /heal datapoint info summary/, { error: new SshError('timeout', 'node1', 'gave up') });
    const { report } = await runScenario('node3-crashed', { fake });
    expect(report.verdict).toBe('degraded');
  });
  it('no host answering is "unreachable" (exit 2)', async () => {
    const fake = new (await import('../support/fake-executor.js')).FakeExecutor().on('*', /.*/, (host) => ({ error: new SshError('unreachable', host, `${host}: connection refused`) }));
    const { report } = await runScenario('healthy', { fake });
    expect(report.verdict).toBe('unreachable');
    expect(exitCodeFor(report.verdict)).toBe(2);
    expect(report.hosts.every((h) => h.ssh === 'down')).toBe(true);
  });
  it.each([
    ['host-key-changed', 'HOST KEY CHANGED for node1 (127.1.7.1:22): ...', "node1's host key changed: the console refuses to connect"],
    ['host-key-rejected', 'node1 (127.1.7.1:22) is not in known_hosts (...) and no one was asked to trust it.', "node1's host key is not trusted yet: the console refuses to connect"],
    ['host-key-rejected', 'node1 (127.1.7.1:22) presented the ssh-ed25519 key SHA256:x, which is marked @revoked in k:1.', "node1's host key is revoked: the console refuses to connect"],
    ['auth', 'node1: authentication failed', "node1 refuses the console's SSH login"],
  ] as const)('SSH refused (%s): says who refused whom', async (kind, message, title) => {
    const fake = new (await import('../support/fake-executor.js')).FakeExecutor().on('*', /.*/, (host) => ({ error: new SshError(kind, host, message.replaceAll('node1', host)) }));
    const { report } = await runScenario('healthy', { fake });
    expect(report.findings.filter((f) => f.kind === 'host-refused').map((f) => f.title)).toEqual([1, 2, 3].map((i) => title.replaceAll('node1', `node${i}`)));
  });
  it('an SSH probe that timed out leaves the host unknown, not down', async () => {
    const fake = replay('healthy').on('node3', /^if \[ -d/, { error: new SshError('timeout', 'node3', 'node3: gave up') });
    const { report } = await runScenario('healthy', { fake });
    expect(report.hosts.find((h) => h.name === 'node3')!.ssh).toBe('unknown');
    expect(find(report, 'host-unknown').severity).toBe('unknown');
  });
});

describe('peers', () => {
  async function withPool(edit: (s: Snapshot) => Snapshot) {
    const { snapshot } = await runScenario('healthy');
    return analyze(edit(snapshot), Date.now());
  }
  const editPool = (s: Snapshot, host: string, peer: string, change: object): Snapshot => {
    const pool = s.host[host]!.pool;
    return { ...s, host: { ...s.host, [host]: { ...s.host[host]!, pool: { ...pool, value: pool.value!.map((p) => (p.hostname === peer ? { ...p, ...change } : p)) } } } };
  };
  const rejectedNode3 = (s: Snapshot) =>
    [
      ['node1', 'node3'],
      ['node2', 'node3'],
      ['node3', 'node1'],
      ['node3', 'node2'],
    ].reduce((acc, [host, peer]) => editPool(acc, host!, peer!, { state: 6, stateStr: 'Peer Rejected' }), s);
  it('Peer Rejected seen from every side (issue 9): one finding, naming node3 only (the majority rejects it), its recovery shown for node3 alone', async () => {
    const report = await withPool(rejectedNode3);
    const rejected = report.findings.filter((f) => f.kind.startsWith('peer-rejected'));
    expect(rejected.map((f) => f.title)).toEqual(['node3 is rejected by the pool (Peer Rejected as seen from node1, node2)']);
    const finding = rejected[0]!;
    expect(finding.host).toBe('node3');
    expect(finding.explanation.join(' ')).toMatch(/Documented recovery, on node3 only: .* probe node1 from node3, restart glusterd\. .* node1, node2 are left alone\./);
    expect(finding.explanation.join(' ')).not.toMatch(/on the rejected node only \(node[12]\)/);
    const uuid = report.hosts.find((h) => h.name === 'node3')!.uuid!;
    // Shown to run by hand on node3 alone; not run from the panel (see host-findings.ts for why).
    expect(finding.plan).toBeUndefined();
    expect(finding.manual).toEqual([
      `on node3: grep -qx UUID=${uuid} /var/lib/glusterd/glusterd.info`,
      expect.stringMatching(/^on node3: pkill -x glusterd; /),
      'on node3: find /var/lib/glusterd -mindepth 1 -maxdepth 1 ! -name glusterd.info ! -name hooks ! -name groups -exec rm -rf {} +',
      'on node3: glusterd -p /run/glusterd.pid',
      'on node3: gluster --mode=script peer probe node1',
      expect.stringMatching(/^on node3: for attempt in \$\(seq 1 3\); do /),
    ]);
  });
  it('two nodes rejecting each other, no majority (node3 sees both fine): says so, and offers nothing that clears state', async () => {
    const report = await withPool((s) => editPool(editPool(s, 'node1', 'node2', { state: 6, stateStr: 'Peer Rejected' }), 'node2', 'node1', { state: 6, stateStr: 'Peer Rejected' }));
    expect(report.findings.filter((f) => f.kind === 'peer-rejected')).toEqual([]);
    const finding = find(report, 'peer-rejected-undecided');
    expect(finding.title).toBe('node1 and node2 reject each other (Peer Rejected): no majority tells which one is rejected');
    expect(finding.plan).toBeUndefined();
    expect(finding.manual).toEqual(["on node1: grep -h 'Cksums' /var/log/glusterfs/glusterd.log | tail -n 3", "on node2: grep -h 'Cksums' /var/log/glusterfs/glusterd.log | tail -n 3"]);
    expect(finding.explanation.join(' ')).toMatch(/more than 1 of 3/);
    expect(report.verdict).toBe('degraded');
  });
  it('the rejected node without SSH: the same recovery, shown to run by hand, never run from here', async () => {
    const report = await withPool((s) => {
      const r = rejectedNode3(s);
      return { ...r, host: { ...r.host, node3: { ...r.host.node3!, probe: { state: 'failed', error: { kind: 'unreachable', message: 'node3: gone' } } } } };
    });
    const finding = find(report, 'peer-rejected');
    expect(finding.plan).toBeUndefined();
    expect(finding.manual?.every((l) => l.startsWith('on node3: '))).toBe(true);
  });
  it('a peer one node cannot reach although its glusterd runs', async () => {
    const report = await withPool((s) => editPool(s, 'node1', 'node2', { connected: false }));
    const finding = find(report, 'peer-disconnected');
    expect(finding.title).toBe('node2 is disconnected as seen from node1');
    expect(finding.explanation.join(' ')).toMatch(/24007/);
    expect(report.verdict).toBe('degraded');
  });
  it('server quorum lost: the node stops its bricks', async () => {
    const { snapshot } = await runScenario('node3-crashed');
    const options = snapshot.options.datapoint!;
    const value = { ...options.value!, 'cluster.server-quorum-type': { value: 'server', isDefault: false } };
    const lonely = editPool(snapshot, 'node1', 'node2', { connected: false });
    const report = analyze({ ...lonely, options: { datapoint: { ...options, value } } }, Date.now());
    const finding = find(report, 'server-quorum-lost');
    expect(finding.title).toBe('node1 has lost server quorum: it stops its bricks of datapoint');
    expect(finding.explanation.join(' ')).toMatch(/Quorum not met\. Volume operation not allowed\./);
  });
});

describe('bricks on a transient disk', () => {
  it('are marked when mounted from the host\'s transientDevice or when the host has no other disk; a host with its own device is not', async () => {
    const { snapshot } = await runScenario('healthy');
    const hosts = snapshot.hosts.map((h, i) => {
      const { device: _device, ...rest } = h;
      if (i === 0) return { ...h, device: '/dev/vdc', transientDevice: '/dev/vdb' }; // its own volume: not transient
      if (i === 1) return { ...h, transientDevice: '/dev/vdc' }; // mounted from the transient disk
      return { ...rest, transientDevice: '/dev/vdb' }; // no device of its own: the fallback
    });
    const report = analyze({ ...snapshot, hosts } as Snapshot, Date.now());
    expect(report.volumes[0]!.bricks.map((b) => [b.host, b.transient ?? false])).toEqual([
      ['node1', false],
      ['node2', true],
      ['node3', true],
    ]);
  });
});

// The client-mount part of the host probe: fstab's glusterfs lines against the
// kernel's mount table and a bounded stat of each.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/panel/analyze.js';
import { CLIENT_MOUNTS_COMMAND, parseClientMounts } from '../../src/panel/client-mounts.js';
import { parseHostProbe } from '../../src/panel/host-probe.js';
import { runScenario } from './replay.js';

const FSTAB = 'fstab\t/data/shared\tlocalhost:/datapoint\tdefaults,_netdev,backup-volfile-servers=node2:node3';

describe('client mounts', () => {
  it('reads mounted, missing, dead and hung mounts', () => {
    const out = [
      'clients=begin',
      'mounted\t/data/shared',
      'mounted\t/data/dead',
      'mounted\t/data/slow',
      FSTAB,
      'live\t/data/shared\t0\tfuseblk\t3',
      'fstab\t/data/gone\tlocalhost:/datapoint\tdefaults,_netdev',
      'live\t/data/gone\t0\txfs\t2',
      'fstab\t/data/dead\tlocalhost:/datapoint\tdefaults,_netdev',
      "live\t/data/dead\t1\tstat: cannot read file system information for '/data/dead': Transport endpoint is not connected\t0",
      'fstab\t/data/slow\tnode1:/datapoint\tdefaults,_netdev',
      'live\t/data/slow\t137\t\t0',
      'clients=end',
    ].join('\n');
    expect(parseClientMounts(out)).toEqual([
      { target: '/data/shared', source: 'localhost:/datapoint', options: 'defaults,_netdev,backup-volfile-servers=node2:node3', state: 'mounted' },
      { target: '/data/gone', source: 'localhost:/datapoint', options: 'defaults,_netdev', state: 'not-mounted', rootEntries: 2 },
      { target: '/data/dead', source: 'localhost:/datapoint', options: 'defaults,_netdev', state: 'dead', why: 'Transport endpoint is not connected' },
      { target: '/data/slow', source: 'node1:/datapoint', options: 'defaults,_netdev', state: 'hung', why: 'stat -f did not return within 5 s' },
    ]);
  });

  it('is a valid sh script', () => {
    expect(() => execFileSync('sh', ['-n', '-c', CLIENT_MOUNTS_COMMAND.text])).not.toThrow();
  });

  it('a check cut short is no answer; no fstab line is an empty answer', () => {
    expect(parseClientMounts(`clients=begin\n${FSTAB}\n`)).toBeUndefined();
    expect(parseClientMounts('init=other\n')).toBeUndefined();
    expect(parseClientMounts('clients=begin\nclients=end\n')).toEqual([]);
  });

  it('a missing client mount is a degraded finding with its fix; the verdict is not healthy', async () => {
    const { snapshot } = await runScenario('healthy');
    const probe = snapshot.host.node1!.probe;
    const clients = parseClientMounts(`clients=begin\n${FSTAB}\nlive\t/data/shared\t0\txfs\t0\nclients=end`)!;
    const broken = { ...snapshot, host: { ...snapshot.host, node1: { ...snapshot.host.node1!, probe: { ...probe, value: { ...probe.value!, clients } } } } };
    expect(analyze(snapshot, Date.now()).verdict).toBe('healthy');
    const report = analyze(broken, Date.now());
    expect(report.verdict).toBe('degraded');
    const finding = report.findings.find((f) => f.kind === 'client-unmounted')!;
    expect(finding).toMatchObject({ host: 'node1', volume: 'datapoint', title: 'node1: /data/shared is not mounted (applications would write to the root disk)' });
    expect(finding.plan!.steps.map((s) => [s.host, s.command.text, s.check ?? false])).toEqual([
      ['node1', 'mount /data/shared', false],
      ['node1', 'findmnt -n -k -t fuse.glusterfs -M /data/shared >/dev/null && stat -f /data/shared >/dev/null', true],
    ]);
    expect(report.volumes[0]!.verdict).toBe('degraded');
  });

  it('the probe carries the clients; without the check they are unknown, and so is the verdict', async () => {
    expect(parseHostProbe('init=other\nglusterd=running\ncli=yes\nclients=begin\nclients=end\n').clients).toEqual([]);
    const { snapshot } = await runScenario('healthy');
    const probe = snapshot.host.node2!.probe;
    const { clients: _gone, ...value } = probe.value!;
    const report = analyze({ ...snapshot, host: { ...snapshot.host, node2: { ...snapshot.host.node2!, probe: { ...probe, value } } } }, Date.now());
    expect(report.findings.map((f) => f.kind)).toContain('client-mount-unknown');
    expect(report.verdict).toBe('unknown');
  });
});

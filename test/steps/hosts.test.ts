import { describe, expect, it } from 'vitest';
import { SshError } from '../../src/ssh/types.js';
import { desiredHostsLines, hostsCheckCommand, hostsStep, parseHostsCheck, planHosts, planHostsForHost, type HostsFacts } from '../../src/steps/hosts.js';
import { linesOf, sha256, textOf } from '../../src/steps/file-edit.js';
import { fixture, HOSTS, LAB_INTENT, LAB_INVENTORY, labExecutor } from './fixtures.js';

const entries = LAB_INVENTORY.hosts.map((h) => ({ name: h.name, address: h.address }));

function facts(text: string, resolves: Record<string, string> = {}): HostsFacts {
  return { file: { path: '/etc/hosts', exists: true, text, sha256: sha256(text) }, resolves };
}

describe('the /etc/hosts planner', () => {
  it('appends the missing peers under one marker, leaving every other line as it was', () => {
    const current = ['127.0.0.1\tlocalhost', '127.1.66.1\tnode1', '::1 localhost ip6-localhost'];
    expect(desiredHostsLines(current, entries)).toEqual([...current, '# GlusterFS peers (gluster-console)', '127.1.66.2\tnode2', '127.1.66.3\tnode3']);
  });

  it('replaces a stale line for the same name in place instead of appending a second one', () => {
    const current = ['127.0.0.1 localhost', '10.9.9.9 node2', '127.1.66.1 node1', '127.1.66.3 node3'];
    expect(desiredHostsLines(current, entries)).toEqual(['127.0.0.1 localhost', '127.1.66.2\tnode2', '127.1.66.1 node1', '127.1.66.3 node3']);
  });

  it('takes the name out of a shared stale line (cloud images map the host to 127.0.1.1) and keeps the other names', () => {
    const current = ['127.0.1.1 node1.example.com node1 # cloud-init', '127.0.0.1 localhost'];
    const desired = desiredHostsLines(current, [{ name: 'node1', address: '10.0.0.1' }]);
    expect(desired).toEqual(['10.0.0.1\tnode1', '127.0.1.1\tnode1.example.com # cloud-init', '127.0.0.1 localhost']);
  });

  it('matches names without regard to case, as the resolver does', () => {
    expect(desiredHostsLines(['10.9.9.9 NODE2'], [{ name: 'node2', address: '127.1.66.2' }])).toEqual(['127.1.66.2\tnode2']);
  });

  it('plans nothing once the file is right, and planning the planned file again changes nothing', () => {
    const fresh = parseHostsCheck(fixture('fresh', 'hosts', 'node1'));
    const plan = planHostsForHost('node1', fresh, LAB_INVENTORY);
    expect(plan.items).toHaveLength(1);
    expect(plan.notes).toEqual(['/etc/hosts + # GlusterFS peers (gluster-console)', '/etc/hosts + 127.1.66.2\tnode2', '/etc/hosts + 127.1.66.3\tnode3']);
    const after = textOf(desiredHostsLines(linesOf(fresh.file.text), entries));
    const again = planHostsForHost('node1', facts(after, { node1: '127.1.66.1', node2: '127.1.66.2', node3: '127.1.66.3' }), LAB_INVENTORY);
    expect(again).toEqual({ host: 'node1', items: [], notes: [] });
  });

  it('reads the captured check of a finished node: nothing to do', () => {
    const finished = parseHostsCheck(fixture('finished', 'hosts', 'node2'));
    expect(finished.resolves).toEqual({ node1: '127.1.66.1', node2: '127.1.66.2', node3: '127.1.66.3' });
    expect(planHostsForHost('node2', finished, LAB_INVENTORY).items).toEqual([]);
  });

  it('is blocked, saying where to look, when the file is right but the resolver answers otherwise', () => {
    const finished = parseHostsCheck(fixture('finished', 'hosts', 'node2'));
    const plan = planHostsForHost('node2', { ...finished, resolves: { ...finished.resolves, node3: '10.1.1.1' } }, LAB_INVENTORY);
    expect(plan.blocked).toMatch(/getent hosts node3 answers 10\.1\.1\.1, not 127\.1\.66\.3.*nsswitch/);
  });

  it('refuses to rewrite a file it could not read exactly', () => {
    const plan = planHostsForHost('node1', { file: { path: '/etc/hosts', exists: true, text: 'x\uFFFD\n', sha256: 'abc' }, resolves: {} }, LAB_INVENTORY);
    expect(plan.blocked).toMatch(/not UTF-8/);
    expect(plan.items).toEqual([]);
  });

  it('writes no line for an address that is a DNS name, but needs it to resolve', () => {
    const inventory = { hosts: [...LAB_INVENTORY.hosts.slice(0, 2), { ...LAB_INVENTORY.hosts[2]!, address: 'node3.example.com' }] };
    const plan = planHosts({ facts: { node1: facts('127.1.66.1 node1\n127.1.66.2 node2\n', { node1: '127.1.66.1', node2: '127.1.66.2', node3: '' }) }, hostErrors: {} }, LAB_INTENT, inventory);
    expect(plan.notes[0]).toMatch(/node3: the address is a name/);
    expect(plan.hosts[0]!.blocked).toMatch(/node3's inventory address node3\.example\.com is a name/);
  });

  it('asks getent for every inventory name, quoted', () => {
    expect(hostsCheckCommand(HOSTS).text).toContain('for n in node1 node2 node3; do');
  });

  it('checks every host; an unreachable one is a per-host error', async () => {
    const fake = labExecutor((_s, host) => (host === 'node2' ? { error: new SshError('unreachable', 'node2', 'node2: 127.1.66.2:22 refused the connection') } : 'fresh'));
    const check = await hostsStep.check({ executor: fake, inventory: LAB_INVENTORY, intent: LAB_INTENT });
    expect(Object.keys(check.facts).sort()).toEqual(['node1', 'node3']);
    expect(check.hostErrors.node2).toBe('node2: 127.1.66.2:22 refused the connection');
  });
});

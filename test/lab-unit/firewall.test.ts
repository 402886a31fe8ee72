import { describe, expect, it } from 'vitest';
import { firewallScript, firewallTable, labTableOf } from '../../src/lab/firewall.js';
import type { LabState } from '../../src/lab/state.js';

describe('lab firewall (silent nodes)', () => {
  it('names the table after the lab net, so two labs side by side have their own', () => {
    expect(firewallTable('127.1.1')).toBe('gluster_console_lab_127_1_1');
    expect(firewallTable('127.1.2')).not.toBe(firewallTable('127.1.1'));
    expect(() => firewallTable('10.0.0')).toThrow(/not a lab net/);
  });

  it('takes the net from the recorded addresses, not from the environment', () => {
    const state = { version: 1, dir: '/x', createdAt: '', nodes: [{ index: 1, name: 'node1', address: '127.1.9.1' }] } as unknown as LabState;
    expect(labTableOf(state)).toBe('gluster_console_lab_127_1_9');
    expect(labTableOf({ ...state, nodes: [] })).toBeNull();
  });

  it('drops packets from and to each silent address only, in input and output, replacing the table in one transaction', () => {
    const script = firewallScript('gluster_console_lab_127_1_1', [{ name: 'node2', address: '127.1.1.2' }]);
    const lines = script.trim().split('\n').map((l) => l.trim());
    expect(lines.slice(0, 2)).toEqual(['table ip gluster_console_lab_127_1_1 {}', 'delete table ip gluster_console_lab_127_1_1']);
    expect(lines.filter((l) => l.includes('drop'))).toEqual([
      'ip saddr 127.1.1.2 drop comment "node2 silent"',
      'ip daddr 127.1.1.2 drop comment "node2 silent"',
      'ip saddr 127.1.1.2 drop comment "node2 silent"',
      'ip daddr 127.1.1.2 drop comment "node2 silent"',
    ]);
    expect(lines).toContain('type filter hook input priority filter; policy accept;');
    expect(lines).toContain('type filter hook output priority filter; policy accept;');
    // Every address in the script is the silent one: no other traffic is touched.
    expect(script.match(/\b\d+\.\d+\.\d+\.\d+\b/g)).toEqual(Array(4).fill('127.1.1.2'));
  });

  it('removes the table when no node is silent', () => {
    expect(firewallScript('gluster_console_lab_127_1_1', [])).toBe('table ip gluster_console_lab_127_1_1 {}\ndelete table ip gluster_console_lab_127_1_1\n');
  });

  it('refuses an address outside loopback or a name that could break the script', () => {
    expect(() => firewallScript('t', [{ name: 'node1', address: '10.0.0.1' }])).toThrow(/not a lab address/);
    expect(() => firewallScript('t', [{ name: 'node1"; flush ruleset', address: '127.1.1.1' }])).toThrow(/comment/);
  });
});

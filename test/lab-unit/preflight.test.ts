import { describe, expect, it } from 'vitest';
import { preflight, findProgram } from '../../src/lab/preflight.js';
import type { Listener } from '../../src/lab/listeners.js';

const nodes = ['127.1.1.1', '127.1.1.2', '127.1.1.3'];
const wildcard = (port: number): Listener => ({ address: '0.0.0.0', port, wildcard: true });

describe('lab preflight', () => {
  it('uses port 22 when nothing holds it', () => {
    const r = preflight(nodes, []);
    expect(r.sshPort).toBe(22);
    expect(r.problems.filter((p) => p.includes('port'))).toEqual([]);
  });

  it('moves the nodes\' sshd to another port when a machine sshd listens on the wildcard address', () => {
    const r = preflight(nodes, [wildcard(22)]);
    expect(r.sshPort).toBe(2222);
    expect(r.notes.join()).toContain('port 2222');
  });

  it('skips alternates that are also taken', () => {
    expect(preflight(nodes, [wildcard(22), wildcard(2222)]).sshPort).toBe(2200);
  });

  it('refuses, naming the cause, when glusterd\'s port is held on the wildcard address', () => {
    const r = preflight(nodes, [wildcard(24007)]);
    expect(r.problems.join()).toMatch(/port 24007 is already held on the wildcard address.*glusterd/);
  });

  it('refuses when a node address already has a glusterd (an earlier lab still running)', () => {
    const r = preflight(nodes, [{ address: '127.1.1.2', port: 24007, wildcard: false }]);
    expect(r.problems.join()).toContain('127.1.1.2:24007');
  });

  it('finds programs on PATH and in the sbin directories', () => {
    expect(findProgram('sh', '')).toMatch(/\/sh$/);
    expect(findProgram('no-such-program-gc', '/usr/bin')).toBeNull();
  });
});

// expand's arguments, its refusal before anything runs, and the rebalance it follows (fake executor: every command scripted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExpandArgs, runExpandCommand, type ExpandArgs } from '../../src/commands/expand.js';
import { AuditLog } from '../../src/config/audit.js';
import type { Inventory } from '../../src/config/inventory.js';
import { followRebalance } from '../../src/grow/run.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { tempDir } from '../ui/helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const INVENTORY: Inventory = {
  hosts: ['node1', 'node2', 'node3', 'node4', 'node5'].map((name, i) => ({ name, address: `127.1.21.${i + 1}`, ssh: {}, zone: 'zone-a', device: '/dev/vdc' })),
};

describe('expand arguments', () => {
  const base = ['--inventory', 'inv.yaml', '--volume', 'gv0'];
  it('takes the new hosts as a list', () => {
    expect(parseExpandArgs([...base, '--hosts', 'node4,node5, node6', '--dry-run'])).toMatchObject({ hosts: ['node4', 'node5', 'node6'], dryRun: true, yes: false, mountPath: '/data/shared' });
  });
  it('needs an inventory, a volume and the hosts, and refuses what cannot be a name', () => {
    expect(parseExpandArgs(['--volume', 'gv0', '--hosts', 'a'])).toBe('--inventory FILE is required');
    expect(parseExpandArgs([...base])).toMatch(/--hosts H1,H2,\.\.\. is required/);
    expect(parseExpandArgs([...base, '--hosts', 'node4;reboot'])).toMatch(/^--hosts: /);
    expect(parseExpandArgs(['--inventory', 'x', '--volume', 'a b', '--hosts', 'n'])).toMatch(/^--volume: /);
    expect(parseExpandArgs([...base, '--hosts', 'n', '--command-timeout', '0'])).toMatch(/whole seconds/);
    expect(parseExpandArgs(['--help'])).toBe('help');
  });
});

describe('expand before anything runs', () => {
  it('refuses part of a set with the reason, having only read volume info (exit 1)', async () => {
    const { dir, cleanup } = tempDir('gc-expand-');
    cleanups.push(cleanup);
    const fake = new FakeExecutor().on('*', 'gluster --mode=script volume info datapoint --xml', { stdout: fixture('volume-info.xml') });
    const lines: string[] = [];
    const args: ExpandArgs = { inventory: 'x', volume: 'datapoint', hosts: ['node4', 'node5'], mountPath: '/data/shared', wipe: [], dryRun: false, yes: true };
    const code = await runExpandCommand(args, INVENTORY, fake, new AuditLog(join(dir, 'audit.log')), { out: (l) => lines.push(l), err: () => {} });
    expect(code).toBe(1);
    expect(lines).toContain('  refused: 2 new hosts do not make whole sets of 3 (one brick per host): name 1 more host');
    expect(lines.join('\n')).toMatch(/expand stopped at "Add bricks"/);
    expect(fake.calls.every((c) => c.command.includes('volume info'))).toBe(true);
  });
});

describe('following the rebalance', () => {
  const ctx = (fake: FakeExecutor) => ({ executor: fake });
  const completedWithFailures = fixture('rebalance-status-completed.xml').replace('<failures>0</failures>', '<failures>3</failures>');

  it('reads until every node completed, reporting each reading', async () => {
    const fake = new FakeExecutor()
      .on('node1', 'gluster --mode=script volume rebalance gv0 status --xml', { stdout: fixture('rebalance-status-completed.xml') })
      .on('node1', 'gluster --mode=script volume rebalance gv0 status --xml', { stdout: fixture('rebalance-status-in-progress.xml'), times: 2 });
    const seen: string[] = [];
    const result = await followRebalance(ctx(fake), 'node1', 'gv0', { progressIntervalMs: 1, onProgress: (_s, o) => seen.push(o.state) });
    expect(seen).toEqual(['running', 'running', 'completed']);
    // The node asked is "localhost" in gluster's answer: shown under its own name.
    expect('nodes' in result && result.nodes.map((n) => n.name)).toEqual(['node2', 'node3', 'node4', 'node1']);
  });

  it('ends in gluster\'s reason when files failed, even though each node says completed', async () => {
    const fake = new FakeExecutor().on('node1', 'gluster --mode=script volume rebalance gv0 status --xml', { stdout: completedWithFailures });
    const result = await followRebalance(ctx(fake), 'node1', 'gv0', { progressIntervalMs: 1 });
    expect(result).toEqual({ reason: expect.stringMatching(/rebalance finished with 3 failed files \(node2: 3\)/) });
  });

  it('gives up after five readings in a row without an answer', async () => {
    const fake = new FakeExecutor().on('node1', 'gluster --mode=script volume rebalance gv0 status --xml', { code: 1, stdout: 'Connection failed. Please check if gluster daemon is operational.' });
    const result = await followRebalance(ctx(fake), 'node1', 'gv0', { progressIntervalMs: 1 });
    expect(result).toEqual({ reason: expect.stringMatching(/Connection failed/) });
    expect(fake.calls).toHaveLength(5);
  });
});

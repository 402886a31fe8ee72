import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/config/audit.js';
import { runShrinkCommand, type ShrinkArgs } from '../../src/commands/shrink.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { CLIENT_READ, CLUSTER_READ, cluster, INVENTORY, LEAVING, REMOVE_BRICK_NOT_STARTED, removeBrickStatusXml, START, STATUS } from './cluster-xml.js';


const args = (extra: Partial<ShrinkArgs> = {}): ShrinkArgs => ({ inventory: 'inv.yaml', volume: 'gv0', hosts: LEAVING, dryRun: false, yes: true, ...extra });

async function shrink(fake: FakeExecutor, a: ShrinkArgs, answers: string[] = [], minimums: Record<string, number> = { '*': 1 }) {
  const lines: string[] = [];
  const audit: AuditEntry[] = [];
  const ask = async (q: string) => {
    lines.push(`? ${q}`);
    return answers.shift() ?? null;
  };
  const code = await runShrinkCommand(a, { executor: fake, inventory: INVENTORY, audit: { record: (e) => audit.push(e) }, pollMs: 0, sleep: async () => {} }, minimums, { out: (l) => lines.push(l), ...(a.yes ? {} : { ask }) });
  return { code, out: lines.join('\n'), audit };
}

const changes = (fake: FakeExecutor) => fake.calls.filter((c) => !CLUSTER_READ.test(c.command) && !CLIENT_READ.test(c.command) && !STATUS.test(c.command));

describe('shrink (scripted cluster)', () => {
  it('starts, shows progress, commits only once completed, checks volume info, unmounts and detaches; checks again', async () => {
    const { fake, state } = cluster();
    const run = await shrink(fake, args());
    expect(run.out).toContain('gv0: 2 x 3 = 6 becomes 1 x 3 = 3; set 2 leaves:');
    expect(run.out).toContain('node4: in progress, 0 files moved (0 B), 34 scanned, 0 failures, 0 skipped, 3 s');
    expect(run.out).toContain('node6: completed, 10 files moved (9.8 KiB), 34 scanned, 0 failures, 0 skipped, 3 s');
    expect(run.out).toContain('committed: volume info no longer lists the 3 brick(s); gv0 is 1 x 3 = 3');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/gv0 is 1 x 3 = 3; node4, node5, node6 hold no brick of it.*checked again$/);
    const order = changes(fake).map((c) => `${c.host} ${c.command.split('\n')[0]}`);
    expect(order[0]).toMatch(/^node1 gluster --mode=script volume remove-brick gv0 node4:\S+ node5:\S+ node6:\S+ start --xml$/);
    expect(order[1]).toMatch(/^node1 .* commit --xml$/);
    expect(order.slice(2, 8)).toEqual(['node4 umount /data/shared', 'node4 f=/etc/fstab', 'node5 umount /data/shared', 'node5 f=/etc/fstab', 'node6 umount /data/shared', 'node6 f=/etc/fstab']);
    expect(order.slice(8)).toEqual(['node1 gluster --mode=script peer detach node4', 'node1 gluster --mode=script peer detach node5', 'node1 gluster --mode=script peer detach node6']);
    expect(run.audit.map((e) => e.step)).toEqual(Array(11).fill('shrink'));
    expect(state.pool).toEqual(['node1', 'node2', 'node3']);
  });

  it('run again after success: plans nothing and changes nothing', async () => {
    const { fake } = cluster();
    await shrink(fake, args());
    const before = changes(fake).length;
    const again = await shrink(fake, args());
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to do: gv0 is 1 x 3 = 3 with no brick on node4, node5, node6');
    expect(changes(fake).length).toBe(before);
  });

  it('never commits when a node reports failures: says why and what the operator can do', async () => {
    const { fake, state } = cluster([[{ host: 'node4', status: 3, files: 5, failures: 2 }, { host: 'node5', status: 3 }, { host: 'node6', status: 3 }]]);
    const run = await shrink(fake, args());
    expect(run.code).toBe(1);
    expect(state.committed).toBe(false);
    expect(changes(fake).map((c) => c.command)).toEqual([expect.stringMatching(/ start --xml$/)]);
    expect(run.out).toContain('remove-brick finished with 2 failed files (node4: 2)');
    expect(run.out).toContain('not committed: committing now would lose the files that did not move');
    expect(run.out).toContain('/var/log/glusterfs/gv0-rebalance.log');
  });

  it('never commits when gluster does not list a node of the removed bricks', async () => {
    const { fake, state } = cluster([[{ host: 'node4', status: 3 }, { host: 'node5', status: 3 }]]);
    const run = await shrink(fake, args());
    expect(run.code).toBe(1);
    expect(state.committed).toBe(false);
    expect(run.out).toContain('lists no node for 1 host(s) of the removed bricks');
  });

  it('the commit needs the volume name typed; anything else leaves the bricks in', async () => {
    const { fake, state } = cluster();
    const run = await shrink(fake, args({ yes: false }), ['y', 'gv']);
    expect(run.out).toContain('? Start moving the data off 3 brick(s) of gv0? [y/N] ');
    expect(run.out).toContain('? Type gv0 to commit: ');
    expect(run.code).toBe(3);
    expect(state.started).toBe(true);
    expect(state.committed).toBe(false);
    // Asked again, typed right: it resumes at the commit without starting again.
    const again = await shrink(fake, args({ yes: false }), ['y', 'gv0']);
    expect(again.code).toBe(0);
    expect(changes(fake).filter((c) => START.test(c.command))).toHaveLength(1);
  });

  it('refuses part of a set and a zone below its minimum, changing nothing', async () => {
    const { fake } = cluster();
    const part = await shrink(fake, args({ hosts: ['node4', 'node5'] }));
    expect(part.code).toBe(1);
    expect(part.out).toContain('refused: nothing was changed:');
    expect(part.out).toContain('set 2 (node4, node5, node6) would lose node4, node5 but keep node6');
    const zone = await shrink(fake, args({ minPerZone: 2 }));
    expect(zone.code).toBe(1);
    expect(zone.out).toContain('zone-a would keep 1 host of gv0 (node1), below its minimum of 2');
    expect(changes(fake)).toEqual([]);
  });

  it('the setting zoneMinimums decides when --min-per-zone is not given', async () => {
    const { fake } = cluster();
    const run = await shrink(fake, args(), [], { 'zone-b': 2, '*': 1 });
    expect(run.code).toBe(1);
    expect(run.out).toContain('zone-b would keep 1 host of gv0 (node2), below its minimum of 2');
  });

  it('--dry-run shows the plan and every command, and changes nothing', async () => {
    const { fake } = cluster();
    const run = await shrink(fake, args({ dryRun: true }));
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/\$ gluster --mode=script volume remove-brick gv0 node4:\S+ node5:\S+ node6:\S+ start --xml/);
    expect(run.out).toMatch(/\$ gluster --mode=script volume remove-brick gv0 .* commit --xml/);
    expect(run.out).toContain('dry run: nothing was changed');
    expect(changes(fake)).toEqual([]);
  });

  it('interrupted while watching: the migration goes on, nothing is committed, and it says how to resume', async () => {
    const { fake, state } = cluster();
    const controller = new AbortController();
    fake.on('node1', STATUS, () => {
      if (!state.started) return { stdout: REMOVE_BRICK_NOT_STARTED };
      controller.abort();
      return { stdout: removeBrickStatusXml(LEAVING.map((host) => ({ host, status: 1 }))) };
    });
    const lines: string[] = [];
    const code = await runShrinkCommand(args(), { executor: fake, inventory: INVENTORY, signal: controller.signal, pollMs: 0, sleep: async () => {} }, { '*': 1 }, { out: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(state.committed).toBe(false);
    expect(lines.at(-1)).toBe('shrink stopped: stopped watching (interrupted): the migration goes on in gluster: run the same command again to keep watching and commit once it has completed');
  });

  it('without a terminal and without --yes, asks nothing and changes nothing', async () => {
    const { fake } = cluster();
    const lines: string[] = [];
    const code = await runShrinkCommand(args({ yes: false }), { executor: fake, inventory: INVENTORY }, { '*': 1 }, { out: (l) => lines.push(l) });
    expect(code).toBe(3);
    expect(lines.at(-1)).toBe('nothing more was changed: no terminal to ask; pass --yes to apply');
    expect(changes(fake)).toEqual([]);
  });
});

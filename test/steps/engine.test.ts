import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/config/audit.js';
import { cmd } from '../../src/shell/command.js';
import { SshError } from '../../src/ssh/types.js';
import { previewStep, runStep } from '../../src/steps/engine.js';
import type { CheckResult, HostRun, StepContext, StepDefinition } from '../../src/steps/types.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { LAB_INTENT, LAB_INVENTORY } from './fixtures.js';

/**
 * A toy step over a marker file: the check reads whether each host has it,
 * the plan touches it where it is missing. The fake hosts keep the state.
 */
function toyStep(overrides: Partial<StepDefinition<Record<string, boolean>>> = {}): StepDefinition<Record<string, boolean>> {
  return {
    id: 'hosts',
    number: 1,
    title: 'Toy',
    summary: 'a marker file on every host',
    async check(ctx) {
      const facts: Record<string, boolean> = {};
      const hostErrors: Record<string, string> = {};
      for (const h of ctx.inventory.hosts) {
        try {
          facts[h.name] = (await ctx.executor.exec(h.name, cmd('test', '-e', '/marker'))).code === 0;
        } catch (err) {
          hostErrors[h.name] = (err as Error).message;
        }
      }
      return { facts, hostErrors };
    },
    plan(check: CheckResult<Record<string, boolean>>) {
      return {
        notes: [],
        hosts: Object.entries(check.facts).map(([host, has]) => ({ host, notes: [], items: has ? [] : [{ host, command: cmd('touch', '/marker'), why: 'the marker' }] })),
      };
    },
    ...overrides,
  };
}

/** Fake hosts with a marker file each; touch creates it (or fails as scripted). */
function hosts(initial: Record<string, boolean>, touch: (host: string) => { code?: number; stderr?: string; error?: SshError } = () => ({})) {
  const state = { ...initial };
  const fake = new FakeExecutor()
    .on('*', 'test -e /marker', (host) => ({ code: state[host] ? 0 : 1 }))
    .on('*', 'touch /marker', (host) => {
      const answer = touch(host);
      if (!answer.error && !answer.code) state[host] = true;
      return { ...answer, stdout: answer.code ? '' : 'touched\n' };
    });
  return { fake, state };
}

function ctx(executor: FakeExecutor, audit: AuditEntry[] = []): StepContext {
  return { executor, inventory: LAB_INVENTORY, intent: LAB_INTENT, audit: { record: (e) => audit.push(e) } };
}

const final = (runs: HostRun[]) => Object.fromEntries(runs.map((r) => [r.host, r.status]));

describe('the step engine', () => {
  it('checks, applies where needed, verifies from the real state, and records every change', async () => {
    const { fake, state } = hosts({ node1: true, node2: false, node3: false });
    const audit: AuditEntry[] = [];
    const seen: HostRun[] = [];
    const outcome = await runStep(toyStep(), ctx(fake, audit), { onHostRun: (r) => seen.push(r) });
    expect(outcome.done).toBe(true);
    expect(outcome.applied).toBe(true);
    expect(state).toEqual({ node1: true, node2: true, node3: true });
    expect(final(outcome.hosts)).toEqual({ node1: 'done', node2: 'done', node3: 'done' });
    expect(outcome.hosts.find((h) => h.host === 'node2')!.message).toBe('applied and verified');
    expect(audit.map((e) => [e.host, e.command, e.exitCode, e.outputTail])).toEqual([
      ['node2', 'touch /marker', 0, 'touched'],
      ['node3', 'touch /marker', 0, 'touched'],
    ]);
    expect(seen.filter((r) => r.host === 'node2').map((r) => r.status)).toEqual(['checking', 'todo', 'running', 'running', 'running', 'verifying', 'verifying', 'done']);
  });

  it('dry-run runs only the read-only checks', async () => {
    const { fake, state } = hosts({ node1: false, node2: false, node3: false });
    const outcome = await runStep(toyStep(), ctx(fake), { dryRun: true });
    expect(outcome.done).toBe(false);
    expect(final(outcome.hosts)).toEqual({ node1: 'todo', node2: 'todo', node3: 'todo' });
    expect(fake.calls.map((c) => c.command)).toEqual(['test -e /marker', 'test -e /marker', 'test -e /marker']);
    expect(state.node1).toBe(false);
  });

  it('plans nothing and runs nothing on hosts that are done', async () => {
    const { fake } = hosts({ node1: true, node2: true, node3: true });
    const outcome = await runStep(toyStep(), ctx(fake), { approve: async () => { throw new Error('nothing to approve'); } });
    expect(outcome).toMatchObject({ done: true, applied: false });
    expect(fake.calls.every((c) => c.command === 'test -e /marker')).toBe(true);
  });

  it('a failure on one host does not stop the others; it names the reason and the command', async () => {
    const { fake, state } = hosts({ node1: false, node2: false, node3: false }, (host) =>
      host === 'node2' ? { code: 1, stderr: "touch: cannot touch '/marker': Read-only file system\n" } : host === 'node3' ? { error: new SshError('connection-lost', 'node3', 'node3: the connection closed') } : {},
    );
    const audit: AuditEntry[] = [];
    const outcome = await runStep(toyStep(), ctx(fake, audit));
    expect(outcome.done).toBe(false);
    expect(state.node1).toBe(true);
    const [n1, n2, n3] = outcome.hosts;
    expect(n1).toMatchObject({ status: 'done' });
    expect(n2).toMatchObject({ status: 'failed', failedCommand: 'touch /marker', message: "exit 1: touch: cannot touch '/marker': Read-only file system" });
    expect(n3).toMatchObject({ status: 'failed', failedCommand: 'touch /marker', message: expect.stringMatching(/lost the connection to node3.*is the host down\?/) });
    expect(audit.find((e) => e.host === 'node3')).toMatchObject({ exitCode: null, error: expect.stringMatching(/lost the connection/) });
  });

  it('a host that cannot be checked fails on its own; the others go on', async () => {
    const { fake } = hosts({ node1: false, node2: false, node3: false });
    fake.on('node3', 'test -e /marker', { error: new SshError('unreachable', 'node3', 'node3: 127.1.66.3:22 did not answer') });
    const outcome = await runStep(toyStep(), ctx(fake));
    expect(final(outcome.hosts)).toEqual({ node1: 'done', node2: 'done', node3: 'failed' });
    expect(outcome.hosts[2]!.message).toBe('node3: 127.1.66.3:22 did not answer');
    expect(fake.commandsOn('node3')).not.toContain('touch /marker');
  });

  it('changes nothing when the operator declines the plan', async () => {
    const { fake, state } = hosts({ node1: false, node2: true, node3: true });
    let shown = 0;
    const outcome = await runStep(toyStep(), ctx(fake), { approve: async (plan) => { shown = plan.hosts[0]!.items.length; return false; } });
    expect(shown).toBe(1);
    expect(outcome).toMatchObject({ declined: true, done: false });
    expect(state.node1).toBe(false);
  });

  it('runs nothing on a host whose data would be destroyed unless the operator confirms', async () => {
    const { fake, state } = hosts({ node1: false, node2: false, node3: false });
    const step = toyStep({
      plan(check) {
        const plan = toyStep().plan(check, LAB_INTENT, LAB_INVENTORY);
        return { ...plan, hosts: plan.hosts.map((h) => (h.host === 'node3' ? { ...h, destroys: { device: '/dev/vdb', holds: 'ext4', lines: [] } } : h)) };
      },
    });
    const asked: string[] = [];
    const outcome = await runStep(step, ctx(fake), { confirmDestroy: async (host) => { asked.push(host); return false; } });
    expect(asked).toEqual(['node3']);
    expect(state).toEqual({ node1: true, node2: true, node3: false });
    expect(outcome.hosts[2]).toMatchObject({ status: 'failed', message: 'not confirmed: /dev/vdb holds ext4; nothing was run on node3' });
  });

  it('re-checks until the state settles, then fails what never did', async () => {
    let checks = 0;
    const { fake } = hosts({ node1: false, node2: true, node3: true });
    const step = toyStep({
      settleMs: 50,
      plan(check) {
        checks++;
        const plan = toyStep().plan(check, LAB_INTENT, LAB_INVENTORY);
        // node2 needs two re-checks to settle; node3 never does.
        return { ...plan, hosts: plan.hosts.map((h) => (h.host === 'node2' && checks < 3 ? { ...h, waiting: 'peers connecting' } : h.host === 'node3' ? { ...h, waiting: 'sees node1 as Probe Sent' } : h)) };
      },
    });
    let clock = 0;
    const outcome = await runStep(step, ctx(fake), { pollIntervalMs: 1, now: () => (clock += 10) });
    expect(final(outcome.hosts)).toEqual({ node1: 'done', node2: 'done', node3: 'failed' });
    expect(outcome.hosts[2]!.message).toBe('verification: still sees node1 as Probe Sent');
  });

  it('runs the extra verification only after applying, and fails the hosts it names', async () => {
    const { fake } = hosts({ node1: false, node2: true, node3: true });
    const step = toyStep({ verifyApplied: async () => ({ node1: null, node2: 'cannot read what node1 wrote', node3: null }) });
    const outcome = await runStep(step, ctx(fake));
    expect(final(outcome.hosts)).toEqual({ node1: 'done', node2: 'failed', node3: 'done' });
    const again = await runStep(step, ctx(hosts({ node1: true, node2: true, node3: true }).fake));
    expect(again.done).toBe(true);
  });

  it('previews what each host needs without running anything', async () => {
    const { fake } = hosts({ node1: true, node2: false, node3: true });
    const { hosts: runs } = await previewStep(toyStep(), ctx(fake));
    expect(runs.map((r) => [r.host, r.status, r.message])).toEqual([
      ['node1', 'done', undefined],
      ['node2', 'todo', '1 command to run'],
      ['node3', 'done', undefined],
    ]);
  });
});

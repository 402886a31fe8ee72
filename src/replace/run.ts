// Replacing a dead node, from the decision to a checked result, for
// `gluster-console replace` and the console's replace screen alike: read and
// decide (or refuse, with the reasons) → show every command → the typed
// confirmation (the old host's name) → prepare the new host with the setup's
// steps (the old host left out: it cannot answer) → decide again on fresh facts
// → replace-brick commit force, checked online in volume status → full heal,
// the pending count followed until every brick says 0 → peer detach, checked
// in the pool → the new host mounts the volume → read the cluster once more:
// "done" only when no brick is left on the old host, the new bricks are
// online, heal info has 0 pending and the old peer is gone.
// Every change goes through the one runner, audited as "replace: OLD -> NEW".
import type { Inventory } from '../config/inventory.js';
import { formatPlan } from '../commands/setup.js';
import type { PlanItem } from '../plan/item.js';
import { sequenceLines } from '../plan/render.js';
import { runItems } from '../plan/runner.js';
import { brickOwner } from '../steps/brick-path.js';
import { runStep } from '../steps/engine.js';
import { DEFAULT_INTENT, intentWith } from '../steps/intent.js';
import { stepById } from '../steps/setup.js';
import type { StepContext, StepDefinition, StepId } from '../steps/types.js';
import { readHealProgress, readReplaceFacts } from './facts.js';
import { decideReplace, detachItems, type HealProgress, healItems, type ReplaceFacts, replaceItems, type ReplacePlan } from './plan.js';

export interface ReplaceRequest {
  inventory: Inventory;
  /** Inventory names. */
  oldHost: string;
  newHost: string;
  /** Only this volume's bricks (default: every volume with a brick on the old host). */
  volume?: string;
  mountPath: string;
  healTimeoutMs: number;
  dryRun: boolean;
}

export interface ReplaceEnv extends Pick<StepContext, 'executor' | 'audit' | 'signal' | 'commandTimeout'> {
  /** Said before "replace done" when given (the command line names its audit log). */
  auditPath?: string;
  /** Waits between the re-checks (tests make them instant). */
  sleep?(ms: number): Promise<void>;
  now?(): number;
  /** The setup's steps that prepare the new host, and the one that mounts the volume on it (tests give their own). */
  prepareSteps?: readonly StepDefinition<any>[];
  mountStep?: StepDefinition<any>;
}

export interface ReplaceHooks {
  /** Lines for the operator: the plan, every command before it runs, the checks, progress. */
  line(line: string): void;
  /** The destructive moment, after every command was shown: the operator types the old host's name. False: nothing changes. */
  confirm(oldHost: string, newHost: string): Promise<boolean>;
  /** Each heal info reading while the pending count falls (null: heal info gave no answer). */
  onHeal?(volume: string, progress: HealProgress | null): void;
  /** A stage starts: "Prepare NEW", "Replace bricks", "Heal", "Detach", "Mount", "Check". */
  onStage?(title: string): void;
}

export type ReplaceResult =
  | { kind: 'done'; message: string }
  | { kind: 'nothing'; message: string }
  | { kind: 'refused'; reasons: string[] }
  | { kind: 'dry-run'; message: string }
  | { kind: 'declined'; message: string }
  | { kind: 'failed'; message: string };

/** The setup's steps that make a fresh host a member with a brick filesystem, in order. */
export const PREPARE_STEPS: readonly StepId[] = ['inventory', 'hosts', 'install', 'bricks', 'probe'];
const SETTLE_MS = 120_000;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The old host is still one of the member's peers. */
export function oldPeerListed(facts: ReplaceFacts, oldHost: string): boolean {
  return facts.peers.some((p) => p.hostname === oldHost || p.hostnames.includes(oldHost));
}

export async function runReplace(env: ReplaceEnv, req: ReplaceRequest, hooks: ReplaceHooks): Promise<ReplaceResult> {
  const out = hooks.line;
  const sleep = env.sleep ?? defaultSleep;
  const now = env.now ?? Date.now;
  const { inventory, oldHost, newHost } = req;
  const reader = { executor: env.executor, ...(env.signal ? { signal: env.signal } : {}) };
  const read = () => readReplaceFacts(reader, inventory, oldHost, newHost, req.volume);
  const decide = async (): Promise<{ plan: ReplacePlan; member: string } | { result: ReplaceResult }> => {
    const facts = await read();
    if ('error' in facts) {
      out(`replace: ${facts.error}`);
      return { result: { kind: 'failed', message: facts.error } };
    }
    const plan = decideReplace(facts);
    if (!plan.ok) {
      out(`replace refused: ${oldHost} -> ${newHost}`);
      for (const reason of plan.reasons) out(`  - ${reason}`);
      return { result: { kind: 'refused', reasons: plan.reasons } };
    }
    return { plan, member: facts.member };
  };
  const prepareSteps = env.prepareSteps ?? PREPARE_STEPS.map((id) => stepById(id));
  const mountStep = env.mountStep ?? stepById('mount');

  const first = await decide();
  if ('result' in first) return first.result;
  for (const note of first.plan.notes) out(note);
  if (first.plan.replacements.length === 0 && !first.plan.detach) return { kind: 'nothing', message: first.plan.notes.join('; ') || 'nothing to do' };

  // The live hosts and the new one: the old host is left out of every step (it cannot answer).
  const live: Inventory = { hosts: inventory.hosts.filter((h) => h.name !== oldHost) };
  const mountVolume = req.volume ?? (first.plan.healVolumes.length === 1 ? first.plan.healVolumes[0] : undefined);
  const ctx: StepContext = {
    executor: env.executor,
    inventory: live,
    intent: intentWith({ volumeName: mountVolume ?? first.plan.healVolumes[0] ?? '', brickMount: first.plan.brickMount ?? DEFAULT_INTENT.brickMount, mountPath: req.mountPath }),
    ...(env.audit ? { audit: env.audit } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
    ...(env.commandTimeout ? { commandTimeout: env.commandTimeout } : {}),
  };

  out(`replace ${oldHost} (dead) by ${newHost}, commands run from ${first.member}:`);
  if (first.plan.replacements.length > 0) out(`  1. prepare ${newHost} with the setup's steps ${prepareSteps.map((s) => s.id).join(', ')} (each shows its commands as it runs)`);
  const shown = [...replaceItems(first.plan, first.member, newHost), ...healItems(first.plan, first.member), ...detachItems(first.plan, first.member, oldHost)];
  out(`  2. ${sequenceLines(shown).join('\n     ')}`);
  if (first.plan.watchVolumes.length > 0) out(`     the heal's pending count is shown until it is 0 (at most ${req.healTimeoutMs / 1000} s) before the detach`);
  if (mountVolume) out(`  3. mount ${mountVolume} at ${req.mountPath} on ${newHost} (the setup's mount step)`);
  if (req.dryRun) {
    out('dry run: nothing was changed');
    return { kind: 'dry-run', message: 'dry run: nothing was changed' };
  }
  if (!(await hooks.confirm(oldHost, newHost))) return { kind: 'declined', message: 'not confirmed: nothing was changed' };

  if (first.plan.replacements.length > 0) {
    hooks.onStage?.(`Prepare ${newHost}`);
    for (const step of prepareSteps) {
      out(`== prepare: ${step.title}: ${step.summary}`);
      const outcome = await runStep(step, ctx, {
        onPlan: (plan) => formatPlan(plan).forEach(out),
        onHostRun: (run) => {
          if (run.status === 'failed' || run.status === 'blocked' || run.status === 'done') out(`  ${run.host}: ${run.status}${run.message ? `: ${run.message}` : ''}`);
        },
        // A disk that holds data is never wiped here: the operator decides with the setup's --wipe.
        confirmDestroy: async (host, d) => {
          out(`  ${host}: ${d.device} holds ${d.holds}: not wiped by replace; wipe it yourself or run setup with --wipe ${host}`);
          return false;
        },
      });
      if (!outcome.done) {
        const message = `replace stopped while preparing ${newHost} ("${step.title}" is not done): nothing of the volumes was changed; fix what is shown and run the same replace again`;
        out(message);
        return { kind: 'failed', message };
      }
    }
  }

  // The pool now holds the new host: decide again on fresh facts before anything moves.
  const second = await decide();
  if ('result' in second) return second.result;
  const { plan, member } = second;
  const source = `replace: ${oldHost} -> ${newHost}`;
  const failed = (message: string): ReplaceResult => {
    out(message);
    return { kind: 'failed', message };
  };
  const run = async (what: string, items: PlanItem[]): Promise<string | null> => {
    if (items.length === 0) return null;
    const result = await runItems(items, {
      executor: env.executor,
      source,
      ...(env.audit ? { audit: env.audit } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
      ...(env.commandTimeout ? { timeoutMs: env.commandTimeout.ms, timeoutHint: env.commandTimeout.hint } : {}),
      onStart: (item) => out(`  on ${item.host}: ${item.command.text}`),
    });
    return result.ok ? null : `replace stopped at ${what}: ${result.failed?.error ?? 'failed'}`;
  };

  hooks.onStage?.('Replace bricks');
  const moved = await run('the replace-brick', replaceItems(plan, member, newHost));
  if (moved) return failed(moved);
  if (plan.replacements.length > 0) {
    // Checked, not assumed: volume info lists each new brick and volume status shows it online.
    let missing: string[] = plan.replacements.map((r) => r.newBrick);
    const until = now() + SETTLE_MS;
    while (missing.length > 0 && now() < until) {
      const facts = await read();
      if (!('error' in facts)) missing = offlineNewBricks(facts, plan);
      if (missing.length > 0) await sleep(2000);
    }
    if (missing.length > 0) return failed(`replace-brick ran, but ${missing.join(', ')} is not listed online in volume status after ${SETTLE_MS / 1000} s: see the brick log on ${newHost}`);
    out(`checked: ${plan.replacements.map((r) => r.newBrick).join(', ')} listed in volume info and online`);
  }

  hooks.onStage?.('Heal');
  const healed = await run('the heal', healItems(plan, member));
  if (healed) return failed(healed);
  const watch = { out, ...(env.signal ? { signal: env.signal } : {}), ...(hooks.onHeal ? { onProgress: hooks.onHeal } : {}) };
  if (!(await waitForHeal(plan.watchVolumes, member, req.healTimeoutMs, reader, watch, sleep, now))) {
    return { kind: 'failed', message: `the heal of ${plan.watchVolumes.join(', ')} did not reach 0 pending in ${Math.round(req.healTimeoutMs / 1000)} s: nothing is detached yet; run the same replace again to keep waiting` };
  }

  hooks.onStage?.('Detach');
  const detached = await run('the detach', detachItems(plan, member, oldHost));
  if (detached) return failed(detached);
  if (plan.detach) {
    const until = now() + SETTLE_MS;
    let facts = await read();
    while (!('error' in facts) && oldPeerListed(facts, oldHost) && now() < until) {
      await sleep(2000);
      facts = await read();
    }
    if ('error' in facts || oldPeerListed(facts, oldHost)) return failed(`peer detach ran, but ${member} still lists ${oldHost} in its pool`);
    out(`checked: ${member} no longer lists ${oldHost} in its pool`);
  }

  if (mountVolume) {
    hooks.onStage?.('Mount');
    out(`== ${mountStep.title}: ${mountVolume} at ${req.mountPath} on ${newHost}`);
    const outcome = await runStep(mountStep, ctx, { onPlan: (p) => formatPlan(p).forEach(out) });
    if (!outcome.done) {
      return failed(`the bricks moved and healed, but the mount step is not done: ${outcome.hosts.filter((h) => h.status !== 'done').map((h) => `${h.host}: ${h.message ?? h.status}`).join('; ')}`);
    }
  }

  // Done only from the cluster as it is now, read once more.
  hooks.onStage?.('Check');
  const left = await finalProblems(reader, read, plan, member, oldHost, newHost, inventory);
  if (left.length > 0) return failed(`checking the cluster again: ${left.join('; ')}`);
  const watched = plan.watchVolumes.length > 0 ? `, ${plan.watchVolumes.join(', ')} healed (0 pending)` : '';
  out(`checked again: no brick on ${oldHost}${plan.replacements.length > 0 ? `, ${plan.replacements.map((r) => r.newBrick).join(', ')} online` : ''}${watched}, ${oldHost} not in the pool`);
  if (env.auditPath) out(`audit log: ${env.auditPath}`);
  const message = `replace done: ${oldHost} holds no brick${watched}, ${oldHost} detached`;
  out(message);
  return { kind: 'done', message };
}

function offlineNewBricks(facts: ReplaceFacts, plan: ReplacePlan): string[] {
  return plan.replacements
    .filter((r) => {
      const listed = facts.volumes.find((v) => v.name === r.volume)?.bricks.some((b) => b.name === r.newBrick);
      const up = facts.status.find((s) => s.name === r.volume)?.bricks.some((b) => `${b.hostname}:${b.path}` === r.newBrick && b.online);
      return !listed || !up;
    })
    .map((r) => r.newBrick);
}

/** What the cluster, read again, still shows wrong: a brick on the old host, a new brick offline, pending heal entries, the old peer. */
async function finalProblems(
  reader: Pick<StepContext, 'executor' | 'signal'>,
  read: () => ReturnType<typeof readReplaceFacts>,
  plan: ReplacePlan,
  member: string,
  oldHost: string,
  newHost: string,
  inventory: Inventory,
): Promise<string[]> {
  const facts = await read();
  if ('error' in facts) return [facts.error];
  const problems: string[] = [];
  const onOld = facts.volumes.flatMap((v) => v.bricks.filter((b) => (brickOwner(b.host, inventory) ?? b.host) === oldHost).map((b) => b.name));
  if (onOld.length > 0) problems.push(`${onOld.join(', ')} still on ${oldHost}`);
  const offline = offlineNewBricks(facts, plan);
  if (offline.length > 0) problems.push(`${offline.join(', ')} not online on ${newHost}`);
  if (oldPeerListed(facts, oldHost)) problems.push(`${facts.member} still lists ${oldHost} in its pool`);
  for (const volume of plan.watchVolumes) {
    const progress = await readHealProgress(reader, member, volume);
    if (!progress) problems.push(`heal info of ${volume} gave no answer`);
    else if (!progress.complete || progress.pending > 0) problems.push(`heal ${volume}: ${progress.pending} pending (${progress.perBrick.join(', ')})`);
  }
  return problems;
}

export interface HealWatch {
  out(line: string): void;
  signal?: AbortSignal;
  onProgress?(volume: string, progress: HealProgress | null): void;
}

/** Heal info until every brick answers with 0 pending twice in a row, or the bound runs out (then what is pending is said and it is false). */
export async function waitForHeal(
  volumes: readonly string[],
  member: string,
  timeoutMs: number,
  reader: Pick<StepContext, 'executor' | 'signal'>,
  io: HealWatch,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<boolean> {
  const until = now() + timeoutMs;
  for (const volume of volumes) {
    let last = '';
    let zeros = 0;
    for (;;) {
      const progress = await readHealProgress(reader, member, volume);
      io.onProgress?.(volume, progress);
      const line = progress ? `heal ${volume}: ${progress.pending} pending${progress.complete ? '' : ' so far'} (${progress.perBrick.join(', ')})` : `heal ${volume}: heal info gave no answer`;
      if (line !== last) io.out(line);
      last = line;
      zeros = progress?.complete && progress.pending === 0 ? zeros + 1 : 0;
      // Twice, a few seconds apart: a brick that just started may not have counted its entries yet.
      if (zeros >= 2) break;
      if (now() >= until || io.signal?.aborted) {
        io.out(`the heal of ${volume} is not finished after ${Math.round(timeoutMs / 1000)} s: ${line}. Nothing is detached yet; run the same replace again to keep waiting`);
        return false;
      }
      await sleep(3000);
    }
  }
  return true;
}

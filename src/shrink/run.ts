// Shrinking, from the plan to a checked result, for `gluster-console shrink`
// and the console alike: read → plan (or refuse) → show every command →
// remove-brick start → watch the migration → commit only when every node says
// completed with zero failures (typed confirmation) → check volume info → the
// leaving hosts' client mounts off, their peers detached → check again.
// Every change goes through the one runner (audited as "shrink"); everything
// is read again before it is trusted, so running it again resumes or plans
// nothing.
import type { AuditSink } from '../config/audit.js';
import { removeBrick } from '../gluster/commands.js';
import { TRANSACTION_BUSY } from '../gluster/errors.js';
import { migrationOutcome, type MigrationOutcome } from '../gluster/migration.js';
import { parseCliOutput, parseMigrationStatus, type MigrationStatus } from '../gluster/xml/index.js';
import type { PlanItem } from '../plan/item.js';
import { runItems, type RunOutcome } from '../plan/runner.js';
import { readHosts } from '../steps/read.js';
import { cleanupIsEmpty, planCleanup, type CleanupPlan } from './cleanup.js';
import { readClients, readCluster, type ClusterFacts, type ReadContext } from './facts.js';
import { planShrink, type ShrinkPlan } from './plan.js';
import { describeMigrationNode, describePlan } from './progress.js';

export const SHRINK_SOURCE = 'shrink';

export interface ShrinkRequest {
  volume: string;
  /** Inventory names of the leaving hosts. */
  hosts: string[];
  minPerZone(zone: string): number;
  dryRun: boolean;
}

export interface ShrinkEnv extends ReadContext {
  audit?: AuditSink;
  commandTimeout?: { ms: number; hint: string };
  /** How often the migration's status is asked (default 2 s). */
  pollMs?: number;
  sleep?(ms: number): Promise<void>;
}

export interface ShrinkHooks {
  /** Lines for the operator: the plan, the commands, progress. */
  line(...lines: string[]): void;
  /** May the plan shown run? (remove-brick start moves data and is undone by remove-brick stop; unmounts; detaches) */
  approve(question: string): Promise<boolean>;
  /** The destructive moment: the operator types the volume's name. */
  confirmCommit(volume: string, bricks: string[]): Promise<boolean>;
}

export type ShrinkResult =
  | { kind: 'done'; message: string }
  | { kind: 'nothing'; message: string }
  | { kind: 'refused'; reasons: string[] }
  | { kind: 'dry-run'; message: string }
  | { kind: 'declined'; message: string }
  | { kind: 'failed'; message: string };

const STATUS_ERRORS_TOLERATED = 10;

function sleeper(env: ShrinkEnv): (ms: number) => Promise<void> {
  return env.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
}

async function run(env: ShrinkEnv, items: PlanItem[]): Promise<RunOutcome> {
  return runItems(items, {
    executor: env.executor,
    source: SHRINK_SOURCE,
    ...(env.audit ? { audit: env.audit } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
    ...(env.commandTimeout ? { timeoutMs: env.commandTimeout.ms, timeoutHint: env.commandTimeout.hint } : {}),
  });
}

/**
 * A remove-brick start or commit with --xml exits 0 even when glusterd refused
 * (opRet -1): its answer is judged here. glusterd's lock held by another
 * transaction is asked again, as the runner does for plain commands.
 */
async function runGluster(env: ShrinkEnv, item: PlanItem, attempts = 6): Promise<string | null> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await run(env, [item]);
    if (!outcome.ok) return outcome.failed?.error ?? 'failed';
    let reason: string;
    try {
      const answer = parseCliOutput(outcome.outcomes[0]!.result!.stdout);
      if (answer.ok) return null;
      reason = answer.opErrstr || `opRet ${answer.opRet}`;
    } catch (err) {
      reason = (err as Error).message;
    }
    if (!TRANSACTION_BUSY.test(reason) || attempt >= attempts || env.signal?.aborted) return reason;
    await sleeper(env)(1000 * 2 ** (attempt - 1));
  }
}

async function readMigration(env: ShrinkEnv, member: string, volume: string, bricks: string[]): Promise<MigrationStatus | { error: string }> {
  const { results, errors } = await readHosts(env, [member], () => removeBrick(volume, bricks, 'status'), (r) => r.stdout.trim().startsWith('<'));
  if (errors[member]) return { error: `${member}: ${errors[member]}` };
  try {
    return parseMigrationStatus(results[member]!.stdout, 'remove-brick');
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Completed needs every host of a removed brick in gluster's list too: a node it does not list has not said its files moved. */
function judge(status: MigrationStatus, plan: ShrinkPlan, cluster: ClusterFacts): MigrationOutcome {
  const outcome = migrationOutcome(status);
  if (outcome.state !== 'completed') return outcome;
  const volume = cluster.volumes.find((v) => v.name === plan.volume);
  const uuids = new Set((volume?.bricks ?? []).filter((b) => plan.bricks.includes(b.name)).map((b) => b.hostUuid));
  const missing = [...uuids].filter((u) => !status.nodes.some((n) => n.uuid === u));
  if (missing.length > 0) return { state: 'failed', reason: `gluster's status lists no node for ${missing.length} host(s) of the removed bricks: nothing says their files moved` };
  return outcome;
}

/** Asks for the status until it is no longer running; prints each node's line when it changes. */
async function watch(env: ShrinkEnv, hooks: ShrinkHooks, cluster: ClusterFacts, plan: ShrinkPlan): Promise<{ outcome: MigrationOutcome; status?: MigrationStatus }> {
  const last = new Map<string, string>();
  let errors = 0;
  for (;;) {
    const interrupted = { outcome: { state: 'stopped', reason: 'stopped watching (interrupted)' } } as const;
    if (env.signal?.aborted) return interrupted;
    let status: Awaited<ReturnType<typeof readMigration>>;
    try {
      status = await readMigration(env, cluster.member, plan.volume, plan.bricks);
    } catch (err) {
      // Ctrl-C while asking: the read is cancelled, the migration is not.
      if (env.signal?.aborted) return interrupted;
      throw err;
    }
    if ('error' in status) {
      errors++;
      if (errors >= STATUS_ERRORS_TOLERATED) return { outcome: { state: 'failed', reason: `the status could not be read ${errors} times in a row: ${status.error}` } };
    } else {
      errors = 0;
      for (const node of status.nodes) {
        const text = describeMigrationNode(node);
        if (last.get(node.uuid) !== text) hooks.line(`  ${text}`);
        last.set(node.uuid, text);
      }
      const outcome = judge(status, plan, cluster);
      if (outcome.state !== 'running') return { outcome, status };
    }
    await sleeper(env)(env.pollMs ?? 2000);
  }
}

function cleanupLines(plan: CleanupPlan): string[] {
  const lines: string[] = [];
  for (const [host, items] of Object.entries(plan.unmount)) {
    for (const item of items) lines.push(`  ${host}: # ${item.why}`, ...item.command.text.split('\n').map((l, i) => `  ${host}: ${i === 0 ? '$ ' : '  '}${l}`));
  }
  for (const item of plan.detach) lines.push(`  ${item.host}: # ${item.why}`, `  ${item.host}: $ ${item.command.text}`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const b of plan.blocked) lines.push(`  BLOCKED: ${b}`);
  return lines;
}

async function readCleanup(env: ShrinkEnv, request: ShrinkRequest, cluster: ClusterFacts): Promise<{ plan: CleanupPlan; errors: Record<string, string> }> {
  const clients = await readClients(env, request.hosts);
  return { plan: planCleanup({ volume: request.volume, leaving: request.hosts, inventory: env.inventory, cluster, clients: clients.facts }), errors: clients.errors };
}

/** Mounts off, fstab lines out, peers detached; then read again: done only when nothing is left to plan. */
async function cleanUp(env: ShrinkEnv, request: ShrinkRequest, hooks: ShrinkHooks, plan: CleanupPlan): Promise<ShrinkResult> {
  for (const [host, items] of Object.entries(plan.unmount)) {
    const outcome = await run(env, items);
    if (!outcome.ok) return { kind: 'failed', message: `${host}: ${outcome.failed?.error ?? 'failed'}: the bricks are removed; fix that and run the same command again to finish` };
    hooks.line(`  ${host}: client mount of ${request.volume} removed`);
  }
  for (const item of plan.detach) {
    const outcome = await run(env, [item]);
    if (!outcome.ok) return { kind: 'failed', message: `${item.command.text}: ${outcome.failed?.error ?? 'failed'}: run the same command again to finish` };
  }
  const cluster = await readCluster(env, request.hosts);
  if ('error' in cluster) return { kind: 'failed', message: `could not check the result: ${cluster.error}` };
  const again = await readCleanup(env, request, cluster);
  const unread = Object.entries(again.errors).map(([h, e]) => `${h}: ${e}`);
  if (!cleanupIsEmpty(again.plan) || unread.length > 0) {
    return { kind: 'failed', message: `checking again, something is left:\n${[...cleanupLines(again.plan), ...unread.map((u) => `  ${u}`)].join('\n')}` };
  }
  return { kind: 'done', message: '' };
}

export async function runShrink(env: ShrinkEnv, request: ShrinkRequest, hooks: ShrinkHooks): Promise<ShrinkResult> {
  const cluster = await readCluster(env, request.hosts);
  if ('error' in cluster) return { kind: 'failed', message: cluster.error };
  const volume = cluster.volumes.find((v) => v.name === request.volume);
  if (!volume) return { kind: 'failed', message: `${cluster.member} knows no volume ${request.volume}${cluster.volumes.length ? ` (it knows ${cluster.volumes.map((v) => v.name).join(', ')})` : ''}` };
  const decision = planShrink({ volume, inventory: env.inventory, hosts: request.hosts, minPerZone: request.minPerZone });
  if (!decision.ok) return { kind: 'refused', reasons: decision.reasons };
  for (const line of describePlan(decision)) hooks.line(line);
  const start = decision.bricks.length > 0 ? removeBrick(request.volume, decision.bricks, 'start') : null;
  let status: MigrationStatus | null = null;
  if (start) {
    const read = await readMigration(env, cluster.member, request.volume, decision.bricks);
    if ('error' in read) return { kind: 'failed', message: `the remove-brick status could not be read: ${read.error}` };
    status = read;
    const state = migrationOutcome(read).state;
    const commit = removeBrick(request.volume, decision.bricks, 'commit');
    hooks.line(`plan (on ${cluster.member}):`);
    if (state === 'not-started' || state === 'stopped') hooks.line('  # move the files off these bricks onto the sets that stay', `  $ ${start.text}`);
    else hooks.line(`  (remove-brick already started: ${migrationOutcome(read).reason})`);
    hooks.line('  # watch it until every node says completed with 0 failures', `  $ ${removeBrick(request.volume, decision.bricks, 'status').text}`);
    hooks.line(`  # drop the bricks: only then, and only after you type ${request.volume}`, `  $ ${commit.text}`);
    hooks.line(`  # then on ${request.hosts.join(', ')}: unmount the client mounts of ${request.volume} this console made, remove their fstab lines, and detach the hosts that hold no brick (gluster peer detach)`);
  } else {
    const cleanup = await readCleanup(env, request, cluster);
    const unread = Object.entries(cleanup.errors).map(([h, e]) => `${h}: ${e}`);
    if (unread.length > 0) return { kind: 'failed', message: `could not check the leaving hosts' mounts:\n  ${unread.join('\n  ')}` };
    if (cleanupIsEmpty(cleanup.plan)) {
      const notes = cleanup.plan.notes.map((n) => `\nnote: ${n}`).join('');
      return { kind: 'nothing', message: `nothing to do: ${request.volume} is ${decision.layoutBefore} with no brick on ${request.hosts.join(', ')}, and none of them is in the pool or mounts ${request.volume}${notes}` };
    }
    hooks.line('plan:');
    for (const line of cleanupLines(cleanup.plan)) hooks.line(line);
    if (cleanup.plan.blocked.length > 0) return { kind: 'failed', message: cleanup.plan.blocked.join('\n') };
    if (request.dryRun) return { kind: 'dry-run', message: 'dry run: nothing was changed' };
    if (!(await hooks.approve('Unmount and detach as shown?'))) return { kind: 'declined', message: 'not confirmed: nothing was changed' };
    const done = await cleanUp(env, request, hooks, cleanup.plan);
    return done.kind === 'done' ? { kind: 'done', message: `${request.hosts.join(', ')}: client mounts removed and peers detached; checked again` } : done;
  }
  if (request.dryRun) return { kind: 'dry-run', message: 'dry run: nothing was changed' };
  if (!(await hooks.approve(`Start moving the data off ${decision.bricks.length} brick(s) of ${request.volume}?`))) return { kind: 'declined', message: 'not confirmed: nothing was changed' };
  const state = migrationOutcome(status!).state;
  if (state === 'not-started' || state === 'stopped') {
    const problem = await runGluster(env, { host: cluster.member, command: start, why: `move ${request.volume}'s files off the bricks of set(s) ${decision.sets.join(', ')}` });
    if (problem) return { kind: 'failed', message: `remove-brick start failed: ${problem}` };
    hooks.line('remove-brick started; migration progress:');
  }
  const watched = await watch(env, hooks, cluster, decision);
  if (watched.outcome.state !== 'completed') {
    const stop = `gluster volume remove-brick ${request.volume} ${decision.bricks.join(' ')} stop`;
    const what =
      watched.outcome.state === 'stopped' && env.signal?.aborted
        ? 'the migration goes on in gluster: run the same command again to keep watching and commit once it has completed'
        : `not committed: committing now would lose the files that did not move. The bricks stay in the volume with their data. Look at /var/log/glusterfs/${request.volume}-rebalance.log on the nodes named, fix the cause, then "${stop}" and run the same command again (it starts the migration again)`;
    return { kind: 'failed', message: `${watched.outcome.reason}: ${what}` };
  }
  hooks.line(`migration ${watched.outcome.reason}, 0 failures`);
  if (!(await hooks.confirmCommit(request.volume, decision.bricks))) {
    return { kind: 'declined', message: `not committed: the data is migrated and the bricks are still in the volume; run the same command again to commit` };
  }
  // The answer may have taken a while: the status must still say completed, just before the commit.
  const fresh = await readMigration(env, cluster.member, request.volume, decision.bricks);
  const verdict = 'error' in fresh ? { state: 'failed', reason: fresh.error } : judge(fresh, decision, cluster);
  if (verdict.state !== 'completed') return { kind: 'failed', message: `not committed: asked again, the status says ${verdict.reason}` };
  const problem = await runGluster(env, { host: cluster.member, command: removeBrick(request.volume, decision.bricks, 'commit'), why: `drop the migrated bricks from ${request.volume}` });
  if (problem) return { kind: 'failed', message: `remove-brick commit failed: ${problem}` };
  const after = await readCluster(env, request.hosts);
  if ('error' in after) return { kind: 'failed', message: `the commit ran, but volume info could not be read again: ${after.error}` };
  const left = after.volumes.find((v) => v.name === request.volume)?.bricks.filter((b) => decision.bricks.includes(b.name)) ?? [];
  if (left.length > 0) return { kind: 'failed', message: `the commit ran, but volume info still lists ${left.map((b) => b.name).join(', ')}` };
  hooks.line(
    `committed: volume info no longer lists the ${decision.bricks.length} brick(s); ${request.volume} is ${decision.layoutAfter}`,
    'note: the removed bricks keep their directories and filesystems on the leaving hosts; gluster advises checking them for files before reusing the disks',
  );
  const cleanup = await readCleanup(env, request, after);
  const unread = Object.entries(cleanup.errors).map(([h, e]) => `${h}: ${e}`);
  if (unread.length > 0) return { kind: 'failed', message: `the bricks are removed, but the leaving hosts' mounts could not be checked:\n  ${unread.join('\n  ')}\nrun the same command again to finish` };
  for (const line of cleanupLines(cleanup.plan)) hooks.line(line);
  if (cleanup.plan.blocked.length > 0) return { kind: 'failed', message: cleanup.plan.blocked.join('\n') };
  const done = await cleanUp(env, request, hooks, cleanup.plan);
  if (done.kind !== 'done') return done;
  return { kind: 'done', message: `${request.volume} is ${decision.layoutAfter}; ${request.hosts.join(', ')} hold no brick of it, their client mounts are gone and the hosts without bricks are detached; checked again` };
}

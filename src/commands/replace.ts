// `gluster-console replace`: the on-call case of a node that never comes back.
// The new host is prepared by the setup's own steps (for the hosts that answer:
// the old one is left out), then the dead host's bricks move to it
// (replace-brick commit force), a full heal rebuilds them with the pending count
// shown until it is 0, and the dead peer is detached. Every change goes through
// the one runner, audited as "replace"; every stage is checked on the cluster
// before the next one, and "done" is said only when heal info shows 0 pending.
import type { AuditLog } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { printable, validateHostName } from '../config/validate.js';
import { validateVolumeName } from '../gluster/commands.js';
import { runItems } from '../plan/runner.js';
import { sequenceLines } from '../plan/render.js';
import { readHealProgress, readReplaceFacts } from '../replace/facts.js';
import { decideReplace, detachItems, healItems, replaceItems, type ReplacePlan } from '../replace/plan.js';
import type { Executor } from '../ssh/types.js';
import { runStep } from '../steps/engine.js';
import { DEFAULT_INTENT, intentWith } from '../steps/intent.js';
import { stepById } from '../steps/setup.js';
import type { StepContext, StepId } from '../steps/types.js';
import { argsExit, namedHosts, parseRunWords, runFlags, usableFiles, withCommandContext } from './context.js';
import { formatPlan } from './setup.js';

export const REPLACE_USAGE = `Usage: gluster-console replace --inventory FILE --old HOST --new HOST [options]
  Replaces a node that is gone for good (powered off, disk lost) by a fresh host
  of the inventory: prepares the new host with the setup's steps (host entries
  on every live node, install, brick filesystem, probe from a live member),
  moves every brick of the old host to it (replace-brick ... commit force),
  runs a full heal and shows the pending count until it is 0, detaches the old
  peer, and mounts the volume on the new host. Refused while the old host is
  alive, when the new host already holds a brick, or when a brick of the old
  host has no surviving copy. Safe to run again: a finished replace plans nothing.

  --inventory FILE      the hosts, the old and the new one included
  --old HOST            the dead host (inventory name)
  --new HOST            the fresh host that takes its bricks (inventory name)
  --volume NAME         only this volume's bricks (default: every volume with a brick
                        on the old host); also the volume mounted on the new host
  --mount PATH          where the new host mounts the volume (default ${DEFAULT_INTENT.mountPath})
  --heal-timeout S      how long to wait for 0 pending heal entries (default 1800)
  --dry-run             show the plan; run nothing but the read-only checks
  --yes                 run without the typed confirmation
  --config-dir DIR      where the audit log is kept
  Exit status: 0 replaced, healed and checked (or nothing to do); 1 refused, failed,
  or the heal still pending at the timeout; 2 bad arguments; 3 not confirmed or dry run.`;

export interface ReplaceArgs {
  inventory: string;
  oldHost: string;
  newHost: string;
  volume?: string;
  mountPath: string;
  healTimeoutMs: number;
  dryRun: boolean;
  yes: boolean;
  configDir?: string;
}

const REPLACE_OPTIONS = {
  old: { type: 'string' },
  new: { type: 'string' },
  volume: { type: 'string' },
  mount: { type: 'string' },
  'heal-timeout': { type: 'string' },
} as const;

export function parseReplaceArgs(argv: string[]): ReplaceArgs | string {
  const values = parseRunWords(argv, REPLACE_OPTIONS);
  if (typeof values === 'string') return values;
  if (!values.old || !values.new) return '--old HOST and --new HOST are required';
  for (const [flag, host] of [['--old', values.old], ['--new', values.new]] as const) {
    const problem = validateHostName(host);
    if (problem) return `${flag}: ${problem}`;
  }
  if (values.old === values.new) return '--old and --new name the same host';
  if (values.volume !== undefined) {
    const problem = validateVolumeName(values.volume);
    if (problem) return `--volume: ${problem}`;
  }
  const mountPath = values.mount ?? DEFAULT_INTENT.mountPath;
  if (!/^\/[A-Za-z0-9._/+@=,-]+$/.test(mountPath)) return `--mount: "${printable(mountPath)}" is not an absolute path of letters, digits and . _ - + @ = , /`;
  const seconds = values['heal-timeout'] === undefined ? 1800 : Number(values['heal-timeout']);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604_800) return `--heal-timeout: whole seconds from 1 to 604800, not "${printable(values['heal-timeout'] ?? '')}"`;
  return {
    inventory: values.inventory,
    oldHost: values.old,
    newHost: values.new,
    ...(values.volume !== undefined ? { volume: values.volume } : {}),
    mountPath,
    healTimeoutMs: seconds * 1000,
    ...runFlags(values),
  };
}

export interface ReplaceIo {
  out(line: string): void;
  /** A line typed by the operator, or null when there is no terminal. */
  ask?(question: string): Promise<string | null>;
  signal?: AbortSignal;
  /** Waits between the re-checks (tests make it instant). */
  sleep?(ms: number): Promise<void>;
  now?(): number;
}

/** The setup's steps that make a fresh host a member with a brick filesystem, in order. */
const PREPARE_STEPS: readonly StepId[] = ['inventory', 'hosts', 'install', 'bricks', 'probe'];
const SETTLE_MS = 120_000;

export async function runReplaceCommand(args: ReplaceArgs, inventory: Inventory, executor: Executor, audit: AuditLog, io: ReplaceIo): Promise<number> {
  const { out } = io;
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = io.now ?? Date.now;
  const reader = { executor, ...(io.signal ? { signal: io.signal } : {}) };
  const decide = async (): Promise<{ plan: ReplacePlan; member: string } | { exit: number }> => {
    const facts = await readReplaceFacts(reader, inventory, args.oldHost, args.newHost, args.volume);
    if ('error' in facts) {
      out(`replace: ${facts.error}`);
      return { exit: 1 };
    }
    const plan = decideReplace(facts);
    if (!plan.ok) {
      out(`replace refused: ${args.oldHost} -> ${args.newHost}`);
      for (const reason of plan.reasons) out(`  - ${reason}`);
      return { exit: 1 };
    }
    return { plan, member: facts.member };
  };

  const first = await decide();
  if ('exit' in first) return first.exit;
  for (const note of first.plan.notes) out(note);
  if (first.plan.replacements.length === 0 && !first.plan.detach) return 0;

  // The live hosts and the new one: the old host is left out of every step (it cannot answer).
  const live: Inventory = { hosts: inventory.hosts.filter((h) => h.name !== args.oldHost) };
  const mountVolume = args.volume ?? (first.plan.healVolumes.length === 1 ? first.plan.healVolumes[0] : undefined);
  const ctx: StepContext = {
    executor,
    inventory: live,
    intent: intentWith({ volumeName: mountVolume ?? first.plan.healVolumes[0] ?? '', brickMount: first.plan.brickMount ?? DEFAULT_INTENT.brickMount, mountPath: args.mountPath }),
    audit,
    ...(io.signal ? { signal: io.signal } : {}),
  };

  out(`replace ${args.oldHost} (dead) by ${args.newHost}, commands run from ${first.member}:`);
  if (first.plan.replacements.length > 0) out(`  1. prepare ${args.newHost} with the setup's steps ${PREPARE_STEPS.join(', ')} (each shows its commands as it runs)`);
  const shown = [...replaceItems(first.plan, first.member, args.newHost), ...healItems(first.plan, first.member), ...detachItems(first.plan, first.member, args.oldHost)];
  out(`  2. ${sequenceLines(shown).join('\n     ')}`);
  if (first.plan.watchVolumes.length > 0) out(`     the heal's pending count is shown until it is 0 (at most ${args.healTimeoutMs / 1000} s) before the detach`);
  if (mountVolume) out(`  3. mount ${mountVolume} at ${args.mountPath} on ${args.newHost} (the setup's mount step)`);
  if (args.dryRun) {
    out('dry run: nothing was changed');
    return 3;
  }
  if (!args.yes) {
    const answer = io.ask ? await io.ask(`Type ${args.oldHost} to confirm that ${args.oldHost} is gone for good and its bricks move to ${args.newHost}: `) : null;
    if (answer === null || answer.trim() !== args.oldHost) {
      out(io.ask ? 'not confirmed: nothing was changed' : 'nothing was changed: no terminal to ask; pass --yes to run');
      return 3;
    }
  }

  if (first.plan.replacements.length > 0) {
    for (const id of PREPARE_STEPS) {
      const step = stepById(id);
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
        out(`replace stopped while preparing ${args.newHost} ("${step.title}" is not done): nothing of the volumes was changed; fix what is shown and run the same command again`);
        return 1;
      }
    }
  }

  // The pool now holds the new host: decide again on fresh facts before anything moves.
  const second = await decide();
  if ('exit' in second) return second.exit;
  const { plan, member } = second;
  const source = `replace: ${args.oldHost} -> ${args.newHost}`;
  const run = async (what: string, items: ReturnType<typeof replaceItems>): Promise<boolean> => {
    if (items.length === 0) return true;
    const result = await runItems(items, {
      executor,
      audit,
      source,
      ...(io.signal ? { signal: io.signal } : {}),
      onStart: (item) => out(`  on ${item.host}: ${item.command.text}`),
    });
    if (!result.ok) out(`replace stopped at ${what}: ${result.failed?.error ?? 'failed'}`);
    return result.ok;
  };

  if (!(await run('the replace-brick', replaceItems(plan, member, args.newHost)))) return 1;
  if (plan.replacements.length > 0) {
    // Checked, not assumed: volume info lists each new brick and volume status shows it online.
    let missing: string[] = plan.replacements.map((r) => r.newBrick);
    const until = now() + SETTLE_MS;
    while (missing.length > 0 && now() < until) {
      const facts = await readReplaceFacts(reader, inventory, args.oldHost, args.newHost, args.volume);
      if (!('error' in facts)) {
        missing = plan.replacements
          .filter((r) => {
            const listed = facts.volumes.find((v) => v.name === r.volume)?.bricks.some((b) => b.name === r.newBrick);
            const up = facts.status.find((s) => s.name === r.volume)?.bricks.some((b) => `${b.hostname}:${b.path}` === r.newBrick && b.online);
            return !listed || !up;
          })
          .map((r) => r.newBrick);
      }
      if (missing.length > 0) await sleep(2000);
    }
    if (missing.length > 0) {
      out(`replace-brick ran, but ${missing.join(', ')} is not listed online in volume status after ${SETTLE_MS / 1000} s: see the brick log on ${args.newHost}`);
      return 1;
    }
    out(`checked: ${plan.replacements.map((r) => r.newBrick).join(', ')} listed in volume info and online`);
  }

  if (!(await run('the heal', healItems(plan, member)))) return 1;
  if (!(await waitForHeal(plan.watchVolumes, member, args.healTimeoutMs, reader, io, sleep, now))) return 1;

  if (!(await run('the detach', detachItems(plan, member, args.oldHost)))) return 1;
  if (plan.detach) {
    const until = now() + SETTLE_MS;
    let facts = await readReplaceFacts(reader, inventory, args.oldHost, args.newHost, args.volume);
    while (!('error' in facts) && facts.peers.some((p) => p.hostname === args.oldHost || p.hostnames.includes(args.oldHost)) && now() < until) {
      await sleep(2000);
      facts = await readReplaceFacts(reader, inventory, args.oldHost, args.newHost, args.volume);
    }
    if ('error' in facts || facts.peers.some((p) => p.hostname === args.oldHost || p.hostnames.includes(args.oldHost))) {
      out(`peer detach ran, but ${member} still lists ${args.oldHost} in its pool`);
      return 1;
    }
    out(`checked: ${member} no longer lists ${args.oldHost} in its pool`);
  }

  if (mountVolume) {
    const step = stepById('mount');
    out(`== ${step.title}: ${mountVolume} at ${args.mountPath} on ${args.newHost}`);
    const outcome = await runStep(step, ctx, { onPlan: (p) => formatPlan(p).forEach(out) });
    if (!outcome.done) {
      out(`the bricks moved and healed, but the mount step is not done: ${outcome.hosts.filter((h) => h.status !== 'done').map((h) => `${h.host}: ${h.message ?? h.status}`).join('; ')}`);
      return 1;
    }
  }
  out(`audit log: ${audit.path}`);
  const healed = plan.watchVolumes.length > 0 ? `, ${plan.watchVolumes.join(', ')} healed (0 pending)` : '';
  out(`replace done: ${args.oldHost} holds no brick${healed}, ${args.oldHost} detached`);
  return 0;
}

/** Heal info until every brick answers with 0 pending twice in a row, or the bound runs out (then what is pending is said and it is false). */
export async function waitForHeal(
  volumes: readonly string[],
  member: string,
  timeoutMs: number,
  reader: Pick<StepContext, 'executor' | 'signal'>,
  io: ReplaceIo,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<boolean> {
  const until = now() + timeoutMs;
  for (const volume of volumes) {
    let last = '';
    let zeros = 0;
    for (;;) {
      const progress = await readHealProgress(reader, member, volume);
      const line = progress ? `heal ${volume}: ${progress.pending} pending${progress.complete ? '' : ' so far'} (${progress.perBrick.join(', ')})` : `heal ${volume}: heal info gave no answer`;
      if (line !== last) io.out(line);
      last = line;
      zeros = progress?.complete && progress.pending === 0 ? zeros + 1 : 0;
      // Twice, a few seconds apart: a brick that just started may not have counted its entries yet.
      if (zeros >= 2) break;
      if (now() >= until || io.signal?.aborted) {
        io.out(`the heal of ${volume} is not finished after ${Math.round(timeoutMs / 1000)} s: ${line}. Nothing is detached yet; run the same command again to keep waiting`);
        return false;
      }
      await sleep(3000);
    }
  }
  return true;
}

export async function replaceMain(argv: string[]): Promise<number> {
  const args = parseReplaceArgs(argv);
  if (typeof args === 'string') return argsExit('replace', REPLACE_USAGE, args);
  const checks = [namedHosts([args.oldHost, args.newHost], (unknown) => `${unknown.join(', ')}: not in the inventory ${printable(args.inventory)}`), usableFiles(args.inventory)];
  return withCommandContext('replace', { inventoryFile: args.inventory, checks, configDir: args.configDir, notice: false }, (ctx) =>
    runReplaceCommand(args, ctx.inventory, ctx.executor, ctx.audit, { out: ctx.out, ...(ctx.ask ? { ask: ctx.ask } : {}), signal: ctx.signal }),
  );
}

// `gluster-console setup`: the guided setup without the TUI, for operators who
// script their setups and for CI. The same steps, plans and checks as the
// console; each host's progress as plain lines. Exit 0 only when every step is
// verified on every host.
import type { AuditLog } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import { LONG_FACTOR } from '../plan/runner.js';
import { validateHostName } from '../config/validate.js';
import type { Executor } from '../ssh/types.js';
import { checkIntent, intentWith, INTENT_LABELS, DEFAULT_INTENT, type IntentField, type SetupIntent } from '../steps/intent.js';
import type { RunOptions } from '../steps/engine.js';
import { runSetup, SETUP_STEPS, type AnyStep } from '../steps/setup.js';
import type { Destruction, HostRun, StepPlan } from '../steps/types.js';
import { argsExit, hasHosts, namedHosts, parseCommandTimeout, parseRunWords, runFlags, TIMEOUT_OPTION, usableFiles, withCommandContext } from './context.js';

export const SETUP_USAGE = `Usage: gluster-console setup --inventory FILE --volume NAME [options]
  Runs the guided setup without the console: host entries, install, bricks,
  peer probe, volume create/start, mount. Each step checks the hosts, shows
  its plan (the exact commands per host), applies it and verifies the result.
  Safe to run again: a finished cluster plans nothing.

  --inventory FILE      the hosts (YAML or JSON; see README "The inventory file")
  --volume NAME         the volume to create (letters, digits, - and _)
  --layout "WORDS"      e.g. "replica 3" (the words of "layout check"); default:
                        the best layout the validator suggests for the hosts
  --mount PATH          where every node mounts the volume (default ${DEFAULT_INTENT.mountPath})
  --brick-mount PATH    where each brick filesystem is mounted (default ${DEFAULT_INTENT.brickMount})
  --apt-repo PPA        apt hosts: add this PPA before installing (e.g. ppa:gluster/glusterfs-10)
  --wipe HOST           HOST's brick device may be wiped although it holds a filesystem or
                        partition table (the typed confirmation of the console); repeatable
  --command-timeout S   how long one command may run on a host before it is killed, in
                        seconds (default: the setting commandTimeoutMs, 120 s); package
                        installs and mkfs get ${LONG_FACTOR} times that
  --dry-run             show every plan; run nothing but the read-only checks
  --yes                 apply without asking (otherwise asks on the terminal, or stops)
  --config-dir DIR      where the audit log is kept (default: the console's config directory)
  Exit status: 0 every step verified; 1 a step failed or is blocked; 2 bad arguments;
  3 plans left to apply (dry run, or not confirmed).`;

export interface SetupArgs {
  inventory: string;
  intent: SetupIntent;
  dryRun: boolean;
  yes: boolean;
  configDir?: string;
  /** --command-timeout, in milliseconds; absent: the setting. */
  commandTimeoutMs?: number;
}

/** The hint a command that hits its bound carries: how the operator raises it. */
export const TIMEOUT_HINT = 'raise it with --command-timeout or the setting commandTimeoutMs';

/** "commands time out after 120 s (installs and mkfs: 30 min)". */
export function describeTimeout(ms: number): string {
  const long = ms * LONG_FACTOR;
  const say = (t: number) => (t >= 120_000 && t % 60_000 === 0 ? `${t / 60_000} min` : `${t / 1000} s`);
  return `a command that runs longer than ${say(ms)} on a host is killed (installs and mkfs: ${say(long)}); --command-timeout or the setting commandTimeoutMs changes it`;
}

const SETUP_OPTIONS = {
  ...TIMEOUT_OPTION,
  volume: { type: 'string' },
  layout: { type: 'string' },
  mount: { type: 'string' },
  'brick-mount': { type: 'string' },
  'apt-repo': { type: 'string' },
  wipe: { type: 'string', multiple: true },
} as const;

/** Parses and checks the arguments; a string is the error for the operator. */
export function parseSetupArgs(argv: string[]): SetupArgs | string {
  const values = parseRunWords(argv, SETUP_OPTIONS);
  if (typeof values === 'string') return values;
  if (values.volume === undefined) return '--volume NAME is required';
  const intent = intentWith({
    volumeName: values.volume,
    ...(values.layout !== undefined ? { layout: values.layout } : {}),
    ...(values.mount !== undefined ? { mountPath: values.mount } : {}),
    ...(values['brick-mount'] !== undefined ? { brickMount: values['brick-mount'] } : {}),
    ...(values['apt-repo'] !== undefined ? { aptRepository: values['apt-repo'] } : {}),
    wipeHosts: values.wipe ?? [],
  });
  const problems = checkIntent(intent);
  const flags: Record<IntentField, string> = { volumeName: '--volume', layout: '--layout', mountPath: '--mount', brickMount: '--brick-mount', aptRepository: '--apt-repo' };
  const first = (Object.keys(problems) as IntentField[])[0];
  if (first) return `${flags[first]} (${INTENT_LABELS[first].toLowerCase()}): ${problems[first]}`;
  for (const host of intent.wipeHosts) {
    const problem = validateHostName(host);
    if (problem) return `--wipe: ${problem}`;
  }
  const commandTimeoutMs = parseCommandTimeout(values['command-timeout']);
  if (typeof commandTimeoutMs === 'string') return commandTimeoutMs;
  return {
    inventory: values.inventory,
    intent,
    ...runFlags(values),
    ...(commandTimeoutMs !== undefined ? { commandTimeoutMs } : {}),
  };
}

type Write = (line: string) => void;

function describeRun(run: HostRun): string {
  switch (run.status) {
    case 'done':
      return `done${run.message ? ` (${run.message})` : ''}`;
    case 'todo':
      return `to do: ${run.message ?? ''}`;
    case 'waiting':
      return `waiting: ${run.message ?? ''}`;
    case 'blocked':
      return `BLOCKED: ${run.message ?? ''}`;
    case 'failed':
      return `FAILED: ${run.message ?? ''}${run.failedCommand ? `\n    the command: ${run.failedCommand.split('\n').join('\n      ')}` : ''}`;
    case 'running':
      return `running: ${run.running?.why ?? run.message ?? ''}`;
    case 'verifying':
      return 'verifying';
    case 'checking':
      return 'checking';
  }
}

export function formatPlan(plan: StepPlan): string[] {
  const lines: string[] = [];
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const host of plan.hosts) {
    if (host.items.length === 0 && host.notes.length === 0) continue;
    lines.push(`  ${host.host}:`);
    for (const note of host.notes) lines.push(`    # ${note}`);
    if (host.destroys) lines.push(`    ! destroys data on ${host.destroys.device}: ${host.destroys.holds}`);
    for (const item of host.items) {
      lines.push(`    # ${item.why}`);
      lines.push(...item.command.text.split('\n').map((l, i) => `    ${i === 0 ? '$ ' : '  '}${l}`));
    }
  }
  return lines;
}

/**
 * A step's plan as printed, by setup and by the grow: nothing when no host has
 * a command to run (a dry run shows it anyway), else a header and formatPlan's lines.
 */
export function planLines(plan: StepPlan, dryRun: boolean, tag = ''): string[] {
  if (!plan.hosts.some((h) => h.items.length > 0) && !dryRun) return [];
  const lines = formatPlan(plan);
  return lines.length > 0 ? [`  ${tag}plan${dryRun ? ' (dry run: nothing runs)' : ''}:`, ...lines] : [];
}

/** "HOST: state" when the host's state changed since `last` said it ('checking' is never shown); else undefined. */
export function changedHostLine(last: Map<string, string>, run: HostRun, describe: (run: HostRun) => string): string | undefined {
  if (run.status === 'checking') return undefined;
  const text = describe(run);
  if (last.get(run.host) === text) return undefined;
  last.set(run.host, text);
  return `${run.host}: ${text}`;
}

export interface SetupIo {
  out: Write;
  err: Write;
  /** A line typed by the operator, or null when there is no terminal to ask. */
  ask?(question: string): Promise<string | null>;
  /** Ctrl-C: stop at the next command boundary (the running one is killed on the host). */
  signal?: AbortSignal;
}

/** The setup with an executor already made (tests give a fake one). */
export async function runSetupCommand(args: SetupArgs, inventory: Inventory, executor: Executor, audit: AuditLog, io: SetupIo): Promise<number> {
  const { out } = io;
  let notApproved = false;
  let earlierNotDone = false;
  const timeoutMs = args.commandTimeoutMs ?? DEFAULT_SETTINGS.commandTimeoutMs;
  // With --yes nobody is asked, so independent steps run together; their lines then name their step.
  const parallel = args.yes && !args.dryRun;
  if (!args.dryRun) out(`note: ${describeTimeout(timeoutMs)}`);
  const forStep = (step: AnyStep): RunOptions => {
    const lastStatus = new Map<string, string>();
    const tag = parallel ? `[${step.title}] ` : '';
    return {
      onPlan(plan) {
        for (const line of planLines(plan, args.dryRun, tag)) out(line);
      },
      onHostRun(run) {
        const line = changedHostLine(lastStatus, run, describeRun);
        if (line !== undefined) out(`  ${tag}${line}`);
      },
      onOutput(host, chunk) {
        for (const line of chunk.split('\n')) if (line.trim()) out(`  ${tag}${host} | ${line}`);
      },
      async approve(plan) {
        if (args.yes) return true;
        const count = plan.hosts.reduce((n, h) => n + h.items.length, 0);
        const answer = io.ask ? await io.ask(`Apply these ${count} command(s) of "${step.title}"? [y/N] `) : null;
        const ok = answer !== null && /^y(es)?$/i.test(answer.trim());
        if (!ok) notApproved = true;
        return ok;
      },
    };
  };
  const result = await runSetup(
    { executor, inventory, intent: args.intent, audit, commandTimeout: { ms: timeoutMs, hint: TIMEOUT_HINT }, ...(io.signal ? { signal: io.signal } : {}) },
    {
      dryRun: args.dryRun,
      parallel,
      forStep,
      onStepStart(step) {
        out(`== step ${step.number}/${SETUP_STEPS.length - 1} ${step.title}: ${step.summary}`);
        if (args.dryRun && earlierNotDone) out('  (an earlier step is not done yet: this preview shows the hosts as they are now, so it fails where it depends on that step)');
      },
      onStepEnd(step, outcome) {
        if (!outcome.done) earlierNotDone = true;
        if (parallel) out(`== ${outcome.done ? 'done' : 'not done'}: step ${step.number}/${SETUP_STEPS.length - 1} ${step.title}`);
      },
      async confirmDestroy(host: string, d: Destruction) {
        for (const line of d.lines) out(`  ${host}: ! ${line}`);
        if (args.intent.wipeHosts.includes(host)) {
          out(`  ${host}: confirmed by --wipe ${host}`);
          return true;
        }
        if (args.yes || !io.ask) {
          out(`  ${host}: not confirmed: pass --wipe ${host} to let the setup wipe ${d.device}`);
          return false;
        }
        const answer = await io.ask(`Type ${host} to confirm that the data on ${d.device} is destroyed: `);
        return answer !== null && answer.trim() === host;
      },
    },
  );
  for (const { step, outcome } of result.outcomes) {
    const title = SETUP_STEPS.find((s) => s.id === step)!.title;
    const done = outcome.hosts.filter((h) => h.status === 'done').length;
    out(`${outcome.done ? 'ok  ' : '--  '} ${title}: done on ${done}/${outcome.hosts.length}${outcome.declined ? ' (not applied)' : ''}`);
  }
  out(`audit log: ${audit.path}`);
  if (result.done) {
    out(`setup complete: ${args.intent.volumeName} is started and mounted at ${args.intent.mountPath} on every node`);
    return 0;
  }
  // Later steps depend on the first one not done: only that one says whether what is left is just to be applied.
  const firstOpen = result.outcomes.find(({ outcome }) => !outcome.done)?.outcome;
  const pendingOnly = firstOpen?.hosts.every((h) => h.status === 'done' || h.status === 'todo' || h.status === 'waiting');
  if (args.dryRun) {
    out('dry run: nothing was changed');
    return pendingOnly ? 3 : 1;
  }
  if (notApproved) {
    out(io.ask ? 'not confirmed: nothing more was changed' : 'nothing was changed: no terminal to ask; pass --yes to apply');
    return 3;
  }
  out(`setup stopped at "${SETUP_STEPS.find((s) => s.id === result.stoppedAt)?.title ?? '?'}": fix what is shown above and run the same command again; it resumes from the hosts' real state`);
  return 1;
}

export async function setupMain(argv: string[]): Promise<number> {
  const args = parseSetupArgs(argv);
  if (typeof args === 'string') return argsExit('setup', SETUP_USAGE, args);
  const checks = [
    hasHosts,
    usableFiles(args.inventory),
    namedHosts(args.intent.wipeHosts, (unknown) => `--wipe ${unknown.join(', ')}: not in the inventory`),
  ];
  return withCommandContext(
    'setup',
    { inventoryFile: args.inventory, checks, configDir: args.configDir, read: (settings) => args.commandTimeoutMs ?? settings.getSetting('commandTimeoutMs') },
    (ctx) => runSetupCommand({ ...args, commandTimeoutMs: ctx.values }, ctx.inventory, ctx.executor, ctx.audit, { out: ctx.out, err: ctx.err, ...(ctx.ask ? { ask: ctx.ask } : {}), signal: ctx.signal }),
  );
}

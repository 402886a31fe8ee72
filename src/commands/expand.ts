// `gluster-console expand`: grow a volume onto new hosts without the console.
// The same grow as the console's screen (src/grow/run.ts): the setup steps for
// the new hosts, the add-brick the validator accepts, a rebalance followed to
// completion, the new hosts' mounts. Plain lines; exit codes like setup's.
import type { AuditLog } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import { validateHostName } from '../config/validate.js';
import { validateVolumeName } from '../gluster/commands.js';
import { growLines } from '../grow/lines.js';
import { runGrow, type GrowResult } from '../grow/run.js';
import type { Executor } from '../ssh/types.js';
import { checkIntentField, DEFAULT_INTENT } from '../steps/intent.js';
import type { Destruction } from '../steps/types.js';
import { argsExit, namedHosts, parseCommandTimeout, parseRunWords, runFlags, TIMEOUT_OPTION, usableFiles, withCommandContext } from './context.js';
import { describeTimeout, TIMEOUT_HINT, type SetupIo } from './setup.js';

export const EXPAND_USAGE = `Usage: gluster-console expand --inventory FILE --volume NAME --hosts H1,H2,... [options]
  Grows a volume onto new hosts: host entries on every node (old and new),
  install, bricks and probe (from a member) for the new hosts only; then the
  add-brick the layout validator accepts (whole sets, spread over hosts and
  zones), a rebalance followed until gluster says completed, and the volume
  mounted on the new hosts. Safe to run again: a grown volume plans nothing.

  --inventory FILE      the hosts, old and new (each new one with zone and device)
  --volume NAME         the volume to grow
  --hosts H1,H2,...     the inventory names of the new hosts (whole sets: a
                        multiple of the replica or disperse count)
  --mount PATH          where the new hosts mount the volume (default ${DEFAULT_INTENT.mountPath})
  --wipe HOST           HOST's brick device may be wiped although it holds a filesystem; repeatable
  --command-timeout S   how long one command may run on a host, in seconds
  --dry-run             show every plan and the proposed add-brick; run nothing
  --yes                 apply without asking (otherwise asks on the terminal, or stops)
  --config-dir DIR      where the audit log is kept (default: the console's config directory)
  Exit status: 0 grown, rebalanced and verified; 1 a phase failed, gluster refused, or the
  rebalance failed; 2 bad arguments; 3 plans left to apply (dry run, or not confirmed).`;

export interface ExpandArgs {
  inventory: string;
  volume: string;
  hosts: string[];
  mountPath: string;
  wipe: string[];
  dryRun: boolean;
  yes: boolean;
  configDir?: string;
  commandTimeoutMs?: number;
}

const EXPAND_OPTIONS = {
  ...TIMEOUT_OPTION,
  volume: { type: 'string' },
  hosts: { type: 'string' },
  mount: { type: 'string' },
  wipe: { type: 'string', multiple: true },
} as const;

export function parseExpandArgs(argv: string[]): ExpandArgs | 'help' | string {
  const values = parseRunWords(argv, EXPAND_OPTIONS);
  if (typeof values === 'string') return values;
  if (values.volume === undefined) return '--volume NAME is required';
  const volumeProblem = validateVolumeName(values.volume);
  if (volumeProblem) return `--volume: ${volumeProblem}`;
  if (!values.hosts) return '--hosts H1,H2,... is required (the new hosts)';
  const hosts = values.hosts.split(',').map((h) => h.trim()).filter(Boolean);
  for (const h of [...hosts, ...(values.wipe ?? [])]) {
    const problem = validateHostName(h);
    if (problem) return `${hosts.includes(h) ? '--hosts' : '--wipe'}: ${problem}`;
  }
  const mountPath = values.mount ?? DEFAULT_INTENT.mountPath;
  const mountProblem = checkIntentField('mountPath', mountPath);
  if (mountProblem) return `--mount: ${mountProblem}`;
  const commandTimeoutMs = parseCommandTimeout(values['command-timeout']);
  if (typeof commandTimeoutMs === 'string') return commandTimeoutMs;
  return {
    inventory: values.inventory,
    volume: values.volume,
    hosts,
    mountPath,
    wipe: values.wipe ?? [],
    ...runFlags(values),
    ...(commandTimeoutMs !== undefined ? { commandTimeoutMs } : {}),
  };
}

/** The grow with an executor already made (tests give a fake one). */
export async function runExpandCommand(args: ExpandArgs, inventory: Inventory, executor: Executor, audit: AuditLog, io: SetupIo): Promise<number> {
  const { out } = io;
  let notApproved = false;
  const ask = async (question: string): Promise<boolean> => {
    if (args.yes) return true;
    const answer = io.ask ? await io.ask(question) : null;
    const ok = answer !== null && /^y(es)?$/i.test(answer.trim());
    if (!ok) notApproved = true;
    return ok;
  };
  const timeoutMs = args.commandTimeoutMs ?? DEFAULT_SETTINGS.commandTimeoutMs;
  if (!args.dryRun) out(`note: ${describeTimeout(timeoutMs)}`);
  const result: GrowResult = await runGrow(
    { executor, audit, commandTimeout: { ms: timeoutMs, hint: TIMEOUT_HINT }, ...(io.signal ? { signal: io.signal } : {}) },
    { inventory, volume: args.volume, hosts: args.hosts, mountPath: args.mountPath, dryRun: args.dryRun },
    {
      dryRun: args.dryRun,
      ...growLines(out, { dryRun: args.dryRun }),
      async approve(plan) {
        return ask(`Apply these ${plan.hosts.reduce((n, h) => n + h.items.length, 0)} command(s)? [y/N] `);
      },
      async approveItems(title, items) {
        for (const item of items) out(`  ${item.host}: # ${item.why}\n  ${item.host}: $ ${item.command.text}`);
        return ask(`Run ${title.toLowerCase()} (${items.length} command${items.length === 1 ? '' : 's'})? [y/N] `);
      },
      async confirmDestroy(host: string, d: Destruction) {
        for (const line of d.lines) out(`  ${host}: ! ${line}`);
        if (args.wipe.includes(host)) return true;
        if (args.yes || !io.ask) {
          out(`  ${host}: not confirmed: pass --wipe ${host} to let expand wipe ${d.device}`);
          return false;
        }
        const answer = await io.ask(`Type ${host} to confirm that the data on ${d.device} is destroyed: `);
        return answer !== null && answer.trim() === host;
      },
    },
  );
  out(`audit log: ${audit.path}`);
  switch (result.state) {
    case 'done':
      out(`expand complete: ${args.volume} is ${result.volume.brickCount} bricks in ${Math.max(result.volume.distCount, 1)} sets${result.added.length > 0 ? ` (added ${result.added.join(' ')})` : ' (nothing was added: the hosts already hold its bricks)'}; ${result.rebalance ? 'rebalance completed with 0 failures' : 'no rebalance needed'}; mounted at ${args.mountPath} on ${args.hosts.join(', ')}`);
      return 0;
    case 'dry-run':
      out('dry run: nothing was changed');
      return result.pending ? 3 : 0;
    case 'declined':
      out(io.ask || args.yes ? 'not confirmed: nothing more was changed' : 'nothing was changed: no terminal to ask; pass --yes to apply');
      return 3;
    case 'failed':
      if (notApproved) {
        out('not confirmed: nothing more was changed');
        return 3;
      }
      out(`expand stopped at "${result.phase}": ${result.reason}`);
      out('fix what is shown above and run the same command again; it resumes from the hosts\' real state');
      return 1;
  }
}

export async function expandMain(argv: string[]): Promise<number> {
  const args = parseExpandArgs(argv);
  if (typeof args === 'string') return argsExit('expand', EXPAND_USAGE, args);
  const checks = [
    namedHosts(args.hosts, (unknown) => `--hosts ${unknown.join(', ')}: not in the inventory (add the new hosts with their zone and device first)`),
    usableFiles(args.inventory),
  ];
  return withCommandContext(
    'expand',
    { inventoryFile: args.inventory, checks, configDir: args.configDir, read: (settings) => args.commandTimeoutMs ?? settings.getSetting('commandTimeoutMs') },
    (ctx) => runExpandCommand({ ...args, commandTimeoutMs: ctx.values }, ctx.inventory, ctx.executor, ctx.audit, { out: ctx.out, err: ctx.err, ...(ctx.ask ? { ask: ctx.ask } : {}), signal: ctx.signal }),
  );
}

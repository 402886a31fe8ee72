// `gluster-console shrink`: hosts leave the cluster without the console. The
// same plan, checks and runner as the console's "Shrink the cluster"; progress
// as plain lines. Exit 0 only when the result was checked again.
import { MAX_HOSTS } from '../config/inventory.js';
import type { SettingsStore } from '../config/settings.js';
import { printable, validateHostName } from '../config/validate.js';
import { validateVolumeName } from '../gluster/commands.js';
import { zoneMinimum } from '../shrink/plan.js';
import { runShrink, type ShrinkEnv, type ShrinkHooks, type ShrinkRequest, type ShrinkResult } from '../shrink/run.js';
import { argsExit, namedHosts, parseRunWords, runFlags, usableFiles, withCommandContext } from './context.js';

export const SHRINK_USAGE = `Usage: gluster-console shrink --inventory FILE --volume NAME --hosts H1,H2,... [options]
  Hosts leave the cluster: their bricks are removed from the volume in whole
  replica or disperse sets after their files have moved to the sets that stay
  (remove-brick start, progress until every node says completed with 0
  failures, then commit), their client mounts of the volume are removed and
  the hosts that hold no brick are detached from the pool. Refused, with the
  reason, when it would break the layout (not whole sets), leave a zone below
  its minimum, or leave fewer hosts than a set has bricks. Safe to run again:
  it resumes where the cluster is, and a finished shrink plans nothing.

  --inventory FILE      the hosts (YAML or JSON; see README "The inventory file")
  --volume NAME         the volume to shrink
  --hosts H1,H2,...     the leaving hosts, as the inventory names them
  --min-per-zone N      the fewest hosts of the volume a zone may keep (default: the
                        setting zoneMinimums, 1 per zone)
  --dry-run             show the plan; run nothing but the read-only checks
  --yes                 apply without asking, the commit included (otherwise asks on
                        the terminal, the commit by typing the volume's name)
  --config-dir DIR      where the settings and the audit log are kept
  Exit status: 0 done and checked again (or nothing to do); 1 refused or failed;
  2 bad arguments; 3 plans left to apply (dry run, or not confirmed).`;

export interface ShrinkArgs {
  inventory: string;
  volume: string;
  hosts: string[];
  minPerZone?: number;
  dryRun: boolean;
  yes: boolean;
  configDir?: string;
}

const SHRINK_OPTIONS = {
  volume: { type: 'string' },
  hosts: { type: 'string' },
  'min-per-zone': { type: 'string' },
} as const;

/** Parses and checks the arguments; a string is the error for the operator. */
export function parseShrinkArgs(argv: string[]): ShrinkArgs | 'help' | string {
  const values = parseRunWords(argv, SHRINK_OPTIONS);
  if (typeof values === 'string') return values;
  if (values.volume === undefined) return '--volume NAME is required';
  const badVolume = validateVolumeName(values.volume);
  if (badVolume) return `--volume: ${badVolume}`;
  if (!values.hosts) return '--hosts H1,H2,... is required';
  const hosts = [...new Set(values.hosts.split(',').map((h) => h.trim()).filter(Boolean))];
  if (hosts.length === 0) return '--hosts: name at least one host';
  for (const host of hosts) {
    const problem = validateHostName(host);
    if (problem) return `--hosts: ${problem}`;
  }
  let minPerZone: number | undefined;
  if (values['min-per-zone'] !== undefined) {
    const text = values['min-per-zone'];
    if (!/^[0-9]{1,3}$/.test(text) || Number(text) > MAX_HOSTS) return `--min-per-zone: a whole number of hosts from 0 to ${MAX_HOSTS}, not "${printable(text)}"`;
    minPerZone = Number(text);
  }
  return {
    inventory: values.inventory,
    volume: values.volume,
    hosts,
    ...(minPerZone !== undefined ? { minPerZone } : {}),
    ...runFlags(values),
  };
}

export interface ShrinkIo {
  out(line: string): void;
  /** A line typed by the operator, or null when there is no terminal to ask. */
  ask?(question: string): Promise<string | null>;
}

/** The exit status of a result, with its last words printed. */
export function reportShrink(result: ShrinkResult, io: ShrinkIo): number {
  switch (result.kind) {
    case 'refused':
      io.out('refused: nothing was changed:');
      for (const reason of result.reasons) io.out(`  ${reason}`);
      return 1;
    case 'failed':
      io.out(`shrink stopped: ${result.message}`);
      return 1;
    case 'dry-run':
    case 'declined':
      io.out(result.message);
      return 3;
    case 'nothing':
    case 'done':
      io.out(result.message);
      return 0;
  }
}

/** The shrink with its environment already made (tests give a fake executor). */
export async function runShrinkCommand(args: ShrinkArgs, env: ShrinkEnv, minimums: Record<string, number>, io: ShrinkIo): Promise<number> {
  let noTerminal = false;
  const hooks: ShrinkHooks = {
    line: (...lines) => {
      for (const line of lines) io.out(line);
    },
    async approve(question) {
      if (args.yes) return true;
      if (!io.ask) {
        noTerminal = true;
        return false;
      }
      const answer = await io.ask(`${question} [y/N] `);
      return answer !== null && /^y(es)?$/i.test(answer.trim());
    },
    async confirmCommit(volume, bricks) {
      if (args.yes) {
        io.out(`commit confirmed by --yes: ${bricks.length} brick(s) leave ${volume}`);
        return true;
      }
      if (!io.ask) {
        noTerminal = true;
        return false;
      }
      io.out(`! remove-brick commit drops ${bricks.length} brick(s) from ${volume}: whatever is still on them is no longer part of the volume`);
      const answer = await io.ask(`Type ${volume} to commit: `);
      return answer !== null && answer.trim() === volume;
    },
  };
  const request: ShrinkRequest = { volume: args.volume, hosts: args.hosts, minPerZone: zoneMinimum(minimums, args.minPerZone), dryRun: args.dryRun };
  const result = await runShrink(env, request, hooks);
  if (result.kind === 'declined' && noTerminal) {
    io.out('nothing more was changed: no terminal to ask; pass --yes to apply');
    return 3;
  }
  return reportShrink(result, io);
}

export async function shrinkMain(argv: string[]): Promise<number> {
  const args = parseShrinkArgs(argv);
  if (typeof args === 'string') return argsExit('shrink', SHRINK_USAGE, args);
  const checks = [usableFiles(args.inventory), namedHosts(args.hosts, (unknown) => `--hosts ${unknown.join(', ')}: not in the inventory`, { ignoreCase: true })];
  const read = (settings: SettingsStore) => ({ minimums: settings.getSetting('zoneMinimums'), commandTimeoutMs: settings.getSetting('commandTimeoutMs') });
  return withCommandContext('shrink', { inventoryFile: args.inventory, checks, configDir: args.configDir, read }, (ctx) => {
    const env: ShrinkEnv = {
      executor: ctx.executor,
      inventory: ctx.inventory,
      audit: ctx.audit,
      signal: ctx.signal,
      commandTimeout: { ms: ctx.values.commandTimeoutMs, hint: 'raise it with the setting commandTimeoutMs' },
    };
    return runShrinkCommand(args, env, ctx.values.minimums, { out: ctx.out, ...(ctx.ask ? { ask: ctx.ask } : {}) });
  });
}

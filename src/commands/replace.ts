// `gluster-console replace`: the on-call case of a node that never comes back.
// The new host is prepared by the setup's own steps (for the hosts that answer:
// the old one is left out), then the dead host's bricks move to it
// (replace-brick commit force), a full heal rebuilds them with the pending count
// shown until it is 0, and the dead peer is detached. Every change goes through
// the one runner, audited as "replace"; every stage is checked on the cluster
// before the next one, and "done" is said only when heal info shows 0 pending.
// The stages themselves are src/replace/run.ts, shared with the console's
// replace screen; this file is the arguments, the typed question and the exit.
import type { AuditLog } from '../config/audit.js';
import type { Inventory } from '../config/inventory.js';
import { printable, validateHostName } from '../config/validate.js';
import { validateVolumeName } from '../gluster/commands.js';
import { runReplace, type ReplaceResult } from '../replace/run.js';
import type { Executor } from '../ssh/types.js';
import { DEFAULT_INTENT } from '../steps/intent.js';
import { argsExit, namedHosts, parseRunWords, runFlags, usableFiles, withCommandContext } from './context.js';

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

const EXIT: Record<ReplaceResult['kind'], number> = { done: 0, nothing: 0, refused: 1, failed: 1, 'dry-run': 3, declined: 3 };

export async function runReplaceCommand(args: ReplaceArgs, inventory: Inventory, executor: Executor, audit: AuditLog, io: ReplaceIo): Promise<number> {
  const result = await runReplace(
    { executor, audit, auditPath: audit.path, ...(io.signal ? { signal: io.signal } : {}), ...(io.sleep ? { sleep: io.sleep } : {}), ...(io.now ? { now: io.now } : {}) },
    {
      inventory,
      oldHost: args.oldHost,
      newHost: args.newHost,
      ...(args.volume !== undefined ? { volume: args.volume } : {}),
      mountPath: args.mountPath,
      healTimeoutMs: args.healTimeoutMs,
      dryRun: args.dryRun,
    },
    {
      line: io.out,
      async confirm(oldHost, newHost) {
        if (args.yes) return true;
        const answer = io.ask ? await io.ask(`Type ${oldHost} to confirm that ${oldHost} is gone for good and its bricks move to ${newHost}: `) : null;
        if (answer === null || answer.trim() !== oldHost) {
          io.out(io.ask ? 'not confirmed: nothing was changed' : 'nothing was changed: no terminal to ask; pass --yes to run');
          return false;
        }
        return true;
      },
    },
  );
  return EXIT[result.kind];
}

export { waitForHeal } from '../replace/run.js';

export async function replaceMain(argv: string[]): Promise<number> {
  const args = parseReplaceArgs(argv);
  if (typeof args === 'string') return argsExit('replace', REPLACE_USAGE, args);
  const checks = [namedHosts([args.oldHost, args.newHost], (unknown) => `${unknown.join(', ')}: not in the inventory ${printable(args.inventory)}`), usableFiles(args.inventory)];
  return withCommandContext('replace', { inventoryFile: args.inventory, checks, configDir: args.configDir, notice: false }, (ctx) =>
    runReplaceCommand(args, ctx.inventory, ctx.executor, ctx.audit, { out: ctx.out, ...(ctx.ask ? { ask: ctx.ask } : {}), signal: ctx.signal }),
  );
}

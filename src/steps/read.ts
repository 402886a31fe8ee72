// Read-only questions to every host at once, for the steps' checks: each host
// answers or has a problem in the operator's terms; one host's trouble never
// stops the others.
import type { Command } from '../shell/command.js';
import { describeError } from '../ssh/describe.js';
import type { ExecResult } from '../ssh/types.js';
import type { StepContext } from './types.js';

export interface ReadAnswers {
  results: Record<string, ExecResult>;
  errors: Record<string, string>;
}

const CHECK_TIMEOUT_MS = 30_000;

export { describeError } from '../ssh/describe.js';

/**
 * A check made of sections (sections.ts) answers when its sections came back,
 * whatever the exit status of the last one; anything else must exit 0.
 */
function answered(result: ExecResult): boolean {
  return result.code === 0 || result.stdout.startsWith('\n@@');
}

/**
 * Runs `command(host)` on each host; a result that is not an answer (see
 * `accept`) is a problem for that host.
 */
export async function readHosts(
  ctx: Pick<StepContext, 'executor' | 'signal'>,
  hosts: readonly string[],
  command: (host: string) => Command,
  accept: (result: ExecResult) => boolean = answered,
): Promise<ReadAnswers> {
  const answers: ReadAnswers = { results: {}, errors: {} };
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const result = await ctx.executor.exec(host, command(host), { timeoutMs: CHECK_TIMEOUT_MS, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        if (!accept(result)) {
          const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' / ');
          answers.errors[host] = `the check exited ${result.code ?? `by signal ${result.signal ?? '?'}`}${tail ? `: ${tail}` : ''}`;
        } else {
          answers.results[host] = result;
        }
      } catch (err) {
        if (ctx.signal?.aborted) throw err;
        answers.errors[host] = describeError(err, host);
      }
    }),
  );
  return answers;
}

export function hostNames(ctx: Pick<StepContext, 'inventory'>): string[] {
  return ctx.inventory.hosts.map((h) => h.name);
}

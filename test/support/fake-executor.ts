// A scripted Executor for unit and component tests of steps and screens:
// every expected (host, command text) has an answer, and any command nobody
// expected fails the test loudly instead of returning something plausible.
import type { Command } from '../../src/shell/command.js';
import { SshError, type ExecAllEntry, type ExecOptions, type ExecResult, type Executor } from '../../src/ssh/types.js';

export interface ScriptedAnswer {
  code?: number;
  stdout?: string;
  stderr?: string;
  /** Reject with this SSH error instead of answering (unreachable host, timeout...). */
  error?: SshError;
  /** Answer only this many times (default: any number of times). */
  times?: number;
  /** Never answer: a command that runs until the caller's signal cancels it (then the SSH layer's 'cancelled'). */
  runsUntilCancelled?: boolean;
}

interface Rule {
  host: string | '*';
  match: string | RegExp;
  answer: ScriptedAnswer | ((host: string, command: string) => ScriptedAnswer);
  used: number;
}

const live = new Set<FakeExecutor>();

/**
 * What every fake made since the last call saw that the test did not script: a
 * command nobody expected, or an answer scripted with `times` and not used up
 * (a command the test expected that never ran). Resets the set of fakes.
 */
export function fakeExecutorProblems(): string[] {
  const problems = [...live].flatMap((fake) => [...fake.unexpected, ...fake.unusedAnswers()]);
  live.clear();
  return problems;
}

export class FakeExecutor implements Executor {
  private readonly rules: Rule[] = [];
  readonly calls: Array<{ host: string; command: string }> = [];
  /** Commands nobody scripted, whether or not the code under test swallowed the error. */
  readonly unexpected: string[] = [];
  closed = false;

  constructor() {
    live.add(this);
  }

  /** Answers `command` (exact text or a pattern) on `host` ('*' for any host). Later rules win. */
  on(host: string | '*', match: string | RegExp, answer: ScriptedAnswer | ((host: string, command: string) => ScriptedAnswer)): this {
    this.rules.unshift({ host, match, answer, used: 0 });
    return this;
  }

  async exec(host: string, command: Command, options: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ host, command: command.text });
    const rule = this.rules.find(
      (r) =>
        (r.host === '*' || r.host === host) &&
        (typeof r.match === 'string' ? r.match === command.text : r.match.test(command.text)) &&
        (typeof r.answer === 'function' || r.answer.times === undefined || r.used < r.answer.times),
    );
    if (!rule) {
      // Recorded as well as thrown: code under test may catch the throw (a check's error handling), and
      // the shared afterEach (test/setup-unit.ts) still fails the test.
      const problem = `FakeExecutor: unexpected command on ${host}: ${command.text}`;
      this.unexpected.push(problem);
      throw new Error(problem);
    }
    rule.used++;
    const answer = typeof rule.answer === 'function' ? rule.answer(host, command.text) : rule.answer;
    if (answer.error) throw answer.error;
    if (answer.runsUntilCancelled) {
      const signal = options.signal;
      if (!signal) throw new Error(`FakeExecutor: ${command.text} on ${host} runs until cancelled, but the caller passed no signal`);
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      throw new SshError('cancelled', host, `${host}: \`${command.text.split('\n')[0]}\` was cancelled`);
    }
    if (answer.stdout) options.onStdout?.(answer.stdout);
    if (answer.stderr) options.onStderr?.(answer.stderr);
    return { host, command: command.text, code: answer.code ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', durationMs: 1 };
  }

  async execAll(hosts: string[], command: Command | ((host: string) => Command), options?: ExecOptions): Promise<ExecAllEntry[]> {
    return Promise.all(
      hosts.map(async (host): Promise<ExecAllEntry> => {
        try {
          return { host, result: await this.exec(host, typeof command === 'function' ? command(host) : command, options) };
        } catch (err) {
          if (err instanceof SshError) return { host, error: err };
          throw err;
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Answers scripted with `times` that were not used that many times. */
  unusedAnswers(): string[] {
    return this.rules
      .filter((r) => typeof r.answer !== 'function' && r.answer.times !== undefined && r.used < r.answer.times)
      .map((r) => `FakeExecutor: expected ${String(r.match)} on ${r.host} ${(r.answer as ScriptedAnswer).times} time(s), ran ${r.used}`);
  }

  /** The commands run on one host, in order. */
  commandsOn(host: string): string[] {
    return this.calls.filter((c) => c.host === host).map((c) => c.command);
  }
}

// Running commands on one host over its shared connection: a bounded number of
// channels at once, output always consumed, the result taken at channel close
// (after all output, unlike 'exit'), our own deadline, and a real kill of the
// remote command on timeout or cancel (see remote.ts for why and how).
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import type { Command } from '../shell/command.js';
import type { SshLink } from './link.js';
import { asRoot, groupAliveCommand, killCommand, PgidFilter, sudoProblem, wrapCommand } from './remote.js';
import { Semaphore } from './semaphore.js';
import { SshError, type ExecOptions, type ExecResult } from './types.js';

export interface HostConnectionOptions {
  maxChannels: number;
  /** How long to wait for a signalled command to go before escalating (TERM, then KILL, then give up). */
  killGraceMs: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine;
}

class NotSent extends Error {}

/**
 * Opens an exec channel and hands it to `use` inside ssh2's callback: a fast
 * command's output and exit status can arrive in the same read as the open
 * confirmation, and an 'exit' emitted before a listener exists is lost.
 */
function openExec<T>(client: Client, text: string, use: (channel: ClientChannel) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(text, (err, channel) => (err ? reject(err) : resolve(use(channel))));
    } catch (err) {
      // "Not connected": the socket went away just now and nothing was sent.
      reject(new NotSent((err as Error).message));
    }
  });
}

function waitFor(done: () => boolean, subscribe: (wake: () => void) => void, ms: number): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(done()), ms);
    subscribe(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

type StopOutcome = string;

export class HostConnection {
  private readonly slots: Semaphore;
  // Kill channels bypass `slots` (a full host must still be able to stop a
  // command) but are bounded on their own: 8 + 1 stays under MaxSessions 10.
  private readonly killSlots = new Semaphore(1);
  private closing = false;

  constructor(
    /** The inventory name. */
    readonly name: string,
    readonly link: SshLink,
    private readonly options: HostConnectionOptions,
  ) {
    this.slots = new Semaphore(options.maxChannels);
  }

  private get user(): string {
    return this.link.endpoint.user;
  }

  private cancelled(command: Command, when: string): SshError {
    return new SshError('cancelled', this.name, `${this.name}: \`${shortText(command.text)}\` was cancelled ${when}; it did not run.`);
  }

  async exec(command: Command, options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw new SshError('config', this.name, `${this.name}: timeoutMs must be positive, not ${timeoutMs}`);
    const { signal } = options;
    if (signal?.aborted) throw this.cancelled(command, 'before it started');

    // Connect before queueing for a channel: everyone waiting on this host then
    // shares one connect and, if it fails, one error (and one host key question).
    let client = await this.abortable(this.link.get(), signal, command);
    let release = await this.slots.acquire(signal).catch(() => {
      throw this.cancelled(command, 'while waiting for a free channel');
    });
    const nonce = randomBytes(6).toString('hex');
    const wrapped = wrapCommand(command, this.user, nonce);
    let reconnected = false;
    for (;;) {
      // While this waited for a slot the connection may have died (and been remade by another command).
      if (!this.link.isAlive(client)) {
        try {
          client = await this.abortable(this.link.get(), signal, command);
        } catch (err) {
          release();
          throw err;
        }
      }
      let running: { result: Promise<ExecResult> };
      try {
        running = await openExec(client, wrapped, (channel) => ({
          result: this.run(client, channel, command, nonce, options, timeoutMs, release),
        }));
      } catch (err) {
        // The channel never opened, so the command did not run.
        release();
        const message = (err as Error).message;
        if (err instanceof NotSent && !reconnected && !this.closing) {
          // The connection died before the request went out: retrying once on a new one is safe.
          reconnected = true;
        } else if (/Unable to exec/i.test(message)) {
          throw new SshError('config', this.name, `${this.name}: sshd refused to run the command (exec request denied: a ForceCommand, a restricted shell, or a locked account?).`, { cause: err });
        } else if (/Channel open failure/i.test(message) && this.slots.inUse > 0) {
          // sshd allows fewer sessions than we assumed (MaxSessions): adapt and queue.
          this.slots.lower(this.slots.inUse);
        } else if (/Channel open failure/i.test(message)) {
          throw new SshError('config', this.name, `${this.name}: sshd refused to open a session channel (${message}). Check MaxSessions in the host's sshd_config.`, { cause: err });
        } else {
          throw new SshError('connection-lost', this.name, `${this.name}: the connection was lost while starting \`${shortText(command.text)}\` (${message}); it may or may not have started on the host: check before running it again.`, { cause: err });
        }
        release = await this.slots.acquire(signal).catch(() => {
          throw this.cancelled(command, 'while waiting for a free channel');
        });
        continue;
      }
      // run() settles with the command's outcome and releases the slot when the channel closes.
      return running.result;
    }
  }

  private async abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, command: Command): Promise<T> {
    if (!signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.cancelled(command, 'while connecting'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private run(client: Client, channel: ClientChannel, command: Command, nonce: string, options: ExecOptions, timeoutMs: number, release: () => void): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      const started = Date.now();
      const outDecoder = new StringDecoder('utf8');
      const errDecoder = new StringDecoder('utf8');
      const filter = new PgidFilter(nonce);
      let stdout = '';
      let stderr = '';
      let exit: { code: number | null; signal?: string } | undefined;
      let closed = false;
      let lost = false;
      let settled = false;
      const wakeOnClose: Array<() => void> = [];
      const wakeOnPgid: Array<() => void> = [];

      const onLost = () => {
        lost = true;
      };
      client.once('close', onLost);

      const deliver = (fn: ((chunk: string) => void) | undefined, text: string) => {
        if (!fn || text.length === 0) return;
        try {
          fn(text);
        } catch (err) {
          stop('cancelled', err);
        }
      };
      const onOut = (text: string) => {
        stdout += text;
        deliver(options.onStdout, text);
      };
      const onErr = (text: string) => {
        const had = filter.pgid;
        const passed = filter.push(text);
        if (had === undefined && filter.pgid !== undefined) wakeOnPgid.splice(0).forEach((w) => w());
        stderr += passed;
        deliver(options.onStderr, passed);
      };

      channel.on('data', (data: Buffer) => onOut(outDecoder.write(data)));
      channel.stderr.on('data', (data: Buffer) => onErr(errDecoder.write(data)));
      channel.on('exit', (code: number | null, signalName?: string) => {
        exit = code === null || code === undefined ? { code: null, ...(signalName ? { signal: signalName } : {}) } : { code };
      });
      channel.on('close', () => {
        closed = true;
        onOut(outDecoder.end());
        const tail = errDecoder.end();
        const rest = filter.push(tail) + filter.flush();
        stderr += rest;
        deliver(options.onStderr, rest);
        client.removeListener('close', onLost);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        release();
        wakeOnClose.splice(0).forEach((w) => w());
        if (settled) return;
        settled = true;
        const text = shortText(command.text);
        if (!exit && (lost || !this.link.isAlive(client))) {
          if (this.closing) {
            reject(new SshError('cancelled', this.name, `${this.name}: the SSH connections were closed while \`${text}\` was running; it may still be running on the host.`));
          } else {
            reject(
              new SshError(
                'connection-lost',
                this.name,
                `${this.name}: the connection was lost while \`${text}\` was running. It may or may not have finished on the host: check its state before running it again.`,
              ),
            );
          }
          return;
        }
        const code = exit?.code ?? null;
        const problem = sudoProblem(this.name, this.user, code, stderr);
        if (problem) return reject(new SshError(problem.kind, this.name, problem.message));
        resolve({
          host: this.name,
          command: command.text,
          code,
          ...(exit?.signal ? { signal: exit.signal } : {}),
          stdout,
          stderr,
          durationMs: Date.now() - started,
        });
      });

      const stop = (kind: 'timeout' | 'cancelled', cause?: unknown) => {
        if (settled || closed) return;
        settled = true;
        clearTimeout(timer);
        this.stopRemote(client, channel, filter, () => closed, wakeOnClose, wakeOnPgid)
          .catch((err: unknown) => `stopping it failed (${(err as Error)?.message ?? String(err)}); it may still be running on the host`)
          .then((outcome) => {
            const text = shortText(command.text);
            const what = kind === 'timeout'
              ? `\`${text}\` did not finish within ${timeoutMs / 1000}s; ${outcome}. If it needs longer, raise its timeout.`
              : cause
                ? `\`${text}\` was stopped because its output handler failed (${(cause as Error)?.message ?? String(cause)}); ${outcome}.`
                : `\`${text}\` was cancelled; ${outcome}.`;
            reject(new SshError(kind, this.name, `${this.name}: ${what}`, cause ? { cause } : undefined));
          });
      };
      const timer = setTimeout(() => stop('timeout'), timeoutMs);
      const onAbort = () => stop('cancelled');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();

      // Always close stdin: a command that reads it would otherwise wait forever.
      if (options.stdin !== undefined) channel.write(options.stdin);
      channel.end();
    });
  }

  /** TERM to the command's process group, then KILL, then drop the channel. Says what happened. */
  private async stopRemote(
    client: Client,
    channel: ClientChannel,
    filter: PgidFilter,
    isClosed: () => boolean,
    wakeOnClose: Array<() => void>,
    wakeOnPgid: Array<() => void>,
  ): Promise<StopOutcome> {
    const grace = this.options.killGraceMs;
    const closedWithin = (ms: number) => waitFor(isClosed, (w) => wakeOnClose.push(w), ms);
    await waitFor(() => filter.pgid !== undefined || isClosed(), (w) => wakeOnPgid.push(w), grace);
    if (isClosed()) return 'it ended on its own just then';
    const pgid = filter.pgid;
    if (pgid === undefined) {
      channel.close();
      return 'it never reported its process id, so it could not be killed and may still be running on the host';
    }
    for (const sig of ['TERM', 'KILL'] as const) {
      const problem = await this.sendKill(client, pgid, sig, grace);
      // Stopped means the whole group is gone, not only the wrapper shell whose end closes the channel.
      if ((await closedWithin(grace)) && (await this.goneWithin(client, pgid, grace))) {
        return sig === 'TERM' ? 'it was stopped (SIGTERM to its process group)' : 'it ignored SIGTERM and was killed (SIGKILL)';
      }
      if (problem) {
        channel.close();
        const why = this.link.isAlive(client) ? `could not send SIG${sig} (${problem})` : `the connection was lost while stopping it (${problem})`;
        return `${why}; it may still be running on the host (process group ${pgid})`;
      }
    }
    channel.close();
    return `it did not end even after SIGKILL to process group ${pgid}: check the host (ps -s ${pgid})`;
  }

  /** Whether nothing of process group `pgid` runs any more, asked every 200 ms until `ms` has passed; false when it cannot be told. */
  private async goneWithin(client: Client, pgid: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      const alive = await this.groupAlive(client, pgid, Math.max(500, deadline - Date.now()));
      if (alive === false) return true;
      if (alive === undefined || Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Runs groupAliveCommand on a second channel: true or false, undefined when it did not answer. */
  private async groupAlive(client: Client, pgid: number, ms: number): Promise<boolean | undefined> {
    const release = await this.killSlots.acquire();
    try {
      const probe = await openExec(client, asRoot(groupAliveCommand(pgid), this.user), (channel) => ({
        code: new Promise<number | null | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), ms);
          let code: number | null = null;
          channel.on('exit', (c: number | null) => {
            code = c;
          });
          channel.on('close', () => {
            clearTimeout(timer);
            resolve(code);
          });
          channel.resume();
          channel.stderr.resume();
          channel.end();
        }),
      }));
      const code = await probe.code;
      return code === 0 ? true : code === 1 ? false : undefined;
    } catch {
      return undefined;
    } finally {
      release();
    }
  }

  /** Runs the kill on a second channel; returns a problem description or undefined. */
  private async sendKill(client: Client, pgid: number, sig: 'TERM' | 'KILL', ms: number): Promise<string | undefined> {
    const release = await this.killSlots.acquire();
    try {
      const closed = await openExec(client, asRoot(killCommand(pgid, sig), this.user), (channel) => ({
        done: new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          channel.on('close', () => {
            clearTimeout(timer);
            resolve(true);
          });
          channel.resume();
          channel.stderr.resume();
          channel.end();
        }),
      }));
      const done = await closed.done;
      return done ? undefined : 'the kill command did not return';
    } catch (err) {
      return (err as Error).message;
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.link.close();
  }
}

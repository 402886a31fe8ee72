// An in-process ssh2 Server on 127.0.0.1 that understands the pool's wrapper:
// it answers the pgid announce, unwraps `sh -c` / `sudo -n sh -c`, hands the
// command text to the test's script, and applies kill commands to the exec
// whose (fake) process group they name.
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey, ServerChannel } from 'ssh2';

const { Server, utils } = ssh2;

export function tempDir(prefix = 'gc-ssh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface KeyPair {
  privatePem: string;
  parsed: ParsedKey;
  /** Wire-format public key, as known_hosts and hostVerifier see it. */
  blob: Buffer;
}

/**
 * ssh2 1.17's generateKeyPairSync('ed25519') drops a leading zero byte of the
 * public key (about 1 key in 256), giving a key its own parseKey rejects; such
 * pairs are thrown away and made again.
 */
export function makeKey(options: { passphrase?: string } = {}): KeyPair {
  for (;;) {
    const pair = options.passphrase
      ? utils.generateKeyPairSync('ed25519', { passphrase: options.passphrase, cipher: 'aes256-ctr', rounds: 1 })
      : utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(pair.public);
    const priv = utils.parseKey(pair.private, options.passphrase);
    if (parsed instanceof Error || priv instanceof Error || Array.isArray(priv)) continue;
    if (!priv.getPublicSSH().equals(parsed.getPublicSSH())) continue;
    return { privatePem: pair.private, parsed, blob: parsed.getPublicSSH() };
  }
}

export function writeKeyFile(dir: string, name: string, key: KeyPair): string {
  const file = join(dir, name);
  writeFileSync(file, key.privatePem, { mode: 0o600 });
  return file;
}

/** Reads one sh word as produced by quote(): '...' segments, \x escapes, plain characters. */
export function unquoteWord(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length && !/\s/.test(text[i] as string)) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${text}`);
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '\\') {
      out += text[i + 1] ?? '';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  if (i !== text.length) throw new Error(`more than one word: ${text}`);
  return out;
}

const WRAPPED = /^printf '%s\\n' "@gc-pgid:([0-9a-f]+):\$\$" >&2; exec (sudo -n )?sh -c (.*)$/s;
const KILL = /kill -s (TERM|KILL) -- -([0-9]+)/;
/** The SSH layer's question whether anything of a process group still runs (remote.ts groupAliveCommand). */
const ALIVE = /awk -v g=([0-9]+) /;

export interface ExecCtx {
  /** The command text as the pool's caller built it. */
  text: string;
  /** Exactly what the client sent. */
  raw: string;
  user: string;
  sudo: boolean;
  pgid: number;
  channel: ServerChannel;
  /** The connection, to drop it. */
  connection: Connection;
  out(text: string | Buffer): void;
  err(text: string | Buffer): void;
  /** Exit status, then close. */
  exit(code: number): void;
  /** Everything written to stdin, once the client closed it. */
  stdin: Promise<string>;
  /** Default on TERM: exit by signal. Set to keep running (only KILL then ends it). */
  ignoreTerm: boolean;
}

export type Script = (ctx: ExecCtx) => void;

export interface Account {
  publicKey?: ParsedKey;
  password?: string;
}

export interface FakeServerOptions {
  hostKey?: KeyPair;
  accounts: Record<string, Account>;
  script: Script;
  /** Sessions beyond this are refused like sshd's MaxSessions. */
  maxSessions?: number;
}

export class FakeServer {
  readonly hostKey: KeyPair;
  port = 0;
  /** Authenticated connections so far. */
  connections = 0;
  sessions = 0;
  maxSessions = 0;
  execs: ExecCtx[] = [];
  kills: Array<{ pgid: number; signal: string; raw: string }> = [];
  /** Process groups the client asked about (is anything of it still running?). */
  probes: number[] = [];
  /** Raw text of every exec request, kills included. */
  raws: string[] = [];
  private readonly server: InstanceType<typeof Server>;
  private readonly live = new Set<Connection>();
  private nextPgid = 1000;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: FakeServerOptions) {
    this.hostKey = options.hostKey ?? makeKey();
    this.server = new Server({ hostKeys: [this.hostKey.privatePem] }, (conn) => this.onConnection(conn));
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Resolves once `condition` holds, re-checked on every server event: no fixed sleeps. */
  waitFor(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private changed(): void {
    for (const check of this.waiters.splice(0)) check();
  }

  get openConnections(): number {
    return this.live.size;
  }

  /** Drops every client connection at the TCP level, mid-whatever. */
  dropAll(): void {
    for (const conn of this.live) (conn as unknown as { _sock: { destroy(): void } })._sock.destroy();
  }

  async stop(): Promise<void> {
    for (const conn of this.live) conn.end();
    this.server.close();
    await once(this.server, 'close');
  }

  private onConnection(conn: Connection): void {
    conn.on('error', () => {});
    let user = '';
    conn.on('authentication', (ctx) => {
      const account = this.options.accounts[ctx.username];
      if (!account) return ctx.reject();
      if (ctx.method === 'publickey' && account.publicKey) {
        const pub = account.publicKey;
        if (ctx.key.algo !== pub.type || !ctx.key.data.equals(pub.getPublicSSH())) return ctx.reject();
        if (ctx.signature && ctx.blob && pub.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject();
        user = ctx.username;
        return ctx.accept();
      }
      if (ctx.method === 'password' && account.password !== undefined && ctx.password === account.password) {
        user = ctx.username;
        return ctx.accept();
      }
      const methods: Array<'publickey' | 'password'> = [];
      if (account.publicKey) methods.push('publickey');
      if (account.password !== undefined) methods.push('password');
      ctx.reject(methods);
    });
    conn.on('ready', () => {
      this.connections++;
      this.live.add(conn);
      this.changed();
      conn.on('session', (accept, reject) => {
        if (this.options.maxSessions !== undefined && this.sessions >= this.options.maxSessions) return reject();
        const session = accept();
        this.sessions++;
        this.maxSessions = Math.max(this.maxSessions, this.sessions);
        this.changed();
        session.on('close', () => {
          this.sessions--;
          this.changed();
        });
        session.on('exec', (acceptExec, _reject, info) => this.onExec(conn, user, acceptExec(), info.command));
      });
      conn.on('tcpip', (acceptTcp, rejectTcp, info) => {
        const socket = netConnect(info.destPort, info.destIP);
        socket.on('error', () => rejectTcp());
        socket.on('connect', () => {
          const stream = acceptTcp();
          stream.pipe(socket).pipe(stream);
        });
      });
    });
    conn.on('close', () => {
      this.live.delete(conn);
      this.changed();
    });
  }

  private onExec(conn: Connection, user: string, channel: ServerChannel, raw: string): void {
    this.raws.push(raw);
    const alive = ALIVE.exec(raw);
    if (alive) {
      const target = this.execs.find((e) => e.pgid === Number(alive[1]));
      this.probes.push(Number(alive[1]));
      channel.exit(target?.channel.writable ? 0 : 1);
      channel.end();
      return;
    }
    const kill = KILL.exec(raw);
    if (kill) {
      const pgid = Number(kill[2]);
      const signal = kill[1] as string;
      this.kills.push({ pgid, signal, raw });
      const target = this.execs.find((e) => e.pgid === pgid);
      if (target && (signal === 'KILL' || !target.ignoreTerm) && target.channel.writable) {
        target.channel.exit(signal);
        target.channel.end();
      }
      channel.exit(0);
      channel.end();
      this.changed();
      return;
    }
    const m = WRAPPED.exec(raw);
    if (!m) {
      channel.stderr.write(`fake server: unexpected command: ${raw}\n`);
      channel.exit(127);
      channel.end();
      return;
    }
    const pgid = this.nextPgid++;
    let stdinText = '';
    const stdin = new Promise<string>((resolve) => {
      channel.on('data', (d: Buffer) => {
        stdinText += d.toString();
      });
      channel.on('end', () => resolve(stdinText));
    });
    const ctx: ExecCtx = {
      text: unquoteWord(m[3] as string),
      raw,
      user,
      sudo: m[2] !== undefined,
      pgid,
      channel,
      connection: conn,
      out: (t) => channel.write(t),
      err: (t) => channel.stderr.write(t),
      exit: (code) => {
        channel.exit(code);
        channel.end();
      },
      stdin,
      ignoreTerm: false,
    };
    channel.stderr.write(`@gc-pgid:${m[1]}:${pgid}\n`);
    this.execs.push(ctx);
    channel.on('close', () => this.changed());
    this.changed();
    this.options.script(ctx);
  }
}

export function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  return new FakeServer(options).start();
}

// Opening one SSH connection: TCP (or a jump host's forwarded stream), host key
// check against known_hosts, authentication. Every failure becomes an SshError
// that says which host and what the operator can do about it.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { createAuth, type AuthPrompts, type KeyStore } from './auth.js';
import type { Endpoint } from './host-config.js';
import { appendKnownHost, fingerprint, hostKeyName, KnownHosts, keyTypeOf, type HostKeyCheck } from './known-hosts.js';
import { openSocket, type Transport } from './transport.js';
import { SshError } from './types.js';

const { Client } = ssh2;

export interface UnknownHostKeyInfo {
  /** The inventory name (or jump spec). */
  host: string;
  /** The address connected to. */
  address: string;
  port: number;
  keyType: string;
  /** SHA256:..., as ssh-keygen -l shows it; what the operator compares with the host's own. */
  fingerprint: string;
}

export interface ConnectDeps {
  keys: KeyStore;
  prompts: AuthPrompts;
  agentSocket?: string | null;
  /** Trust on first use: true records the key; false or absent refuses the host. */
  onUnknownHostKey?(info: UnknownHostKeyInfo): Promise<boolean>;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  connectTimeoutMs: number;
  hashKnownHosts?: boolean;
}

// ssh2's default host key preference (ssh2 1.17, Node with ed25519).
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/**
 * Like ssh, ask first for key types already recorded for this host: otherwise a
 * server with both an RSA and an ed25519 key, known to us by its RSA key, would
 * present the ed25519 key and look like a changed host.
 */
export function hostKeyAlgorithms(knownTypes: string[]): string[] {
  const preferred = HOST_KEY_ALGORITHMS.filter((a) => knownTypes.includes(a === 'rsa-sha2-512' || a === 'rsa-sha2-256' ? 'ssh-rsa' : a));
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}

/** A connect deadline that stops while the operator is being asked something. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private remaining: number;
  private startedAt = 0;

  constructor(ms: number, private readonly onExpire: () => void) {
    this.remaining = ms;
    this.resume();
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.timer) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.remaining));
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function describeCheck(endpoint: Endpoint, lookupName: string, check: HostKeyCheck, presented: { type: string; fp: string }): SshError {
  const where = `${endpoint.hostName}:${endpoint.port}`;
  const lines = check.entries.map((e) => `${e.file}:${e.line}`).join(', ');
  const removal = `ssh-keygen -R "${hostKeyName(lookupName, endpoint.port)}" -f ${check.entries[0]?.file ?? endpoint.knownHostsFiles[0]}`;
  if (check.status === 'revoked') {
    return new SshError(
      'host-key-rejected',
      endpoint.name,
      `${endpoint.name} (${where}) presented the ${presented.type} key ${presented.fp}, which is marked @revoked in ${lines}. Refusing to connect. Ask whoever manages the host for its current key.`,
    );
  }
  // Both fingerprints: the operator compares the recorded one with what the host's console shows.
  const recorded = check.entries.map((e) => `${e.keyType} ${fingerprint(e.key)}`).join(', ');
  const why = check.reason === 'different-type'
    ? `known_hosts has a ${[...new Set(check.entries.map((e) => e.keyType))].join('/')} key for it (${recorded}), but the host no longer offers that type and presented the ${presented.type} key ${presented.fp} instead`
    : `it presented the ${presented.type} key ${presented.fp}, but the one recorded is ${recorded}`;
  return new SshError(
    'host-key-changed',
    endpoint.name,
    `HOST KEY CHANGED for ${endpoint.name} (${where}): ${why} (${lines}). Someone may be intercepting the connection, or the host was reinstalled. ` +
      `Refusing to connect. If you know the host was reinstalled, check its new fingerprint on its console (ssh-keygen -lf /etc/ssh/ssh_host_${presented.type.replace(/^ssh-|-sha2-nistp\d+$/g, '')}_key.pub), ` +
      `then remove the old entry (${lines}), e.g. with: ${removal}`,
  );
}

function socketMessage(endpoint: Endpoint, err: NodeJS.ErrnoException): string {
  const where = `${endpoint.hostName}:${endpoint.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${endpoint.name}: nothing accepts connections on ${where}. Is sshd running there, and is the port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${endpoint.name}: cannot resolve "${endpoint.hostName}". Check the address in the inventory (or HostName in ~/.ssh/config).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${endpoint.name}: no route to ${where}. Is the host up and on this network?`;
    case 'ETIMEDOUT':
      return `${endpoint.name}: ${where} did not answer. Is the host up, and does a firewall allow port ${endpoint.port}?`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${endpoint.name}: ${where} closed the connection during the handshake. Is it really an SSH server, and does it accept this client (sshd MaxStartups, AllowUsers, TCP wrappers)?`;
    default:
      return `${endpoint.name}: cannot connect to ${where}: ${err.message}`;
  }
}

function cancelledConnect(endpoint: Endpoint): SshError {
  return new SshError('cancelled', endpoint.name, `${endpoint.name}: the connection to ${endpoint.hostName}:${endpoint.port} was given up: the console is closing its SSH connections.`);
}

/**
 * Opens and authenticates one connection; resolves when it can run commands.
 * `sock` is a jump host's forwarded stream; without it we open the TCP socket
 * ourselves, so that the owner can always destroy it (see transport.ts).
 */
export function connectEndpoint(endpoint: Endpoint, deps: ConnectDeps, sock?: Duplex, signal?: AbortSignal): Promise<Transport> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      sock?.destroy();
      reject(cancelledConnect(endpoint));
      return;
    }
    const lookupName = endpoint.hostKeyAlias ?? endpoint.hostName;
    let known: KnownHosts;
    try {
      known = KnownHosts.load([...endpoint.knownHostsFiles, ...endpoint.globalKnownHostsFiles]);
    } catch (err) {
      reject(new SshError('config', endpoint.name, `${endpoint.name}: cannot read known_hosts: ${(err as Error).message}`, { cause: err }));
      return;
    }
    const client = new Client();
    client.setMaxListeners(64);
    let socket: Duplex | undefined;
    // An 'error' without a listener would crash the process; errors after the
    // connection is up are followed by 'close', which the owner handles.
    client.on('error', () => {});
    const auth = createAuth({ endpoint, keys: deps.keys, prompts: pausing(deps.prompts), ...(deps.agentSocket !== undefined ? { agentSocket: deps.agentSocket } : {}) });
    let settled = false;
    let verdict: SshError | undefined;
    const timeoutMs = endpoint.connectTimeoutMs ?? deps.connectTimeoutMs;

    const fail = (error: SshError) => {
      if (settled) return;
      settled = true;
      deadline.clear();
      signal?.removeEventListener('abort', onAbort);
      reject(error);
      client.end();
      // Never only end(): a host that accepted TCP and never answers would keep the socket (and us) forever.
      (socket ?? sock)?.destroy();
    };
    const onAbort = () => fail(cancelledConnect(endpoint));
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = new Deadline(timeoutMs, () =>
      fail(new SshError('unreachable', endpoint.name, `${endpoint.name}: ${endpoint.hostName}:${endpoint.port} did not complete the SSH login within ${Math.round(timeoutMs / 1000)}s. Is the host up and is sshd answering on that port?`)),
    );

    function pausing(prompts: AuthPrompts): AuthPrompts {
      const wrap = <A, R>(fn: ((arg: A) => Promise<R>) | undefined) =>
        fn
          ? async (arg: A) => {
              deadline.pause();
              try {
                return await fn(arg);
              } finally {
                deadline.resume();
              }
            }
          : undefined;
      const askPassphrase = wrap(prompts.askPassphrase?.bind(prompts));
      const askPassword = wrap(prompts.askPassword?.bind(prompts));
      return { ...(askPassphrase ? { askPassphrase } : {}), ...(askPassword ? { askPassword } : {}) };
    }

    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
      const keyType = keyTypeOf(key) ?? 'unknown';
      const fp = fingerprint(key);
      const check = known.check(lookupName, endpoint.port, keyType, key);
      if (check.status === 'match') {
        verify(true);
        return;
      }
      if (check.status !== 'unknown') {
        verdict = describeCheck(endpoint, lookupName, check, { type: keyType, fp });
        verify(false);
        return;
      }
      const refuse = (why: string) => {
        verdict = new SshError(
          'host-key-rejected',
          endpoint.name,
          `${endpoint.name} (${endpoint.hostName}:${endpoint.port}) is not in known_hosts (${endpoint.knownHostsFiles.join(', ')}) and ${why}. Its ${keyType} key fingerprint is ${fp}. ` +
            `Compare it with "ssh-keygen -lf" of the host's key on its console, then accept it here or record it with ssh.`,
        );
        verify(false);
      };
      if (!deps.onUnknownHostKey) {
        refuse('no one was asked to trust it');
        return;
      }
      deadline.pause();
      deps.onUnknownHostKey({ host: endpoint.name, address: endpoint.hostName, port: endpoint.port, keyType, fingerprint: fp })
        .then(
          (trusted) => {
            deadline.resume();
            if (!trusted) return refuse('its key was not accepted');
            const file = endpoint.knownHostsFiles[0];
            if (file) {
              try {
                known.add(appendKnownHost(file, lookupName, endpoint.port, key, { hash: deps.hashKnownHosts ?? false }));
              } catch (err) {
                verdict = new SshError('config', endpoint.name, `${endpoint.name}: the key was accepted but could not be recorded in ${file}: ${(err as Error).message}. Fix the file's permissions.`, { cause: err });
                return verify(false);
              }
            }
            verify(true);
          },
          (err: unknown) => {
            deadline.resume();
            refuse(`asking whether to trust it failed (${(err as Error)?.message ?? String(err)})`);
          },
        );
    };

    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (settled) return;
      // ssh2 reports a broken agent or an unusable key and then tries the next method.
      if (err.level === 'agent') return;
      if (err.level === 'client-authentication' && !/All configured authentication methods failed/.test(err.message)) return;
      if (verdict) return fail(verdict);
      if (auth.fatal) return fail(new SshError('config', endpoint.name, `${endpoint.name}: ${auth.fatal}`, { cause: err }));
      if (err.level === 'client-authentication') {
        const tried = auth.tried.length > 0 ? auth.tried.join(', ') : 'nothing (no agent, no usable key file)';
        const skipped = auth.skipped.length > 0 ? ` Not used: ${auth.skipped.join('; ')}.` : '';
        return fail(
          new SshError(
            'auth',
            endpoint.name,
            `${endpoint.name}: ${endpoint.user}@${endpoint.hostName}:${endpoint.port} refused the login; tried ${tried}.${skipped} ` +
              `Add your public key to ~${endpoint.user}/.ssh/authorized_keys on the host, load it into ssh-agent, or set ssh.identityFile (and ssh.user) in the inventory.`,
            { cause: err },
          ),
        );
      }
      if (err.level === 'client-socket') return fail(new SshError('unreachable', endpoint.name, socketMessage(endpoint, err), { cause: err }));
      return fail(new SshError('unreachable', endpoint.name, `${endpoint.name}: SSH connection to ${endpoint.hostName}:${endpoint.port} failed: ${err.message}`, { cause: err }));
    });
    client.on('close', () => {
      if (verdict) return fail(verdict);
      if (auth.fatal) return fail(new SshError('config', endpoint.name, `${endpoint.name}: ${auth.fatal}`));
      fail(new SshError('unreachable', endpoint.name, `${endpoint.name}: ${endpoint.hostName}:${endpoint.port} closed the connection before the login finished. Check sshd's log on the host.`));
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      deadline.clear();
      signal?.removeEventListener('abort', onAbort);
      resolve({ client, socket: socket! });
    });

    const config: ConnectConfig = {
      host: endpoint.hostName,
      port: endpoint.port,
      username: endpoint.user,
      // 0 turns off ssh2's handshake timer: ours (the Deadline) stops while the operator answers a prompt.
      readyTimeout: 0,
      keepaliveInterval: deps.keepaliveIntervalMs,
      keepaliveCountMax: deps.keepaliveCountMax,
      hostVerifier,
      authHandler: auth.authHandler,
      algorithms: { serverHostKey: hostKeyAlgorithms(known.knownKeyTypes(lookupName, endpoint.port)) as NonNullable<NonNullable<ConnectConfig['algorithms']>['serverHostKey']> },
    };
    try {
      socket = sock ?? openSocket(endpoint.hostName, endpoint.port);
      client.connect({ ...config, sock: socket });
    } catch (err) {
      fail(new SshError('config', endpoint.name, `${endpoint.name}: cannot start an SSH connection: ${(err as Error).message}`, { cause: err }));
    }
  });
}

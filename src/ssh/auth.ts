// Authentication in the order ssh uses: the agent's keys, then key files, then
// (only when the caller can ask the operator) a password. Encrypted keys are
// unlocked by asking for the passphrase once per pool, not once per host.
import { existsSync } from 'node:fs';
import { readRegularFile } from '../fsutil/read-regular-file.js';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2';
import type { Endpoint } from './host-config.js';

const { utils } = ssh2;

export interface AuthPrompts {
  /** The key file is encrypted: return its passphrase, or undefined to skip the key. */
  askPassphrase?(keyFile: string): Promise<string | undefined>;
  /** Only when given is password (and keyboard-interactive) login tried. */
  askPassword?(host: string): Promise<string | undefined>;
}

const PASSPHRASE_TRIES = 3;
const MAX_KEY_BYTES = 1024 * 1024;
const PASSWORD_TRIES = 3; // ssh's NumberOfPasswordPrompts

type KeyLoad = { key: ParsedKey } | { skipped: string };

/** Unlocked keys, shared by every connection of a pool so the operator is asked once per key. */
export class KeyStore {
  private readonly loads = new Map<string, Promise<KeyLoad>>();

  constructor(private readonly prompts: AuthPrompts = {}) {}

  load(file: string): Promise<KeyLoad> {
    let load = this.loads.get(file);
    if (!load) {
      load = this.read(file);
      this.loads.set(file, load);
      // Only a key we could use is remembered: a declined passphrase is asked again next time.
      void load.then((r) => {
        if (!('key' in r)) this.loads.delete(file);
      });
    }
    return load;
  }

  private async read(file: string): Promise<KeyLoad> {
    let data: Buffer;
    try {
      // A key is a few KB; /dev/zero or a FIFO named as a key must not eat memory or hang.
      data = readRegularFile(file, { maxBytes: MAX_KEY_BYTES, why: 'a private key is a few KB' });
    } catch (err) {
      return { skipped: (err as Error).message };
    }
    let parsed = first(utils.parseKey(data));
    if (parsed instanceof Error && /no passphrase given/i.test(parsed.message)) {
      if (!this.prompts.askPassphrase) return { skipped: `${file}: encrypted, and no way to ask for its passphrase` };
      for (let i = 0; i < PASSPHRASE_TRIES && parsed instanceof Error; i++) {
        let passphrase: string | undefined;
        try {
          passphrase = await this.prompts.askPassphrase(file);
        } catch {
          passphrase = undefined;
        }
        if (passphrase === undefined) return { skipped: `${file}: no passphrase given` };
        parsed = first(utils.parseKey(data, passphrase));
      }
      if (parsed instanceof Error) return { skipped: `${file}: wrong passphrase ${PASSPHRASE_TRIES} times` };
    }
    if (parsed instanceof Error) return { skipped: `${file}: not a private key ssh2 can read (${parsed.message})` };
    if (!parsed.isPrivateKey()) return { skipped: `${file}: a public key, not a private key` };
    return { key: parsed };
  }
}

// parseKey returns an array for files holding several keys; ssh uses the first.
function first(parsed: ParsedKey | Error | ParsedKey[]): ParsedKey | Error {
  if (Array.isArray(parsed)) return parsed[0] ?? new Error('no key in file');
  return parsed;
}

export interface AuthOptions {
  endpoint: Endpoint;
  keys: KeyStore;
  prompts: AuthPrompts;
  /** ssh-agent socket; default $SSH_AUTH_SOCK; null for none. */
  agentSocket?: string | null;
}

type Step = { kind: 'agent'; socket: string } | { kind: 'key'; file: string } | { kind: 'password' };

export interface AuthSession {
  authHandler: AuthHandlerMiddleware;
  /** What was offered, for the message when every method failed. */
  tried: string[];
  /** What could not even be offered, and why. */
  skipped: string[];
  /** A problem that is the operator's to fix (e.g. the inventory's key file is missing). */
  fatal?: string;
}

/** One authentication attempt (one connect): ssh2 calls authHandler until it returns false. */
export function createAuth(options: AuthOptions): AuthSession {
  const { endpoint, keys, prompts } = options;
  const steps: Step[] = [];
  const socket = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
  const agent = endpoint.identityAgent === undefined ? socket : endpoint.identityAgent === 'none' ? null : endpoint.identityAgent;
  if (agent && !endpoint.identitiesOnly && existsSync(agent)) steps.push({ kind: 'agent', socket: agent });
  for (const file of endpoint.identityFiles) steps.push({ kind: 'key', file });
  if (prompts.askPassword) steps.push({ kind: 'password' });

  const session: AuthSession = { authHandler: () => undefined, tried: [], skipped: [] };
  let index = 0;
  let passwordTries = 0;

  const allowed = (left: AuthenticationType[] | null, type: AuthenticationType) => left === null || left.includes(type);

  async function nextMethod(left: AuthenticationType[] | null): Promise<AnyAuthMethod | false> {
    const username = endpoint.user;
    while (index < steps.length) {
      const step = steps[index] as Step;
      if (step.kind === 'agent') {
        index++;
        if (!allowed(left, 'publickey')) continue;
        session.tried.push('the ssh-agent keys');
        return { type: 'agent', username, agent: step.socket };
      }
      if (step.kind === 'key') {
        index++;
        if (!allowed(left, 'publickey')) continue;
        if (endpoint.identitySource === 'default' && !existsSync(step.file)) continue;
        const loaded = await keys.load(step.file);
        if ('skipped' in loaded) {
          session.skipped.push(loaded.skipped);
          if (endpoint.identitySource === 'inventory' && !existsSync(step.file)) {
            session.fatal = `the inventory's ssh.identityFile ${step.file} does not exist; fix the path in the inventory`;
            return false;
          }
          continue;
        }
        session.tried.push(`the key ${step.file}`);
        return { type: 'publickey', username, key: loaded.key };
      }
      // password: ask again after each failure, up to ssh's limit
      const usePassword = allowed(left, 'password');
      const useKeyboard = !usePassword && allowed(left, 'keyboard-interactive');
      if ((!usePassword && !useKeyboard) || passwordTries >= PASSWORD_TRIES || !prompts.askPassword) {
        index++;
        continue;
      }
      passwordTries++;
      let password: string | undefined;
      try {
        password = await prompts.askPassword(endpoint.name);
      } catch {
        password = undefined;
      }
      if (password === undefined) {
        index++;
        continue;
      }
      if (!session.tried.includes('a password')) session.tried.push('a password');
      if (usePassword) return { type: 'password', username, password };
      const answer = password;
      return {
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, questions, finish) => finish(questions.map(() => answer)),
      };
    }
    return false;
  }

  session.authHandler = (methodsLeft, _partial, next) => {
    // ssh2 passes null for "not asked yet"; its types say an array.
    const left = (methodsLeft as AuthenticationType[] | null) ?? null;
    // false ends authentication; ssh2 accepts it though its types omit it.
    const done = next as (method: AnyAuthMethod | false) => void;
    nextMethod(left).then(done, () => done(false));
  };
  return session;
}

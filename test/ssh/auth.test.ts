import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAuth, KeyStore, type AuthPrompts } from '../../src/ssh/auth.js';
import type { Endpoint } from '../../src/ssh/host-config.js';
import { makeKey, tempDir, writeKeyFile } from './fake-server.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plainKey = writeKeyFile(dir, 'id_plain', makeKey());
const lockedKey = writeKeyFile(dir, 'id_locked', makeKey({ passphrase: 'pw' }));
const agentSocket = join(dir, 'agent.sock'); // only its existence is checked before ssh2 uses it
writeFileSync(agentSocket, '');

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    name: 'node1',
    hostName: '10.0.0.1',
    port: 22,
    user: 'root',
    identityFiles: [plainKey],
    identitySource: 'ssh-config',
    knownHostsFiles: [],
    globalKnownHostsFiles: [],
    identitiesOnly: false,
    ...overrides,
  };
}

type Step = AnyAuthMethod | false;

/** Drives ssh2's side of the handler: each call gets the methods the server still allows. */
function driver(options: { endpoint: Endpoint; prompts?: AuthPrompts; agent?: string | null; keys?: KeyStore }) {
  const prompts = options.prompts ?? {};
  const session = createAuth({ endpoint: options.endpoint, keys: options.keys ?? new KeyStore(prompts), prompts, agentSocket: options.agent ?? null });
  return {
    session,
    next: (left: AuthenticationType[] | null = ['publickey', 'password']) =>
      new Promise<Step>((resolve) => session.authHandler(left as AuthenticationType[], false, resolve as (m: AnyAuthMethod | AuthenticationType) => void)),
  };
}

const kind = (s: Step) => (s === false ? false : s.type === 'publickey' ? `key` : s.type);

describe('createAuth', () => {
  it('tries the agent first, then each key file, then stops', async () => {
    const d = driver({ endpoint: endpoint(), agent: agentSocket });
    const first = await d.next(null);
    expect(first).toMatchObject({ type: 'agent', username: 'root', agent: agentSocket });
    expect(kind(await d.next())).toBe('key');
    expect(await d.next()).toBe(false);
    expect(d.session.tried).toEqual(['the ssh-agent keys', `the key ${plainKey}`]);
  });

  it('skips the agent when IdentitiesOnly or IdentityAgent none, or when its socket is gone', async () => {
    expect(kind(await driver({ endpoint: endpoint({ identitiesOnly: true }), agent: agentSocket }).next(null))).toBe('key');
    expect(kind(await driver({ endpoint: endpoint({ identityAgent: 'none' }), agent: agentSocket }).next(null))).toBe('key');
    expect(kind(await driver({ endpoint: endpoint(), agent: join(dir, 'gone.sock') }).next(null))).toBe('key');
  });

  it('tries default keys only when they exist', async () => {
    const d = driver({ endpoint: endpoint({ identitySource: 'default', identityFiles: [join(dir, 'id_none'), plainKey] }) });
    expect(kind(await d.next(null))).toBe('key');
    expect(d.session.skipped).toEqual([]);
  });

  it('stops with a fatal config problem when the inventory key file is missing', async () => {
    const d = driver({ endpoint: endpoint({ identitySource: 'inventory', identityFiles: [join(dir, 'typo')] }) });
    expect(await d.next(null)).toBe(false);
    expect(d.session.fatal).toMatch(/identityFile .*typo does not exist/);
  });

  it('asks for the passphrase of an encrypted key, retrying a wrong one', async () => {
    const askPassphrase = vi.fn<(f: string) => Promise<string | undefined>>().mockResolvedValueOnce('wrong').mockResolvedValueOnce('pw');
    const d = driver({ endpoint: endpoint({ identityFiles: [lockedKey] }), prompts: { askPassphrase } });
    const step = await d.next(null);
    expect(kind(step)).toBe('key');
    expect(askPassphrase).toHaveBeenCalledTimes(2);
    expect(askPassphrase).toHaveBeenCalledWith(lockedKey);
  });

  it('skips an encrypted key when no one can be asked or the operator declines', async () => {
    const none = driver({ endpoint: endpoint({ identityFiles: [lockedKey] }) });
    expect(await none.next(null)).toBe(false);
    expect(none.session.skipped[0]).toMatch(/encrypted/);
    const declined = driver({ endpoint: endpoint({ identityFiles: [lockedKey] }), prompts: { askPassphrase: async () => undefined } });
    expect(await declined.next(null)).toBe(false);
  });

  it('shares unlocked keys through the KeyStore, so the passphrase is asked once', async () => {
    const askPassphrase = vi.fn(async () => 'pw');
    const keys = new KeyStore({ askPassphrase });
    const [a, b] = await Promise.all([keys.load(lockedKey), keys.load(lockedKey)]);
    expect('key' in a && 'key' in b).toBe(true);
    await keys.load(lockedKey);
    expect(askPassphrase).toHaveBeenCalledTimes(1);
  });

  it('offers a password only with askPassword, up to three times, and only if the server allows it', async () => {
    expect(await driver({ endpoint: endpoint({ identityFiles: [] }) }).next(null)).toBe(false);
    const askPassword = vi.fn(async () => 'secret');
    const d = driver({ endpoint: endpoint({ identityFiles: [] }), prompts: { askPassword } });
    expect(await d.next(null)).toEqual({ type: 'password', username: 'root', password: 'secret' });
    expect(kind(await d.next(['password']))).toBe('password');
    expect(kind(await d.next(['password']))).toBe('password');
    expect(await d.next(['password'])).toBe(false);
    expect(askPassword).toHaveBeenCalledWith('node1');
    const publickeyOnly = driver({ endpoint: endpoint({ identityFiles: [] }), prompts: { askPassword } });
    expect(await publickeyOnly.next(['publickey'])).toBe(false);
  });

  it('answers keyboard-interactive with the password when plain password login is off', async () => {
    const d = driver({ endpoint: endpoint({ identityFiles: [] }), prompts: { askPassword: async () => 'secret' } });
    const step = await d.next(['keyboard-interactive']);
    expect(kind(step)).toBe('keyboard-interactive');
    const finish = vi.fn();
    if (step !== false && step.type === 'keyboard-interactive') step.prompt('', '', '', [{ prompt: 'Password: ', echo: false }], finish);
    expect(finish).toHaveBeenCalledWith(['secret']);
  });

  it('skips key files when the server no longer accepts public keys', async () => {
    const d = driver({ endpoint: endpoint(), agent: agentSocket, prompts: { askPassword: async () => 'x' } });
    expect(kind(await d.next(['password']))).toBe('password');
  });
});

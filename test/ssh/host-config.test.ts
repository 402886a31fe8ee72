import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InventoryHost } from '../../src/config/inventory.js';
import { parseProxyJump, resolveHostSettings } from '../../src/ssh/host-config.js';
import { SshError } from '../../src/ssh/types.js';
import { tempDir } from './fake-server.js';

const home = tempDir();
afterAll(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, '.ssh', 'config.d'), { recursive: true });

function config(name: string, lines: string[]): string {
  const file = join(home, '.ssh', name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const base = { homeDir: home, localUser: 'me', globalKnownHostsFiles: [] as string[] };

function host(address: string, ssh: Partial<InventoryHost['ssh']> = {}): InventoryHost {
  return { name: 'node1', address, ssh: { user: 'root', port: 22, ...ssh }, zone: 'z' };
}

describe('resolveHostSettings', () => {
  it('without a config: the inventory, default keys, ~/.ssh/known_hosts', () => {
    const s = resolveHostSettings(host('10.0.0.1', { port: 2222 }), { ...base, configFile: null });
    expect(s).toMatchObject({
      name: 'node1',
      hostName: '10.0.0.1',
      port: 2222,
      user: 'root',
      identitySource: 'default',
      identityFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(home, '.ssh', f)),
      knownHostsFiles: [join(home, '.ssh', 'known_hosts')],
      globalKnownHostsFiles: [],
      identitiesOnly: false,
      proxyJump: [],
    });
  });

  it('reads ~/.ssh/config by default, and a missing config is no config', () => {
    const file = config('config', ['Host gl1', '  HostName 10.9.9.9']);
    expect(resolveHostSettings(host('gl1'), { ...base }).hostName).toBe('10.9.9.9');
    rmSync(file);
    expect(resolveHostSettings(host('gl1'), { ...base }).hostName).toBe('gl1');
  });

  it('applies HostName, IdentityFile (~ and tokens), UserKnownHostsFile, HostKeyAlias, IdentitiesOnly', () => {
    const file = config('c1', [
      'Host gl1 gl2',
      '  HostName %h.lab.example',
      '  IdentityFile ~/.ssh/gluster_%r',
      '  IdentityFile %d/second',
      '  UserKnownHostsFile ~/.ssh/kh_gluster "/tmp/kh two"',
      '  HostKeyAlias gl-alias',
      '  IdentitiesOnly yes',
      '  ConnectTimeout 3',
      'Host *',
      '  User fallback',
      '  Port 2200',
    ]);
    const s = resolveHostSettings(host('gl1'), { ...base, configFile: file });
    expect(s.hostName).toBe('gl1.lab.example');
    expect(s.identityFiles).toEqual([join(home, '.ssh', 'gluster_root'), join(home, 'second')]);
    expect(s.identitySource).toBe('ssh-config');
    expect(s.knownHostsFiles).toEqual([join(home, '.ssh', 'kh_gluster'), '/tmp/kh two']);
    expect(s.hostKeyAlias).toBe('gl-alias');
    expect(s.identitiesOnly).toBe(true);
    expect(s.connectTimeoutMs).toBe(3000);
  });

  it('lets values set in the inventory win over the config', () => {
    const file = config('c2', ['Host gl1', '  User admin', '  Port 2200', '  IdentityFile ~/.ssh/from_config', '  UserKnownHostsFile ~/.ssh/kh_config']);
    const s = resolveHostSettings(host('gl1', { user: 'deploy', port: 2022, identityFile: '/keys/inv', knownHostsFile: '/kh/inv' }), { ...base, configFile: file });
    expect(s).toMatchObject({ user: 'deploy', port: 2022, identityFiles: ['/keys/inv'], identitySource: 'inventory', knownHostsFiles: ['/kh/inv'] });
  });

  it('uses the config User and Port when the host leaves them unset', () => {
    const file = config('c3', ['Host gl1', '  User admin', '  Port 2200']);
    const s = resolveHostSettings({ name: 'node1', address: 'gl1', ssh: {} }, { ...base, configFile: file });
    expect(s).toMatchObject({ user: 'admin', port: 2200 });
    const none = resolveHostSettings({ name: 'node1', address: 'other', ssh: {} }, { ...base, configFile: file });
    expect(none).toMatchObject({ user: 'me', port: 22 });
  });

  it('follows Include, relative to ~/.ssh, with globs', () => {
    config(join('config.d', 'a.conf'), ['Host gl5', '  HostName 10.5.5.5']);
    config(join('config.d', 'b.conf'), ['Host gl6', '  HostName 10.6.6.6']);
    const file = config('c4', ['Include config.d/*.conf', 'Host *', '  IdentityFile ~/.ssh/all']);
    expect(resolveHostSettings(host('gl5'), { ...base, configFile: file }).hostName).toBe('10.5.5.5');
    expect(resolveHostSettings(host('gl6'), { ...base, configFile: file }).hostName).toBe('10.6.6.6');
  });

  it('resolves ProxyJump hops through the config under their own names', () => {
    const file = config('c5', [
      'Host gl1',
      '  ProxyJump ops@bastion,ssh://jump2:2022',
      'Host bastion',
      '  HostName 192.0.2.10',
      '  Port 2201',
      '  User ignored-because-spec-says-ops',
      'Host *',
      '  IdentityFile ~/.ssh/k',
    ]);
    const s = resolveHostSettings(host('gl1'), { ...base, configFile: file });
    expect(s.proxyJump.map((j) => [j.name, j.hostName, j.port, j.user])).toEqual([
      ['ops@bastion', '192.0.2.10', 2201, 'ops'],
      ['jump2:2022', 'jump2', 2022, 'me'],
    ]);
    expect(s.proxyJump[0]?.identityFiles).toEqual([join(home, '.ssh', 'k')]);
  });

  it('refuses a ProxyCommand it cannot run, with a config error', () => {
    const file = config('c6', ['Host gl1', '  ProxyCommand nc %h %p']);
    expect(() => resolveHostSettings(host('gl1'), { ...base, configFile: file })).toThrow(SshError);
    try {
      resolveHostSettings(host('gl1'), { ...base, configFile: file });
    } catch (err) {
      expect((err as SshError).kind).toBe('config');
      expect((err as SshError).message).toMatch(/ProxyJump/);
    }
  });

  it('never runs Match exec', () => {
    const marker = join(home, 'ran');
    const file = config('c7', [`Match exec "touch ${marker}"`, '  HostName 10.7.7.7']);
    expect(resolveHostSettings(host('gl1'), { ...base, configFile: file }).hostName).toBe('gl1');
    expect(existsSync(marker)).toBe(false);
  });

  it('defaults known_hosts to the injected file when neither names one', () => {
    const s = resolveHostSettings(host('gl1'), { ...base, configFile: null, defaultKnownHostsFile: '/tmp/kh-default' });
    expect(s.knownHostsFiles).toEqual(['/tmp/kh-default']);
  });
});

describe('parseProxyJump', () => {
  it('reads the forms ssh accepts', () => {
    expect(parseProxyJump('none')).toEqual([]);
    expect(parseProxyJump('bastion')).toEqual([{ host: 'bastion' }]);
    expect(parseProxyJump('ops@bastion:2022, b2')).toEqual([{ user: 'ops', host: 'bastion', port: 2022 }, { host: 'b2' }]);
    expect(parseProxyJump('ssh://ops@[2001:db8::1]:22')).toEqual([{ user: 'ops', host: '2001:db8::1', port: 22 }]);
    expect(() => parseProxyJump('a:b:c')).toThrow(/not a jump host/);
  });
});

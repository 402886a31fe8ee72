// The Executor the rest of the program uses: one lazily made, persistent
// connection per inventory host, commands fanned out in parallel across hosts.
import type { InventoryHost } from '../config/inventory.js';
import { KeyStore } from './auth.js';
import type { Command } from '../shell/command.js';
import type { ConnectDeps, UnknownHostKeyInfo } from './connect.js';
import { HostConnection } from './connection.js';
import { resolveHostSettings, type Endpoint, type HostSettings } from './host-config.js';
import { SshLink } from './link.js';
import { SshError, type ExecAllEntry, type ExecOptions, type ExecResult, type Executor } from './types.js';

export interface PoolOptions {
  /** Default ~/.ssh/config; null reads none. */
  sshConfigFile?: string | null;
  /** Instead of ~/.ssh/known_hosts when neither the inventory nor ~/.ssh/config names one. */
  defaultKnownHostsFile?: string;
  /** Instead of /etc/ssh/ssh_known_hosts(2) (read-only) when ~/.ssh/config names none. */
  globalKnownHostsFiles?: string[];
  /** Trust on first use: return true to record the key and connect. Absent: unknown hosts are refused. */
  onUnknownHostKey?(info: UnknownHostKeyInfo): Promise<boolean>;
  askPassphrase?(keyFile: string): Promise<string | undefined>;
  /** Given: password login is tried after keys. */
  askPassword?(host: string): Promise<string | undefined>;
  /** Channels open at once per host (default 8; OpenSSH's MaxSessions is 10 and one is kept for kills). */
  maxChannelsPerHost?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  connectTimeoutMs?: number;
  /** Wait after SIGTERM (and again after SIGKILL) for a stopped command to go (default 2000). */
  killGraceMs?: number;
  /** ssh-agent socket; default $SSH_AUTH_SOCK; null for none. */
  agentSocket?: string | null;
  /** Home directory for ~ (default os.homedir()). */
  homeDir?: string;
  /** Record accepted keys hashed (|1|salt|hash) like HashKnownHosts yes. */
  hashKnownHosts?: boolean;
}

export class SshPool implements Executor {
  private readonly hosts = new Map<string, InventoryHost>();
  private readonly connections = new Map<string, HostConnection>();
  private readonly jumps = new Map<string, SshLink>();
  private readonly deps: ConnectDeps;
  private closed = false;

  constructor(hosts: InventoryHost[], private readonly options: PoolOptions = {}) {
    for (const host of hosts) this.hosts.set(host.name, host);
    const prompts = {
      ...(options.askPassphrase ? { askPassphrase: options.askPassphrase } : {}),
      ...(options.askPassword ? { askPassword: options.askPassword } : {}),
    };
    this.deps = {
      keys: new KeyStore(prompts),
      prompts,
      ...(options.agentSocket !== undefined ? { agentSocket: options.agentSocket } : {}),
      ...(options.onUnknownHostKey ? { onUnknownHostKey: options.onUnknownHostKey } : {}),
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      ...(options.hashKnownHosts !== undefined ? { hashKnownHosts: options.hashKnownHosts } : {}),
    };
  }

  /** The resolved connection settings (inventory + ~/.ssh/config) of a host. */
  settings(host: string): HostSettings {
    return resolveHostSettings(this.inventoryHost(host), {
      ...(this.options.sshConfigFile !== undefined ? { configFile: this.options.sshConfigFile } : {}),
      ...(this.options.homeDir !== undefined ? { homeDir: this.options.homeDir } : {}),
      ...(this.options.defaultKnownHostsFile !== undefined ? { defaultKnownHostsFile: this.options.defaultKnownHostsFile } : {}),
      ...(this.options.globalKnownHostsFiles !== undefined ? { globalKnownHostsFiles: this.options.globalKnownHostsFiles } : {}),
    });
  }

  /** By inventory name, or else by address. */
  private inventoryHost(host: string): InventoryHost {
    const found = this.hosts.get(host) ?? [...this.hosts.values()].find((h) => h.address === host);
    if (!found) throw new SshError('config', host, `${host} is not in the inventory; add it there first.`);
    return found;
  }

  private connection(host: string): HostConnection {
    const name = this.inventoryHost(host).name;
    let connection = this.connections.get(name);
    if (connection) return connection;
    const settings = this.settings(name);
    // Jump hosts are shared: twenty hosts behind one bastion use one connection to it.
    let via: SshLink | undefined;
    let key = '';
    for (const hop of settings.proxyJump) {
      key += `>${hop.user}@${hop.hostName}:${hop.port}`;
      let link = this.jumps.get(key);
      if (!link) {
        link = new SshLink(hop, this.deps, via);
        this.jumps.set(key, link);
      }
      via = link;
    }
    const target: Endpoint = settings;
    connection = new HostConnection(settings.name, new SshLink(target, this.deps, via), {
      maxChannels: this.options.maxChannelsPerHost ?? 8,
      killGraceMs: this.options.killGraceMs ?? 2000,
    });
    this.connections.set(settings.name, connection);
    return connection;
  }

  async exec(host: string, command: Command, options?: ExecOptions): Promise<ExecResult> {
    if (this.closed) throw new SshError('cancelled', host, `${host}: the SSH connections were closed; nothing more can run on this pool.`);
    return this.connection(host).exec(command, options);
  }

  async execAll(hosts: string[], command: Command | ((host: string) => Command), options?: ExecOptions): Promise<ExecAllEntry[]> {
    return Promise.all(
      hosts.map(async (host): Promise<ExecAllEntry> => {
        try {
          const cmd = typeof command === 'function' ? command(host) : command;
          return { host, result: await this.exec(host, cmd, options) };
        } catch (err) {
          if (err instanceof SshError) return { host, error: err };
          return { host, error: new SshError('config', host, `${host}: could not build or run the command: ${(err as Error)?.message ?? String(err)}`, { cause: err }) };
        }
      }),
    );
  }

  /** Ends every connection. Commands still running on hosts are left to finish there. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    // Jump links after the hosts behind them: outermost last.
    for (const link of [...this.jumps.values()].reverse()) await link.close();
  }
}

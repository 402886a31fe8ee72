// Where and how to reach one host: the inventory says what the operator told
// this program; ~/.ssh/config says what they told ssh. Values the inventory
// sets win (like options on the ssh command line); the config fills the rest,
// so a host that works with plain `ssh ADDRESS` works here too.
import { readdirSync } from 'node:fs';
import { readRegularFile } from '../fsutil/read-regular-file.js';
import { homedir, hostname, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SSHConfig from 'ssh-config';
import type { HostSsh, InventoryHost } from '../config/inventory.js';
import { SshError } from './types.js';

/** An ssh config is a few KB; the limit keeps /dev/zero or a FIFO from eating memory or hanging. */
const readConfigText = (file: string) => readRegularFile(file, { maxBytes: 1024 * 1024 }).toString('utf8');

/** An inventory host; user and port may be absent when the caller left them unset. */
export interface HostInput {
  name: InventoryHost['name'];
  address: InventoryHost['address'];
  ssh: Partial<HostSsh>;
}

export interface Endpoint {
  /** For messages: the inventory name, or the jump spec as written. */
  name: string;
  /** Where TCP connects (config HostName applied). */
  hostName: string;
  port: number;
  user: string;
  /** Keys to offer after the agent's, in order. */
  identityFiles: string[];
  /** 'inventory' and 'ssh-config' keys were asked for; 'default' ones are tried only if they exist. */
  identitySource: 'inventory' | 'ssh-config' | 'default';
  /** known_hosts files: the first is where new keys are recorded. */
  knownHostsFiles: string[];
  /** Read too, never written (GlobalKnownHostsFile). */
  globalKnownHostsFiles: string[];
  /** The name known_hosts lines are looked up by (HostKeyAlias), else hostName. */
  hostKeyAlias?: string;
  /** IdentitiesOnly yes: do not offer the agent's keys. */
  identitiesOnly: boolean;
  /** IdentityAgent: a socket path, or 'none' to not use an agent. */
  identityAgent?: string;
  /** ConnectTimeout from the config, in ms. */
  connectTimeoutMs?: number;
}

export interface HostSettings extends Endpoint {
  /** ProxyJump hops, outermost first. */
  proxyJump: Endpoint[];
}

export interface ResolveOptions {
  /** Default ~/.ssh/config; null reads no config at all. */
  configFile?: string | null;
  homeDir?: string;
  localUser?: string;
  /** Instead of ~/.ssh/known_hosts when neither the inventory nor the config names one. */
  defaultKnownHostsFile?: string;
  /** Instead of /etc/ssh/ssh_known_hosts(2) when the config names none. */
  globalKnownHostsFiles?: string[];
}

type Computed = Record<string, string | string[]>;

interface Context {
  home: string;
  localUser: string;
}

function contextOf(options: ResolveOptions): Context {
  let localUser = options.localUser;
  if (localUser === undefined) {
    try {
      localUser = userInfo().username;
    } catch {
      localUser = process.env.USER ?? '';
    }
  }
  return { home: options.homeDir ?? homedir(), localUser };
}

function expandTilde(path: string, ctx: Context): string {
  if (path === '~') return ctx.home;
  if (path.startsWith('~/')) return join(ctx.home, path.slice(2));
  return path;
}

/** ssh_config TOKENS for file paths (the common ones), then ~. */
function expandPath(value: string, ctx: Context, host: { original: string; hostName: string; user: string; port: number }): string {
  const expanded = value.replace(/%(.)/g, (whole, token: string) => {
    switch (token) {
      case '%': return '%';
      case 'd': return ctx.home;
      case 'u': return ctx.localUser;
      case 'h': return host.hostName;
      case 'n': return host.original;
      case 'r': return host.user;
      case 'p': return String(host.port);
      case 'l': return hostname();
      case 'i': return String(process.getuid?.() ?? '');
      default: return whole;
    }
  });
  return expandTilde(expanded, ctx);
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter((v) => v.length > 0);
}

function single(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value[0] : value;
}

function directiveValues(line: { value: unknown }): string[] {
  const value = line.value;
  if (typeof value === 'string') return value.split(/\s+/).filter((v) => v.length > 0);
  if (Array.isArray(value)) return value.map((v: { val: string }) => v.val);
  return [];
}

function globFiles(pattern: string): string[] {
  const dir = dirname(pattern);
  const base = basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  try {
    return readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

// The ssh-config package parses Include but does not follow it; ssh does, and
// many configs keep their hosts in ~/.ssh/config.d/*. Included lines are spliced
// in where the Include stands (inside a Host block they belong to that block).
function expandIncludes(config: SSHConfig, configDir: string, ctx: Context, depth: number): SSHConfig {
  if (depth > 16) throw new Error('Include nested more than 16 levels deep (a loop?)');
  const out = new SSHConfig();
  for (const line of config) {
    if (line.type === SSHConfig.DIRECTIVE && /^include$/i.test(line.param)) {
      for (const raw of directiveValues(line)) {
        const path = expandTilde(raw, ctx);
        for (const file of globFiles(isAbsolute(path) ? path : join(configDir, path))) {
          let text: string;
          try {
            text = readConfigText(file);
          } catch {
            continue; // ssh skips Include files it cannot read
          }
          out.push(...expandIncludes(SSHConfig.parse(text), configDir, ctx, depth + 1));
        }
      }
      continue;
    }
    if (line.type === SSHConfig.DIRECTIVE && 'config' in line) {
      line.config = expandIncludes(line.config, configDir, ctx, depth);
    }
    out.push(line);
  }
  return out;
}

/** Reads an ssh config file (following Include); undefined when it does not exist. */
export function loadSshConfig(file: string, options: { homeDir?: string; localUser?: string } = {}): SSHConfig | undefined {
  const ctx = contextOf(options);
  let text: string;
  try {
    text = readConfigText(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // Relative Include paths in a user's config are relative to ~/.ssh.
  return expandIncludes(SSHConfig.parse(text), join(ctx.home, '.ssh'), ctx, 0);
}

function compute(config: SSHConfig | undefined, host: string, user: string | undefined): Computed {
  if (!config) return {};
  // Match exec would run shell commands from the config inside this program,
  // synchronously; those blocks are skipped (reported as a known gap).
  const query = user === undefined ? { Host: host } : { Host: host, User: user };
  return config.compute(query, { ignoreCase: true, matchExec: false });
}

interface EndpointInput {
  name: string;
  address: string;
  user?: string;
  port?: number;
  identityFile?: string;
  knownHostsFile?: string;
}

function endpoint(input: EndpointInput, c: Computed, ctx: Context, options: ResolveOptions): Endpoint {
  // HostName takes %h (the name given) and %%, e.g. "HostName %h.lab.example".
  const configHostName = single(c.hostname)?.replace(/%([h%])/g, (_w, t: string) => (t === 'h' ? input.address : '%'));
  const hostName = configHostName ?? input.address;
  const user = input.user ?? single(c.user) ?? ctx.localUser;
  const configPort = single(c.port);
  const port = input.port ?? (configPort !== undefined ? Number(configPort) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SshError('config', input.name, `${input.name}: ~/.ssh/config gives Port "${configPort}", which is not a port number; fix the Port line for this host.`);
  }
  const tokens = { original: input.address, hostName, user, port };
  const expand = (v: string) => expandPath(v, ctx, tokens);

  let identityFiles: string[];
  let identitySource: Endpoint['identitySource'];
  const configKeys = list(c.identityfile).filter((f) => f.toLowerCase() !== 'none');
  if (input.identityFile) {
    identityFiles = [input.identityFile];
    identitySource = 'inventory';
  } else if (configKeys.length > 0) {
    identityFiles = configKeys.map(expand);
    identitySource = 'ssh-config';
  } else {
    identityFiles = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(ctx.home, '.ssh', f));
    identitySource = 'default';
  }

  const configKnown = list(c.userknownhostsfile);
  const knownHostsFiles = input.knownHostsFile
    ? [input.knownHostsFile]
    : configKnown.length > 0
      ? configKnown.map(expand)
      : [options.defaultKnownHostsFile ?? join(ctx.home, '.ssh', 'known_hosts')];
  const configGlobal = list(c.globalknownhostsfile);
  const globalKnownHostsFiles = configGlobal.length > 0
    ? configGlobal.map(expand)
    : options.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

  const alias = single(c.hostkeyalias);
  const agent = single(c.identityagent);
  const connectTimeout = single(c.connecttimeout);
  return {
    name: input.name,
    hostName,
    port,
    user,
    identityFiles,
    identitySource,
    knownHostsFiles,
    globalKnownHostsFiles,
    ...(alias ? { hostKeyAlias: alias } : {}),
    identitiesOnly: single(c.identitiesonly)?.toLowerCase() === 'yes',
    ...(agent ? { identityAgent: agent.toLowerCase() === 'none' ? 'none' : agent === 'SSH_AUTH_SOCK' ? process.env.SSH_AUTH_SOCK ?? 'none' : expand(agent) } : {}),
    ...(connectTimeout && /^[0-9]+$/.test(connectTimeout) && Number(connectTimeout) > 0 ? { connectTimeoutMs: Number(connectTimeout) * 1000 } : {}),
  };
}

export interface JumpSpec {
  user?: string;
  host: string;
  port?: number;
}

/** ProxyJump: `[user@]host[:port]` or `ssh://[user@]host[:port]`, comma-separated; "none" is none. */
export function parseProxyJump(value: string): JumpSpec[] {
  if (value.trim().toLowerCase() === 'none') return [];
  return value.split(',').map((raw) => {
    let rest = raw.trim().replace(/^ssh:\/\//, '').replace(/\/$/, '');
    const spec: JumpSpec = { host: '' };
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      spec.user = rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
    const bracketed = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(rest);
    const plain = /^([^:]+)(?::([0-9]+))?$/.exec(rest);
    const m = bracketed ?? plain;
    if (!m?.[1]) throw new Error(`"${raw.trim()}" is not a jump host: write [user@]host[:port]`);
    spec.host = m[1];
    if (m[2] !== undefined) spec.port = Number(m[2]);
    return spec;
  });
}

/**
 * The connection settings for one inventory host. Inventory values win; note
 * that parseInventory fills in user (root) and port (22) when the file omits
 * them, so for hosts read from an inventory file ~/.ssh/config's User and Port
 * only apply to ProxyJump hops.
 */
export function resolveHostSettings(host: HostInput, options: ResolveOptions = {}): HostSettings {
  const ctx = contextOf(options);
  const configFile = options.configFile === undefined ? join(ctx.home, '.ssh', 'config') : options.configFile;
  let config: SSHConfig | undefined;
  if (configFile !== null) {
    try {
      config = loadSshConfig(configFile, ctx.localUser ? { homeDir: ctx.home, localUser: ctx.localUser } : { homeDir: ctx.home });
    } catch (err) {
      throw new SshError('config', host.name, `${host.name}: cannot read the ssh config ${configFile}: ${(err as Error).message}`, { cause: err });
    }
  }
  const c = compute(config, host.address, host.ssh.user);
  const target = endpoint(
    {
      name: host.name,
      address: host.address,
      ...(host.ssh.user !== undefined ? { user: host.ssh.user } : {}),
      ...(host.ssh.port !== undefined ? { port: host.ssh.port } : {}),
      ...(host.ssh.identityFile ? { identityFile: host.ssh.identityFile } : {}),
      ...(host.ssh.knownHostsFile ? { knownHostsFile: host.ssh.knownHostsFile } : {}),
    },
    c,
    ctx,
    options,
  );

  const proxyCommand = single(c.proxycommand);
  const proxyJumpText = single(c.proxyjump);
  if (proxyCommand && proxyCommand.toLowerCase() !== 'none' && !proxyJumpText) {
    throw new SshError('config', host.name, `${host.name}: ~/.ssh/config sets a ProxyCommand for ${host.address}, which this console cannot run; use ProxyJump instead, or connect to an address that is reachable directly.`);
  }
  let jumps: JumpSpec[] = [];
  if (proxyJumpText) {
    try {
      jumps = parseProxyJump(proxyJumpText);
    } catch (err) {
      throw new SshError('config', host.name, `${host.name}: ProxyJump in ~/.ssh/config: ${(err as Error).message}`, { cause: err });
    }
  }
  // Each hop is looked up in the config under its own name, as `ssh -J` does.
  // A hop's own ProxyJump is not followed: list every hop in one ProxyJump.
  const proxyJump = jumps.map((j) => {
    const name = `${j.user ? `${j.user}@` : ''}${j.host}${j.port ? `:${j.port}` : ''}`;
    const hc = compute(config, j.host, j.user);
    return endpoint({ name, address: j.host, ...(j.user ? { user: j.user } : {}), ...(j.port ? { port: j.port } : {}) }, hc, ctx, options);
  });
  return { ...target, proxyJump };
}

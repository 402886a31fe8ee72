// The inventory: which hosts make up the cluster and how to reach them.
// It is the one file format shared by `lab up` (which writes it), the console's
// import, and every `--inventory FILE` option. YAML or JSON (JSON is YAML).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import YAML from 'yaml';
import { validateHostName, validateAddress, validateAbsolutePath, validateDevicePath, validatePort, validateUser, validateZone } from './validate.js';

export interface HostSsh {
  /**
   * Login user and port. Absent means as ssh decides: ~/.ssh/config, else the
   * local user name and port 22. Non-root users run commands through `sudo -n`.
   */
  user?: string;
  port?: number;
  /** Private key file; omitted means ssh-agent and ~/.ssh/config decide. */
  identityFile?: string;
  /** known_hosts file to check host keys against; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
}

export interface InventoryHost {
  /** The name peers know this host by (/etc/hosts, gluster peer probe). */
  name: string;
  /** Where SSH connects and what /etc/hosts maps the name to. */
  address: string;
  ssh: HostSsh;
  zone: string;
  /** The attached volume meant for the brick, e.g. /dev/vdc. */
  device?: string;
  /** A volume-less zone's transient disk (cloud-init's ephemeral0), the brick fallback. */
  transientDevice?: string;
}

export interface Inventory {
  hosts: InventoryHost[];
}

export class InventoryError extends Error {
  constructor(message: string, readonly source?: string) {
    super(source ? `${source}: ${message}` : message);
    this.name = 'InventoryError';
  }
}

type Raw = Record<string, unknown>;

function field<T>(errors: string[], where: string, check: (v: string) => string | null, value: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') {
    errors.push(`${where}: expected text, got ${typeof value}`);
    return undefined;
  }
  const problem = check(text);
  if (problem) errors.push(`${where}: ${problem}`);
  return text as T;
}

/** Checks an untrusted object (parsed YAML/JSON) and returns a typed inventory, or throws listing every problem. */
export function parseInventory(data: unknown, source?: string): Inventory {
  const errors: string[] = [];
  if (typeof data !== 'object' || data === null || !Array.isArray((data as Raw).hosts)) {
    throw new InventoryError('expected an object with a "hosts" list', source);
  }
  const hosts: InventoryHost[] = [];
  const seenNames = new Map<string, number>();
  const seenAddresses = new Map<string, number>();
  ((data as Raw).hosts as unknown[]).forEach((rawHost, i) => {
    const where = `hosts[${i}]`;
    if (typeof rawHost !== 'object' || rawHost === null) {
      errors.push(`${where}: expected an object`);
      return;
    }
    const h = rawHost as Raw;
    const ssh = (typeof h.ssh === 'object' && h.ssh !== null ? h.ssh : {}) as Raw;
    const name = field<string>(errors, `${where}.name`, validateHostName, h.name);
    const address = field<string>(errors, `${where}.address`, validateAddress, h.address);
    if (name === undefined) errors.push(`${where}.name: required`);
    if (address === undefined) errors.push(`${where}.address: required`);
    const user = field<string>(errors, `${where}.ssh.user`, validateUser, ssh.user);
    const portText = field<string>(errors, `${where}.ssh.port`, validatePort, ssh.port);
    const identityFile = field<string>(errors, `${where}.ssh.identityFile`, validateAbsolutePath, ssh.identityFile);
    const knownHostsFile = field<string>(errors, `${where}.ssh.knownHostsFile`, validateAbsolutePath, ssh.knownHostsFile);
    const zone = field<string>(errors, `${where}.zone`, validateZone, h.zone) ?? 'default';
    const device = field<string>(errors, `${where}.device`, validateDevicePath, h.device);
    const transientDevice = field<string>(errors, `${where}.transientDevice`, validateDevicePath, h.transientDevice);
    if (name !== undefined) {
      const prev = seenNames.get(name);
      if (prev !== undefined) errors.push(`${where}.name: "${name}" is also hosts[${prev}]`);
      seenNames.set(name, i);
    }
    if (address !== undefined) {
      const key = `${address}:${portText ?? 22}`;
      const prev = seenAddresses.get(key);
      if (prev !== undefined) errors.push(`${where}.address: ${key} is also hosts[${prev}]`);
      seenAddresses.set(key, i);
    }
    if (name === undefined || address === undefined) return;
    hosts.push({
      name,
      address,
      ssh: {
        ...(user !== undefined ? { user } : {}),
        ...(portText !== undefined ? { port: Number(portText) } : {}),
        ...(identityFile ? { identityFile } : {}),
        ...(knownHostsFile ? { knownHostsFile } : {}),
      },
      zone,
      ...(device ? { device } : {}),
      ...(transientDevice ? { transientDevice } : {}),
    });
  });
  if (errors.length > 0) throw new InventoryError(`invalid inventory:\n  ${errors.join('\n  ')}`, source);
  return { hosts };
}

export function readInventoryFile(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InventoryError(`cannot read: ${(err as Error).message}`, path);
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (err) {
    throw new InventoryError(`not valid YAML or JSON: ${(err as Error).message}`, path);
  }
  return parseInventory(data, path);
}

/** Writes atomically (temporary file + rename) so a crash never leaves half an inventory. */
export function writeInventoryFile(path: string, inventory: Inventory): void {
  const checked = parseInventory(inventory);
  const text = path.endsWith('.json') ? JSON.stringify(checked, null, 2) + '\n' : YAML.stringify(checked);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

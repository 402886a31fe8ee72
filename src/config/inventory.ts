// The inventory: which hosts make up the cluster and how to reach them.
// It is the one file format shared by `lab up` (which writes it), the console's
// import, and every `--inventory FILE` option. YAML or JSON (JSON is YAML).
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import YAML from 'yaml';
import { FileReadError, readRegularFile } from '../fsutil/read-regular-file.js';
import { addressIdentity, HOST_KEYS, isMapping, SSH_KEYS, TOP_KEYS, typeName, unknownKeys } from './inventory-keys.js';
import { printable, shown, validateHostName, validateAddress, validateAbsolutePath, validateDevicePath, validatePort, validateUser, validateZone } from './validate.js';

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
    super(source ? `${printable(source)}: ${message}` : message);
    this.name = 'InventoryError';
  }
}

/**
 * The product sets up and watches clusters of 3 to 12 machines, with one SSH
 * connection per host: 250 leaves room for any real cluster and stops a file of
 * hundreds of thousands of hosts before anything connects or runs out of memory.
 */
export const MAX_HOSTS = 250;
const WHY_MAX_HOSTS = 'the console is made for clusters of 3 to 12 machines and opens an SSH connection to every host';
/** 250 hosts take about 100 KB written out; 1 MiB leaves room for comments and keeps parsing well under a second. */
export const MAX_INVENTORY_BYTES = 1024 * 1024;
/** YAML aliases an inventory may reasonably use (a shared ssh: block per host); more is an alias bomb. */
const MAX_ALIASES = 2 * MAX_HOSTS;
/** Problems listed at once; more are counted, not listed. */
const MAX_LISTED = 50;

type Raw = Record<string, unknown>;

function text<T>(errors: string[], where: string, check: (v: string) => string | null, value: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    errors.push(`${where}: expected text, got ${typeName(value)}`);
    return undefined;
  }
  const problem = check(value);
  if (problem) errors.push(`${where}: ${problem}`);
  return value as T;
}

function port(errors: string[], where: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') {
    errors.push(`${where}: expected a number, got ${typeName(value)}`);
    return undefined;
  }
  const problem = validatePort(String(value));
  if (problem) errors.push(`${where}: ${problem}`);
  return problem ? undefined : Number(value);
}

/** Checks an untrusted object (parsed YAML/JSON) and returns a typed inventory, or throws listing every problem. */
export function parseInventory(data: unknown, source?: string): Inventory {
  if (!isMapping(data) || data.hosts === undefined) throw new InventoryError('expected an object with a "hosts" list', source);
  if (!Array.isArray(data.hosts)) throw new InventoryError(`hosts: expected a list of hosts, got ${typeName(data.hosts)}`, source);
  const rawHosts = data.hosts as unknown[];
  // Before looking at any host: the size alone is enough to refuse, and it must be quick.
  if (rawHosts.length > MAX_HOSTS) throw new InventoryError(`hosts: ${rawHosts.length} hosts; at most ${MAX_HOSTS} (${WHY_MAX_HOSTS})`, source);
  const errors: string[] = unknownKeys(data, TOP_KEYS, '');
  const hosts: InventoryHost[] = [];
  const seenNames = new Map<string, { i: number; name: string }>();
  const seenAddresses = new Map<string, number>();
  rawHosts.forEach((rawHost, i) => {
    const where = `hosts[${i}]`;
    if (!isMapping(rawHost)) {
      errors.push(`${where}: expected an object`);
      return;
    }
    const h = rawHost as Raw;
    errors.push(...unknownKeys(h, HOST_KEYS, where));
    let ssh: Raw = {};
    if (isMapping(h.ssh)) {
      ssh = h.ssh;
      errors.push(...unknownKeys(ssh, SSH_KEYS, `${where}.ssh`));
    } else if (h.ssh !== undefined && h.ssh !== null) {
      errors.push(`${where}.ssh: expected a mapping (${SSH_KEYS.join(', ')}), got ${typeName(h.ssh)}`);
    }
    const name = text<string>(errors, `${where}.name`, validateHostName, h.name);
    const address = text<string>(errors, `${where}.address`, validateAddress, h.address);
    if (h.name === undefined || h.name === null) errors.push(`${where}.name: required`);
    if (h.address === undefined || h.address === null) errors.push(`${where}.address: required`);
    const user = text<string>(errors, `${where}.ssh.user`, validateUser, ssh.user);
    const sshPort = port(errors, `${where}.ssh.port`, ssh.port);
    const identityFile = text<string>(errors, `${where}.ssh.identityFile`, validateAbsolutePath, ssh.identityFile);
    const knownHostsFile = text<string>(errors, `${where}.ssh.knownHostsFile`, validateAbsolutePath, ssh.knownHostsFile);
    const zone = text<string>(errors, `${where}.zone`, validateZone, h.zone) ?? 'default';
    const device = text<string>(errors, `${where}.device`, validateDevicePath, h.device);
    const transientDevice = text<string>(errors, `${where}.transientDevice`, validateDevicePath, h.transientDevice);
    if (name !== undefined && validateHostName(name) === null) {
      // Name lookup (/etc/hosts, DNS, gluster's peer names) ignores case: NODE1 and node1 are one name.
      const prev = seenNames.get(name.toLowerCase());
      if (prev !== undefined) {
        errors.push(`${where}.name: ${shown(name)} is also hosts[${prev.i}]${prev.name !== name ? ` (${shown(prev.name)}): host names are looked up without regard to case` : ''}`);
      } else seenNames.set(name.toLowerCase(), { i, name });
    }
    if (address !== undefined && validateAddress(address) === null) {
      // The address is what /etc/hosts maps the name to: two hosts on one address are one gluster peer.
      const identity = addressIdentity(address);
      const prev = seenAddresses.get(identity);
      if (prev !== undefined) errors.push(`${where}.address: ${address} is also hosts[${prev}]'s address: /etc/hosts would map both names to one machine`);
      else seenAddresses.set(identity, i);
    }
    if (name === undefined || address === undefined) return;
    hosts.push({
      name,
      address,
      ssh: {
        ...(user !== undefined ? { user } : {}),
        ...(sshPort !== undefined ? { port: sshPort } : {}),
        ...(identityFile ? { identityFile } : {}),
        ...(knownHostsFile ? { knownHostsFile } : {}),
      },
      zone,
      ...(device ? { device } : {}),
      ...(transientDevice ? { transientDevice } : {}),
    });
  });
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED);
    if (errors.length > MAX_LISTED) listed.push(`... and ${errors.length - MAX_LISTED} more problems`);
    throw new InventoryError(`invalid inventory:\n  ${listed.join('\n  ')}`, source);
  }
  return { hosts };
}

/** A YAML message (which quotes the offending line of the file) made safe to show, and not too long. */
function yamlMessage(message: string): string {
  return message
    .split('\n')
    .slice(0, 6)
    .map((line) => printable(line.length > 200 ? `${line.slice(0, 200)}…` : line))
    .join('\n    ');
}

function decode(bytes: Buffer, path: string): string {
  if (bytes.includes(0)) throw new InventoryError('not text: it contains NUL bytes (a binary file?)', path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InventoryError('not text: it is not valid UTF-8 (a binary file?)', path);
  }
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

export function readInventoryFile(path: string): Inventory {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, { maxBytes: MAX_INVENTORY_BYTES, why: `an inventory of ${MAX_HOSTS} hosts is about 100 KB` });
  } catch (err) {
    if (!(err instanceof FileReadError)) throw new InventoryError(`cannot read: ${printable((err as Error).message)}`, path);
    // Not a file, or too big: say what it is. Could not open it: "cannot read", and why.
    throw new InventoryError(['ENOTREG', 'EISDIR', 'EFBIG'].includes(err.code) ? err.problem : `cannot read: ${err.problem}`, path);
  }
  const text = decode(bytes, path);
  if (text.trim() === '') throw new InventoryError('the file is empty', path);
  let data: unknown;
  try {
    // Warnings (an unknown tag, say) are errors here: the file must mean exactly what it says.
    const doc = YAML.parseDocument(text, { logLevel: 'silent', uniqueKeys: true, prettyErrors: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw problem;
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw new InventoryError(`not valid YAML or JSON: ${yamlMessage((err as Error).message)}`, path);
  }
  if (data === null || data === undefined) throw new InventoryError('the file is empty', path);
  return parseInventory(data, path);
}

/** Writes atomically (temporary file + rename) so a crash never leaves half an inventory. */
export function writeInventoryFile(path: string, inventory: Inventory): void {
  const checked = parseInventory(inventory);
  const text = path.endsWith('.json') ? `${JSON.stringify(checked, null, 2)}\n` : YAML.stringify(checked);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

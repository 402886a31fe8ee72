// OpenSSH known_hosts, read the way ssh reads it, so that a host the operator
// has already trusted with `ssh` is trusted here, and a host whose key changed
// is refused here just as ssh would refuse it.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, constants, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRegularFile } from '../fsutil/read-regular-file.js';

/** About 40 000 hosts' keys; far more than any real known_hosts, far less than /dev/zero. */
const MAX_KNOWN_HOSTS_BYTES = 16 * 1024 * 1024;
const readKnownHosts = (file: string) => readRegularFile(file, { maxBytes: MAX_KNOWN_HOSTS_BYTES }).toString('utf8');

export interface KnownHostsEntry {
  file: string;
  /** 1-based, as ssh-keygen -R and editors count. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written: names, patterns, or a |1|salt|hash. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyStatus = 'match' | 'mismatch' | 'unknown';

export interface HostKeyCheck {
  status: HostKeyStatus | 'revoked';
  /**
   * 'different-key': the host is known with another key of this type.
   * 'different-type': the host is known only with keys of other types. We ask
   * servers for the key types we already know first (as ssh does), so a server
   * that still presents some other type no longer offers the key we trusted:
   * that is what an impostor with a fresh key looks like, so it is refused too.
   */
  reason?: 'different-key' | 'different-type';
  /** match: the entry that matched; mismatch: the entries that disagree; revoked: the @revoked line. */
  entries: KnownHostsEntry[];
}

/** The name a known_hosts line uses for a host: `host`, or `[host]:port` off port 22. */
export function hostKeyName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** Like `ssh-keygen -l`: SHA256:base64 without padding. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH wire-format public key. */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > keyBlob.length) return undefined;
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** rsa-sha2-256/512 are signature algorithms over an ssh-rsa key; known_hosts stores ssh-rsa. */
export function normalizeKeyType(keyType: string): string {
  return keyType === 'rsa-sha2-256' || keyType === 'rsa-sha2-512' ? 'ssh-rsa' : keyType;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** ssh's match_hostname: any positive pattern matches and no negated one does. */
function matchesPatterns(name: string, field: string): boolean {
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (pattern.length === 0) continue;
    const hit = /[*?]/.test(pattern) ? globToRegExp(pattern).test(name) : pattern === name;
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

function matchesHashed(name: string, field: string): boolean {
  const parts = field.split('|');
  // |1|salt|hash splits into ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const hash = Buffer.from(parts[3] ?? '', 'base64');
  if (salt.length === 0 || hash.length !== 20) return false;
  return createHmac('sha1', salt).update(name).digest().equals(hash);
}

function hostMatches(entry: KnownHostsEntry, name: string): boolean {
  return entry.hosts.startsWith('|') ? matchesHashed(name, entry.hosts) : matchesPatterns(name, entry.hosts);
}

export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostsEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // a marker ssh does not know: ssh skips the line too
    }
    const [hosts, keyType, keyText] = fields;
    if (!hosts || !keyType || !keyText) return;
    const key = Buffer.from(keyText, 'base64');
    // A line whose key does not decode to its stated type is corrupt; ssh ignores it.
    if (keyTypeOf(key) !== keyType) return;
    entries.push({ file, line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return entries;
}

export class KnownHosts {
  constructor(readonly entries: KnownHostsEntry[] = []) {}

  /** Reads every file that exists; a missing file is an empty one, as for ssh. */
  static load(files: readonly string[]): KnownHosts {
    const entries: KnownHostsEntry[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readKnownHosts(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
        throw err;
      }
      entries.push(...parseKnownHosts(text, file));
    }
    return new KnownHosts(entries);
  }

  private forHost(host: string, port: number): KnownHostsEntry[] {
    const name = hostKeyName(host, port);
    return this.entries.filter((e) => hostMatches(e, name));
  }

  check(host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyCheck {
    const type = normalizeKeyType(keyType);
    const entries = this.forHost(host, port);
    const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(keyBlob));
    if (revoked) return { status: 'revoked', entries: [revoked] };
    const plain = entries.filter((e) => e.marker === undefined);
    const same = plain.find((e) => e.keyType === type && e.key.equals(keyBlob));
    if (same) return { status: 'match', entries: [same] };
    const sameType = plain.filter((e) => e.keyType === type);
    if (sameType.length > 0) return { status: 'mismatch', reason: 'different-key', entries: sameType };
    if (plain.length > 0) return { status: 'mismatch', reason: 'different-type', entries: plain };
    return { status: 'unknown', entries: [] };
  }

  lookup(host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyStatus {
    const { status } = this.check(host, port, keyType, keyBlob);
    return status === 'revoked' ? 'mismatch' : status;
  }

  /** Key types recorded for the host, so the handshake can ask for those first. */
  knownKeyTypes(host: string, port: number): string[] {
    const types = this.forHost(host, port).filter((e) => e.marker === undefined).map((e) => e.keyType);
    return [...new Set(types)];
  }

  add(entry: KnownHostsEntry): void {
    this.entries.push(entry);
  }
}

function endsWithNewline(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO must not block
  } catch {
    return true; // absent: nothing to separate from
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

function countLines(file: string): number {
  try {
    const text = readKnownHosts(file);
    return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  } catch {
    return 0;
  }
}

export interface AppendOptions {
  /** Write the name as |1|salt|hash (ssh's HashKnownHosts) instead of in clear. */
  hash?: boolean;
}

/**
 * Records a host key the operator accepted. Creates the directory (0700) and
 * file (0600) like ssh; uses `[addr]:port` off port 22 so that ssh reads it too.
 */
export function appendKnownHost(file: string, host: string, port: number, keyBlob: Buffer, options: AppendOptions = {}): KnownHostsEntry {
  const keyType = keyTypeOf(keyBlob);
  if (!keyType) throw new Error('appendKnownHost: not an SSH public key blob');
  const name = hostKeyName(host, port);
  let hosts = name;
  if (options.hash) {
    const salt = randomBytes(20);
    hosts = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // A last line without a newline would otherwise be glued to ours.
  const prefix = endsWithNewline(file) ? '' : '\n';
  const line = countLines(file) + 1;
  appendFileSync(file, `${prefix}${hosts} ${keyType} ${keyBlob.toString('base64')}\n`, { mode: 0o600 });
  return { file, line, hosts, keyType, key: keyBlob };
}

// The local files an inventory names (ssh.identityFile, ssh.knownHostsFile),
// checked before anything connects: /dev/zero or a FIFO named as a key is bad
// input, refused with the field named (exit 2), not a hang or an out-of-memory
// death half-way through connecting. Missing known_hosts files are fine (ssh
// reads them as empty); a missing key file is not.
import { readRegularFile } from '../fsutil/read-regular-file.js';
import type { Inventory } from './inventory.js';

/** Same limits as the SSH layer that reads them later. */
const KEY_LIMIT = { maxBytes: 1024 * 1024, why: 'a private key is a few KB' };
const KNOWN_HOSTS_LIMIT = { maxBytes: 16 * 1024 * 1024 };

/** One message per unusable file, each naming its field; empty when all are usable. */
export function checkInventoryFiles(inventory: Inventory): string[] {
  const problems: string[] = [];
  const checked = new Map<string, string | null>();
  const check = (file: string, limits: { maxBytes: number; why?: string }, missingOk: boolean): string | null => {
    const key = `${missingOk}:${file}`;
    if (!checked.has(key)) {
      let problem: string | null = null;
      try {
        readRegularFile(file, limits);
      } catch (err) {
        if (!(missingOk && (err as NodeJS.ErrnoException).code === 'ENOENT')) problem = (err as Error).message;
      }
      checked.set(key, problem);
    }
    return checked.get(key)!;
  };
  inventory.hosts.forEach((host, i) => {
    const { identityFile, knownHostsFile } = host.ssh;
    const key = identityFile ? check(identityFile, KEY_LIMIT, false) : null;
    if (key) problems.push(`hosts[${i}].ssh.identityFile: ${key}`);
    const known = knownHostsFile ? check(knownHostsFile, KNOWN_HOSTS_LIMIT, true) : null;
    if (known) problems.push(`hosts[${i}].ssh.knownHostsFile: ${known}`);
  });
  return problems;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInventoryFiles } from '../../src/config/inventory-files.js';
import { parseInventory } from '../../src/config/inventory.js';

const dir = mkdtempSync(join(tmpdir(), 'gc-inv-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkInventoryFiles', () => {
  it('names the field of every key or known_hosts file that is not a usable regular file', () => {
    const key = join(dir, 'key');
    writeFileSync(key, 'a key');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const inventory = parseInventory({
      hosts: [
        { name: 'n1', address: '10.0.0.1', ssh: { identityFile: key, knownHostsFile: join(dir, 'absent') } },
        { name: 'n2', address: '10.0.0.2', ssh: { identityFile: '/dev/zero', knownHostsFile: fifo } },
        { name: 'n3', address: '10.0.0.3', ssh: { identityFile: join(dir, 'nokey') } },
      ],
    });
    expect(checkInventoryFiles(inventory)).toEqual([
      'hosts[1].ssh.identityFile: /dev/zero: not a regular file (a character device)',
      `hosts[1].ssh.knownHostsFile: ${fifo}: not a regular file (a FIFO)`,
      `hosts[2].ssh.identityFile: ${join(dir, 'nokey')}: does not exist`,
    ]);
  });
});

// A lab of real nodes for one test file: fresh state directory, up in
// beforeAll, down in afterAll (down also runs if up failed half-way).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { labDown, labUp } from '../../src/lab/lab.js';
import { readInventoryFile, type Inventory } from '../../src/config/inventory.js';
import { labInventoryPath } from '../../src/lab/paths.js';

export interface TestLab {
  dir: string;
  inventory: Inventory;
  key: string;
  knownHosts: string;
  down(): Promise<void>;
}

export async function startTestLab(nodes: number, volumeless = 0): Promise<TestLab> {
  const dir = mkdtempSync(join(tmpdir(), 'gc-lab-'));
  try {
    await labUp({ dir, nodes, volumeless });
  } catch (err) {
    await labDown(dir);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    inventory: readInventoryFile(labInventoryPath(dir)),
    key: join(dir, 'lab_key'),
    knownHosts: join(dir, 'known_hosts'),
    async down() {
      await labDown(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SshRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command on a node with the system's OpenSSH client: an independent
 * witness, so lab tests do not depend on the SSH layer they may be testing.
 */
export function sshRun(lab: TestLab, address: string, command: string, timeoutMs = 60_000): Promise<SshRun> {
  const args = [
    '-i', lab.key,
    '-o', `UserKnownHostsFile=${lab.knownHosts}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5',
    '-o', 'LogLevel=ERROR',
    `root@${address}`,
    command,
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 255) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Polls until the check passes; returns the last value for the assertion. */
export async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await fn();
  }
  return value;
}

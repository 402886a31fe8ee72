// Decides once per run whether this machine can run the lab suite (root,
// Linux, the packages, free ports). When it cannot, the suite is skipped with
// the reason printed; under CI=true a skipped lab suite fails the run, because
// CI exists to prove the product against real GlusterFS.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { preflight } from '../../src/lab/preflight.js';
import { nodeAddress } from '../../src/lab/paths.js';
import { allWorkerNets, LAB_BASE_NET, labWorkers } from './worker-net.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Empty when the lab can run; otherwise why it cannot. */
    labSkipReason: string;
  }
}

export default function setup(project: TestProject): void {
  // Every net a worker may use (worker-net.ts), 12 nodes each: a port held on
  // any of them would fail that worker's files half-way through the run.
  const nets = allWorkerNets(LAB_BASE_NET, labWorkers());
  const addresses = nets.flatMap((net) => Array.from({ length: 12 }, (_, i) => nodeAddress(i + 1, net)));
  const { problems } = preflight(addresses);
  const reason = problems.join('; ');
  if (reason) {
    if (process.env.CI === 'true' || process.env.CI === '1') {
      throw new Error(`CI=true but the lab suite cannot run on this machine: ${reason}`);
    }
    process.stderr.write(`\n[lab] the lab suite is SKIPPED on this machine: ${reason}\n\n`);
  }
  project.provide('labSkipReason', reason);
  // A fresh directory for the lab workers' slot locks (worker-setup.ts), inherited by every worker of this run.
  process.env.GLUSTER_CONSOLE_LAB_SLOTS_DIR = mkdtempSync(join(tmpdir(), 'gc-lab-slots-'));
}

// setupFiles of the lab project: pins this worker's lab net before the test
// file runs (see worker-net.ts). The base is kept in its own variable so that a
// worker that runs several files in turn never shifts its net twice.
import { LAB_BASE_NET, workerLabNet } from './worker-net.js';

process.env.GLUSTER_CONSOLE_LAB_BASE_NET = LAB_BASE_NET;
process.env.GLUSTER_CONSOLE_LAB_NET = workerLabNet(LAB_BASE_NET, Number(process.env.VITEST_POOL_ID ?? '1'));

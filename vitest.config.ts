import { defineConfig } from 'vitest/config';
import { labWorkers } from './test/lab/worker-net.js';

// Two projects: fast unit/component tests run in parallel; the lab suite drives
// real glusterd/sshd hosts, each file on a lab of its own. Its files run in a few
// workers at once (GLUSTER_CONSOLE_LAB_WORKERS, default 3), each worker on a lab
// net of its own (test/lab/worker-net.ts): the lab spends most of its time
// waiting on daemons and timeouts, so even two cores run three at once well.
// The lab runs after the unit tests (groupOrder), with generous timeouts. test/lab/global-setup.ts decides whether this
// machine can run the lab, and fails the run under CI=true when it cannot.
export default defineConfig({
  test: {
    // The hardening suite's table (case, expected, observed) closes the run: test/lab/suite-table.ts.
    reporters: ['default', './test/lab/suite-table.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/lab/**'],
          setupFiles: ['test/setup-unit.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          globalSetup: ['test/lab/global-setup.ts'],
          setupFiles: ['test/lab/worker-setup.ts'],
          maxWorkers: labWorkers(),
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
          environment: 'node',
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Two projects: fast unit/component tests run in parallel; the lab suite drives
// real glusterd/sshd hosts that share loopback addresses, so its files run one
// at a time with generous timeouts. test/lab/global-setup.ts decides whether this
// machine can run the lab, and fails the run under CI=true when it cannot.
export default defineConfig({
  test: {
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
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
          environment: 'node',
        },
      },
    ],
  },
});

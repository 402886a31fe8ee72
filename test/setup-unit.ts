// Tests that must fail instead of skipping when CI lacks a tool it installs (python3-heat) read
// whether CI was set from here: kept once, before the first test file of a worker deletes it.
if (process.env.GLUSTER_CONSOLE_TEST_CI === undefined) process.env.GLUSTER_CONSOLE_TEST_CI = process.env.CI === 'true' || process.env.CI === '1' ? 'true' : 'false';

// Component tests render Ink without a TTY: keep output deterministic.
// Ink turns off interactive behaviour when CI is set, so unset it for the
// tests that render, and pin colour off so snapshots of text are stable.
delete process.env.CI;
process.env.FORCE_COLOR = '0';

// The scripted fake executor cannot be fooled: a command it did not expect (even
// one whose error the code under test caught) or one it expected and never saw
// fails the test that caused it.
import { afterEach, expect } from 'vitest';
import { fakeExecutorProblems } from './support/fake-executor.js';

afterEach(() => {
  expect(fakeExecutorProblems(), 'the fake executor saw commands the test did not script, or missed ones it did').toEqual([]);
});

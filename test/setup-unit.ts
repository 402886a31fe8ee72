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

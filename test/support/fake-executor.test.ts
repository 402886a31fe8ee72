import { describe, expect, it } from 'vitest';
import { cmd } from '../../src/shell/command.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor, fakeExecutorProblems } from './fake-executor.js';

describe('FakeExecutor', () => {
  it('answers scripted commands and records them per host', async () => {
    const fake = new FakeExecutor().on('*', 'hostname', { stdout: 'n1\n' }).on('n2', /^gluster /, { code: 1, stderr: 'no' });
    expect((await fake.exec('n1', cmd('hostname'))).stdout).toBe('n1\n');
    expect((await fake.exec('n2', cmd('gluster', 'pool', 'list'))).code).toBe(1);
    expect(fake.commandsOn('n2')).toEqual(['gluster pool list']);
  });

  it('fails loudly on a command nobody expected', async () => {
    await expect(new FakeExecutor().exec('n1', cmd('rm', '-rf', '/'))).rejects.toThrow('unexpected command on n1: rm -rf /');
    // Recorded too, for the shared afterEach: a caught throw still fails the test.
    expect(fakeExecutorProblems()).toEqual(['FakeExecutor: unexpected command on n1: rm -rf /']);
  });

  it('answers a limited number of times, and turns SSH errors into execAll entries', async () => {
    const fake = new FakeExecutor()
      .on('*', 'true', { times: 1 })
      .on('down', 'true', { error: new SshError('unreachable', 'down', 'down: connection refused') });
    const entries = await fake.execAll(['up', 'down'], cmd('true'));
    expect(entries[0]!.result?.code).toBe(0);
    expect(entries[1]!.error?.kind).toBe('unreachable');
    await expect(fake.exec('up', cmd('true'))).rejects.toThrow(/unexpected/);
    expect(fakeExecutorProblems()).toEqual(['FakeExecutor: unexpected command on up: true']);
  });
});

describe('the shared check after each test', () => {
  it('sees an unexpected command whose error the code under test swallowed', async () => {
    const fake = new FakeExecutor();
    await fake.exec('n1', cmd('reboot')).catch(() => undefined);
    expect(fakeExecutorProblems()).toEqual(['FakeExecutor: unexpected command on n1: reboot']);
  });

  it('sees an answer scripted to be used and never asked for', () => {
    new FakeExecutor().on('n1', 'mount /b', { stdout: '', times: 1 });
    expect(fakeExecutorProblems()).toEqual(['FakeExecutor: expected mount /b on n1 1 time(s), ran 0']);
  });
});

// The prompt on top of the screens, as the operator uses it: keys go to the
// question, not to the screen behind it.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { sshPromptOptions } from '../../src/ui/ssh-prompts.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { frameHas, KEY, pressEscape, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function start() {
  const { dir, cleanup } = tempDir();
  const store = createAppStore();
  const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => new FakeExecutor()} />);
  cleanups.push(ui.unmount, cleanup);
  return { ...ui, store };
}

describe('prompts in the console', () => {
  it('shows an unknown host key with its fingerprint and answers yes on y', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Welcome'));
    const answer = sshPromptOptions(store).onUnknownHostKey!({ host: 'node2', address: '127.1.1.2', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc' });
    const frame = await waitForFrame(lastFrame, frameHas('node2: unknown host key'));
    expect(frame).toContain('SHA256:abc');
    stdin.write('q'); // not quit: the question owns the keyboard
    stdin.write('y');
    expect(await answer).toBe(true);
    expect(store.getState().quitRequested).toBe(false);
  });

  it('answers no on Esc and keeps the screen where it was', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Welcome'));
    const answer = sshPromptOptions(store).onUnknownHostKey!({ host: 'n', address: 'a', port: 22, keyType: 't', fingerprint: 'f' });
    await waitForFrame(lastFrame, frameHas('unknown host key'));
    await pressEscape(stdin);
    expect(await answer).toBe(false);
    expect(store.getState().stack).toEqual(['welcome']);
  });

  it('hides a passphrase as it is typed', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Welcome'));
    const answer = sshPromptOptions(store).askPassphrase!('/home/op/.ssh/id_ed25519');
    await waitForFrame(lastFrame, frameHas('Passphrase for the key'));
    stdin.write('s3cr');
    const typed = await waitForFrame(lastFrame, frameHas('••••'));
    expect(typed).not.toContain('s3cr');
    stdin.write(KEY.enter);
    expect(await answer).toBe('s3cr');
  });

  it('accepts a typed confirmation only when it matches exactly', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Welcome'));
    const answer = store.getState().ask({ kind: 'typed', title: 'Destroy the data on node2:/dev/vdc?', lines: [], expect: 'node2' });
    await waitForFrame(lastFrame, frameHas('Type node2 to confirm'));
    stdin.write('node3');
    await waitForFrame(lastFrame, frameHas('node3'));
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, frameHas('That is not "node2": nothing was done'));
    for (let i = 0; i < 5; i++) stdin.write('\u007f');
    stdin.write('node2');
    await waitForFrame(lastFrame, (f) => f.includes('confirm: node2'));
    stdin.write(KEY.enter);
    expect(await answer).toBe('node2');
  });
});

describe('typed answers arriving in one read', () => {
  it('takes a pasted name followed by Enter, and several fast chunks, without losing characters', async () => {
    const { lastFrame, stdin, store } = start();
    await waitForFrame(lastFrame, frameHas('Welcome'));
    const first = store.getState().ask({ kind: 'typed', title: 'Format node3:/dev/vdb?', lines: [], expect: 'node3' });
    await waitForFrame(lastFrame, frameHas('Type node3 to confirm'));
    stdin.write('node3\r');
    expect(await first).toBe('node3');
    const second = store.getState().ask({ kind: 'typed', title: 'Format node2:/dev/vdc?', lines: [], expect: 'node2' });
    await waitForFrame(lastFrame, frameHas('Type node2 to confirm'));
    stdin.write('no');
    stdin.write('de');
    stdin.write('2');
    stdin.write(KEY.enter);
    expect(await second).toBe('node2');
  });
});

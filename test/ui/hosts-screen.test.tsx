import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { HOST_CHECK_COMMAND } from '../../src/steps/host-check.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { frameHas, resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const inventory = {
  hosts: [
    { name: 'node1', address: '127.1.1.1', ssh: {}, zone: 'a' },
    { name: 'node2', address: '127.1.1.2', ssh: {}, zone: 'a' },
  ],
};

describe('Check hosts screen', () => {
  it('shows each host as it answers, failures with their reason, and checks again on r', async () => {
    let calls = 0;
    const fake = new FakeExecutor()
      .on('node1', HOST_CHECK_COMMAND.text, () => (calls++, { stdout: `root\nos=debian|12|Debian GNU/Linux 12 (bookworm)\ngluster=glusterfs ${calls === 1 ? '10.3' : '10.4'}\ninit=other\n` }))
      .on('node2', HOST_CHECK_COMMAND.text, { error: new SshError('unreachable', 'node2', 'node2: 127.1.1.2:22 refused the connection') });
    const { dir, cleanup } = tempDir();
    const store = createAppStore({ inventory, stack: ['welcome', 'hosts'] });
    const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => fake} />);
    cleanups.push(ui.unmount, cleanup);
    // The test terminal is 100 columns wide: compare with line wraps folded.
    const frame = (await waitForFrame(ui.lastFrame, (f) => f.includes('GlusterFS 10.3') && f.includes('FAILED'))).replace(/\s+/g, ' ');
    expect(frame).toMatch(/node1 127\.1\.1\.1 ok · root · Debian GNU\/Linux 12 \(bookworm\) · GlusterFS 10\.3 · no systemd/);
    expect(frame).toMatch(/node2 127\.1\.1\.2 FAILED: node2: 127\.1\.1\.2:22 refused the connection/);
    ui.stdin.write('r');
    await waitForFrame(ui.lastFrame, frameHas('GlusterFS 10.4'));
    expect(calls).toBe(2);
  });

  it('scrolls many hosts inside an 80x24 terminal, the command line and the footer staying on screen', async () => {
    const many = { hosts: Array.from({ length: 30 }, (_, i) => ({ name: `node${i + 1}`, address: `127.1.1.${i + 1}`, ssh: {}, zone: 'a' })) };
    const fake = new FakeExecutor();
    for (const h of many.hosts) fake.on(h.name, HOST_CHECK_COMMAND.text, { stdout: 'root\nos=debian|12|Debian GNU/Linux 12 (bookworm)\ngluster=glusterfs 10.3\ninit=systemd\n' });
    const { dir, cleanup } = tempDir();
    const store = createAppStore({ inventory: many, stack: ['welcome', 'hosts'] });
    const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => fake} />);
    cleanups.push(ui.unmount, cleanup);
    resizeTerminal(ui.stdout, 80, 24);
    const top = await waitForFrame(ui.lastFrame, (f) => /1–\d+ of 30 · PgUp\/PgDn scroll/.test(f) && f.includes('ok · root'));
    const lines = top.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(top).toContain('Runs on every host (read only)');
    expect(top).toMatch(/^node1 /m);
    expect(top).not.toMatch(/^node30 /m);
    expect(lines.at(-1)).toContain('q quit');
    ui.stdin.write('\u001B[F'); // End
    const end = await waitForFrame(ui.lastFrame, (f) => /\d+–30 of 30/.test(f));
    expect(end).toMatch(/^node30 /m);
    expect(end).toContain('Runs on every host (read only)');
    expect(end.split('\n').at(-1)).toContain('q quit');
  });
});

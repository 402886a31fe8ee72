// The panel's / filter narrows every list of the cluster view, the hosts table
// included, and an empty list says what is true: nothing there, or nothing
// that matches.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { LAB_HOSTS, replay } from '../panel/replay.js';
import { tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(fake: FakeExecutor) {
  const { dir, cleanup } = tempDir('gc-panel-filter-');
  const settings = createSettings({ cwd: dir });
  settings.setSetting('refreshIntervalMs', 500);
  const store = createAppStore({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'] });
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
  cleanups.push(ui.unmount, cleanup);
  const until = (check: (f: string) => boolean) => waitForFrame(() => (ui.lastFrame() ?? '').replace(/[ \t]+/g, ' '), check, { timeoutMs: 5000 });
  return { ui, until };
}

describe('the panel filter', () => {
  it('narrows the hosts table too', async () => {
    const { ui, until } = open(replay('node3-crashed'));
    await until((f) => f.includes('Cluster DEGRADED') && /^node1 up/m.test(f));
    ui.stdin.write('/');
    await until((f) => f.includes('filter: /'));
    ui.stdin.write('down');
    const filtered = await until((f) => f.includes('filter: /down'));
    expect(filtered).toMatch(/^node3 down unknown/m);
    expect(filtered).not.toMatch(/^node1 up/m);
    expect(filtered).not.toMatch(/^node2 up/m);
    expect(filtered).toContain('node3 is down');
    expect(filtered).toContain('(no volume matches the filter)');
  }, 15_000);

  it('with no findings at all says so, not that none matches; hosts and volumes say none matches', async () => {
    const { ui, until } = open(replay('healthy'));
    await until((f) => f.includes('Cluster HEALTHY'));
    ui.stdin.write('/');
    await until((f) => f.includes('filter: /'));
    ui.stdin.write('zzz');
    const filtered = await until((f) => f.includes('filter: /zzz'));
    expect(filtered).toContain('none: every host, brick and daemon is up and nothing waits for heal');
    expect(filtered).not.toContain('no finding matches the filter');
    expect(filtered).toContain('(no host matches the filter)');
    expect(filtered).toContain('(no volume matches the filter)');
    expect(filtered).not.toMatch(/^node1 up/m);
  }, 15_000);
});

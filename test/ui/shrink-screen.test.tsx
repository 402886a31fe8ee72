// "Shrink the cluster" on a scripted six-node cluster: pick hosts, plan (a
// refusal, then the plan), run with the questions and progress on screen.
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettings, type SettingsStore } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { cluster, INVENTORY, START } from '../shrink/cluster-xml.js';
import { frameHas, KEY, tempDir, waitForFrame } from './helpers.js';

describe('the shrink screen', () => {
  let dir: string;
  let cleanup: () => void;
  let settings: SettingsStore;
  const unmounts: Array<() => void> = [];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    settings = createSettings({ cwd: dir });
    settings.setInventory(INVENTORY);
  });
  afterEach(() => {
    for (const u of unmounts.splice(0)) u();
    cleanup();
  });

  function start(readonly = false) {
    const { fake, state } = cluster();
    const store = createAppStore({ inventory: settings.getInventory(), readonly, stack: ['welcome', 'shrink'] });
    const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
    unmounts.push(ui.unmount);
    return { ui, fake, state };
  }

  /** From the cursor's row: picks the hosts at these rows (0-based, in inventory order). */
  async function pick(ui: ReturnType<typeof render>, rows: number[], from = 0) {
    let at = from;
    for (const row of rows) {
      for (; at < row; at++) ui.stdin.write(KEY.down);
      await waitForFrame(ui.lastFrame, (f) => f.includes(`❯ [ ] node${row + 1}`));
      ui.stdin.write(' ');
      await waitForFrame(ui.lastFrame, frameHas(`❯ [x] node${row + 1}`));
    }
  }

  it('refuses part of a set, then plans and runs the whole set: asks, shows progress, the commit needs the name typed', async () => {
    const { ui, fake, state } = start();
    await waitForFrame(ui.lastFrame, frameHas('Volume: gv0'));
    await pick(ui, [3, 4]);
    ui.stdin.write('p');
    const refused = await waitForFrame(ui.lastFrame, frameHas('Refused: nothing was changed'));
    expect(refused).toContain('would lose node4, node5 but keep node6');
    // a refused plan cannot be run
    ui.stdin.write('a');
    await pick(ui, [5], 4);
    expect(fake.calls.some((c) => START.test(c.command))).toBe(false);
    ui.stdin.write('p');
    const planned = await waitForFrame(ui.lastFrame, frameHas('This is the plan'));
    expect(planned).toContain('gv0: 2 x 3 = 6 becomes 1 x 3 = 3');
    expect(fake.calls.some((c) => START.test(c.command))).toBe(false);
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Start moving the data off 3 brick(s) of gv0?'));
    ui.stdin.write('y');
    await waitForFrame(ui.lastFrame, frameHas('Type gv0 to confirm'), { timeoutMs: 15_000 });
    expect(ui.lastFrame()).toContain('node6: completed, 10 files moved');
    expect(state.committed).toBe(false);
    ui.stdin.write('gv0');
    await waitForFrame(ui.lastFrame, frameHas('Type gv0 to confirm: gv0'));
    ui.stdin.write(KEY.enter);
    const done = await waitForFrame(ui.lastFrame, frameHas('checked again'), { timeoutMs: 15_000 });
    expect(done).toContain('gv0 is 1 x 3 = 3');
    expect(state.committed).toBe(true);
    expect(state.pool).toEqual(['node1', 'node2', 'node3']);
  }, 30_000);

  it('under --readonly plans but never runs', async () => {
    const { ui, fake } = start(true);
    await waitForFrame(ui.lastFrame, frameHas('Volume: gv0'));
    await pick(ui, [3, 4, 5]);
    ui.stdin.write('p');
    await waitForFrame(ui.lastFrame, frameHas('This is the plan'));
    ui.stdin.write('a');
    expect(ui.lastFrame()).not.toContain('Start moving');
    expect(fake.calls.some((c) => START.test(c.command))).toBe(false);
  });
});

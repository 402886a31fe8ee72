// Messages belong to the state they describe: the status line and a finished
// action's lines go once a refresh shows the cluster changed, and stay while
// it has not.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { answerOf, LAB_HOSTS, replay } from '../panel/replay.js';
import { KEY, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(fake: FakeExecutor) {
  const { dir, cleanup } = tempDir('gc-panel-messages-');
  const settings = createSettings({ cwd: dir });
  settings.setSetting('refreshIntervalMs', 500);
  const store = createAppStore({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'] });
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
  cleanups.push(ui.unmount, cleanup);
  const frame = () => (ui.lastFrame() ?? '').replace(/[ \t]+/g, ' ');
  const until = (check: (f: string) => boolean, timeoutMs = 8000) => waitForFrame(frame, check, { timeoutMs });
  const refresh = () => Number(/refresh (\d+) /.exec(frame())?.[1] ?? 0);
  return { ui, store, until, refresh };
}

describe('panel messages', () => {
  it('a status line goes once the cluster is healthy again ("Nothing was run." after declining a fix)', async () => {
    const fake = replay('brick-unmounted');
    const { ui, until } = open(fake);
    await until((f) => f.includes('Brick filesystem not mounted on node3'));
    // A volume row highlighted: nothing to fix from there.
    ui.stdin.write('f');
    await until((f) => f.includes('Highlight a finding first'));
    ui.stdin.write(KEY.down);
    await until((f) => /❯ ✗ DEGRADED +Brick filesystem not mounted on node3/.test(f));
    ui.stdin.write('f');
    await until((f) => f.includes('Mount the brick filesystem on node3, then start the brick?'));
    ui.stdin.write('n');
    await until((f) => f.includes('Nothing was run.'));
    replay('healthy', fake);
    const healthy = await until((f) => f.includes('Cluster HEALTHY'));
    expect(healthy).not.toContain('Nothing was run.');
  }, 20_000);

  it("a fix's result stays beside the state it was checked against, and goes when that state changes", async () => {
    let healed = false;
    const fake = replay('shd-off-pending');
    const after = (command: RegExp) => answerOf('healthy', 'node1', command);
    fake
      .on('node1', 'gluster --mode=script volume set datapoint cluster.self-heal-daemon on', () => ({ stdout: 'volume set: success\n' }))
      .on('node1', 'gluster --mode=script volume heal datapoint', () => {
        healed = true;
        return { stdout: 'Launching heal operation to perform index self heal on volume datapoint has been successful \n' };
      });
    for (const command of [/info summary/, /^gluster --mode=script volume info --xml$/, /volume status all --xml$/, /get datapoint all/]) {
      const before = answerOf('shd-off-pending', 'node1', command);
      fake.on('node1', before.command, () => (healed ? { stdout: after(command).stdout ?? '' } : { stdout: before.stdout ?? '' }));
    }
    const { ui, until, refresh } = open(fake);
    await until((f) => f.includes('The self-heal daemon of datapoint is turned off') && /heal 9/.test(f));
    ui.stdin.write('h');
    await until((f) => f.includes('Heal datapoint?'));
    ui.stdin.write('y');
    await until((f) => f.includes('✓ done: Heal datapoint') && f.includes('Cluster HEALTHY'));
    const seen = refresh();
    const later = await until(() => refresh() > seen + 1);
    expect(later).toContain('✓ done: Heal datapoint');
    // node3 goes down: the heal's result no longer describes the cluster on screen.
    replay('node3-crashed', fake);
    const changed = await until((f) => f.includes('Cluster DEGRADED'));
    expect(changed).not.toContain('✓ done: Heal datapoint');
    expect(changed).not.toContain('Launching heal');
  }, 30_000);
});

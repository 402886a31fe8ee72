// The footer lists the keys that work now: not the step's keys while a form is
// open, only the answers while a question is asked, not ↑/↓ Enter where no
// list is.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore, type AppData } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { LAB_HOSTS, replay } from '../panel/replay.js';
import { KEY, pressEscape, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(initial: Partial<AppData>, fake = new FakeExecutor()) {
  const { dir, cleanup } = tempDir('gc-footer-');
  const settings = createSettings({ cwd: dir });
  settings.setSetting('refreshIntervalMs', 500);
  const store = createAppStore(initial);
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
  cleanups.push(ui.unmount, cleanup);
  const footer = () => (ui.lastFrame() ?? '').split('\n').at(-1) ?? '';
  const until = (check: (f: string) => boolean) => waitForFrame(ui.lastFrame, check, { timeoutMs: 5000 });
  return { ui, store, footer, until };
}

describe('the footer', () => {
  it('in the setup form: save and back, not apply, next step or check again', async () => {
    const { ui, footer, until } = open({ stack: ['welcome', 'setup'] });
    // With nothing saved, the setup asks what to build first.
    await until((f) => f.includes('What the setup builds'));
    const line = footer();
    expect(line).toContain('Enter save');
    expect(line).toContain('Esc back');
    expect(line).not.toMatch(/\ba apply|\bn next step|\br check again|\be edit|\bq quit/);
    await pressEscape(ui.stdin);
    await until((f) => !f.includes('What the setup builds'));
    expect(footer()).toContain('q quit');
  }, 15_000);

  it('while a question is open: only its answers', async () => {
    const { ui, footer, until } = open({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'] }, replay('brick-unmounted'));
    await until((f) => f.includes('Brick filesystem not mounted on node3'));
    expect(footer()).toContain('f fix');
    ui.stdin.write(KEY.down);
    await until((f) => /❯ ✗ DEGRADED +Brick filesystem not mounted on node3/.test(f));
    ui.stdin.write('f');
    await until((f) => f.includes('Mount the brick filesystem on node3, then start the brick?'));
    expect(footer()).toBe('y yes  ·  n/Esc no');
    ui.stdin.write('n');
    await until((f) => f.includes('Nothing was run.'));
    expect(footer()).toContain('f fix');
  }, 15_000);

  it('in help: its own keys; on Check hosts: no move or open', async () => {
    const fake = new FakeExecutor().on('node1', /.*/, { stdout: 'root\nos=debian|12|Debian GNU/Linux 12 (bookworm)\ngluster=glusterfs 10.3\ninit=systemd\n' });
    const { ui, footer, until } = open({ inventory: { hosts: [LAB_HOSTS[0]!] }, stack: ['welcome', 'hosts'] }, fake);
    await until((f) => f.includes('ok · root'));
    expect(footer()).toContain('r check again');
    expect(footer()).not.toMatch(/move|Enter open/);
    ui.stdin.write('?');
    await until((f) => f.includes('gluster-console · Help'));
    expect(footer()).toContain('close help');
    expect(footer()).not.toContain('r check again');
  }, 15_000);
});

// `gluster-console status`: exit codes, JSON and text, the saved inventory, --watch.
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createSettings } from '../../src/config/settings.js';
import { parseStatusArgs, statusMain } from '../../src/commands/status.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { tempDir, writeFile } from '../ui/helpers.js';
import { LAB_HOSTS, replay, type Scenario } from '../panel/replay.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const { dir, cleanup } = tempDir('gc-status-');
  cleanups.push(cleanup);
  return { dir, inventory: writeFile(dir, 'inventory.yaml', YAML.stringify({ hosts: LAB_HOSTS })) };
}

async function status(argv: string[], fake: FakeExecutor, stopSignal?: AbortSignal) {
  let out = '';
  let err = '';
  const code = await statusMain(argv, { executorFor: () => fake, out: (t) => (out += t), err: (t) => (err += t), ...(stopSignal ? { stopSignal } : {}) });
  return { code, out, err };
}

describe('gluster-console status', () => {
  it.each<[Scenario, number, string]>([
    ['healthy', 0, 'healthy'],
    ['node3-crashed', 1, 'degraded'],
    ['brick-unmounted', 1, 'degraded'],
    ['shd-off-pending', 1, 'degraded'],
  ])('%s: exit %i, verdict %s', async (scenario, code, verdict) => {
    const { inventory } = setup();
    const fake = replay(scenario);
    const run = await status(['--inventory', inventory, '--json'], fake);
    expect(run.code).toBe(code);
    expect(JSON.parse(run.out)).toMatchObject({ verdict, exitCode: code });
    expect(fake.closed).toBe(true);
  });

  it('exit 2 when no host can be reached', async () => {
    const { inventory } = setup();
    const fake = new FakeExecutor().on('*', /.*/, (host) => ({ error: new SshError('unreachable', host, `${host}: refused`) }));
    const run = await status(['--inventory', inventory], fake);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/^cluster UNREACHABLE \(exit 2\)/);
  });

  it('exit 2 when what decides health timed out', async () => {
    const { inventory } = setup();
    const fake = replay('healthy').on('node1', /heal datapoint info summary/, { error: new SshError('timeout', 'node1', 'node1: gave up') });
    expect((await status(['--inventory', inventory, '--json'], fake)).code).toBe(2);
  });

  it('reads the saved inventory when no file is given', async () => {
    const { dir } = setup();
    createSettings({ cwd: dir }).setInventory({ hosts: LAB_HOSTS });
    const run = await status(['--config-dir', dir], replay('healthy'));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^cluster HEALTHY \(exit 0\)/);
  });

  it('refuses unusable arguments and an empty inventory with exit 2', async () => {
    const { dir } = setup();
    expect((await status(['--bogus'], new FakeExecutor())).code).toBe(2);
    expect((await status(['extra'], new FakeExecutor())).err).toMatch(/status takes no arguments/);
    const empty = await status(['--config-dir', dir], new FakeExecutor());
    expect(empty).toMatchObject({ code: 2, err: expect.stringMatching(/no hosts/) });
    expect((await status(['--inventory', `${dir}/missing.yaml`], new FakeExecutor())).code).toBe(2);
    expect((await status(['--help'], new FakeExecutor())).out).toMatch(/^Usage: gluster-console status/);
    expect(parseStatusArgs(['--json', '--watch'])).toEqual({ json: true, watch: true });
  });

  it('--watch prints one JSON line per refresh until stopped, and exits with the last verdict', async () => {
    const { dir, inventory } = setup();
    createSettings({ cwd: dir }).setSetting('refreshIntervalMs', 500);
    const stop = new AbortController();
    let lines = 0;
    const fake = replay('healthy');
    const run = statusMain(['--inventory', inventory, '--config-dir', dir, '--json', '--watch'], {
      executorFor: () => fake,
      out: (t) => {
        lines += t.split('\n').filter(Boolean).length;
        expect(JSON.parse(t)).toMatchObject({ verdict: 'healthy' });
        if (lines === 2) stop.abort();
      },
      err: () => {},
      stopSignal: stop.signal,
    });
    expect(await run).toBe(0);
    expect(lines).toBe(2);
  });
});

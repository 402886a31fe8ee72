// The live panel screens on replayed lab answers: drill-down, filter, help,
// actions behind a confirmation, read-only.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { App } from '../../src/ui/App.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { answerOf, LAB_HOSTS, replay, type Scenario } from '../panel/replay.js';
import { frameHas, KEY, pressEscape, resizeTerminal, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(fake: FakeExecutor, options: { readonly?: boolean } = {}) {
  const { dir, cleanup } = tempDir('gc-panel-ui-');
  const settings = createSettings({ cwd: dir });
  settings.setSetting('refreshIntervalMs', 500);
  const store = createAppStore({ inventory: { hosts: LAB_HOSTS }, stack: ['welcome', 'panel'], readonly: options.readonly ?? false });
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
  cleanups.push(ui.unmount, cleanup);
  const frame = () => (ui.lastFrame() ?? '').replace(/[ \t]+/g, ' ');
  const until = (check: string | ((f: string) => boolean), timeoutMs = 5000) =>
    waitForFrame(frame, typeof check === 'string' ? frameHas(check) : check, { timeoutMs });
  return { ui, store, until, frame };
}

const scenario = (name: Scenario) => replay(name);

describe('the live panel', () => {
  it('shows the cluster: hosts with their peers, volumes with layout and heal, the verdict', async () => {
    const { until } = open(scenario('healthy'));
    const frame = await until((f) => f.includes('Cluster HEALTHY') && f.includes('heal 0'));
    expect(frame).toMatch(/node1 up running node2 ✓ node3 ✓/);
    expect(frame).toMatch(/❯ datapoint Replicate 1 x 3 = 3 Started bricks 3\/3 HEALTHY heal 0 · \d/);
    expect(frame).toContain('none: every host, brick and daemon is up and nothing waits for heal');
    expect(frame).toMatch(/refresh \d+ \d+\.\ds ago/);
    expect(frame).toContain('every 0.5 s');
  });

  it('cuts its rows with an ellipsis at 80 columns, never wrapping a row into the next line', async () => {
    const { ui } = open(scenario('healthy'));
    resizeTerminal(ui.stdout, 80, 24);
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('HEALTHY') && f.includes('heal 0'));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    // Each host is one row, its age at the end of it.
    for (const host of ['node1', 'node2', 'node3']) {
      const row = lines.find((l) => l.startsWith(host));
      expect(row, frame).toMatch(/running .*\s(\d[\w.]*|—)\s*$/);
      expect(lines[lines.indexOf(row!) + 1]).toMatch(/^(node\d|\s*$)/);
    }
    const volume = lines.find((l) => l.includes('datapoint'));
    expect(volume, frame).toMatch(/HEALTHY/);
    expect(lines[lines.indexOf(volume!) + 1], frame).not.toMatch(/^\s+\S/);
  });

  it('drills down cluster → volume → brick → heal entries, and Esc climbs back out of the panel', async () => {
    const { ui, until } = open(scenario('healthy'));
    await until('Cluster HEALTHY');
    ui.stdin.write(KEY.enter);
    const volume = await until('Volume datapoint · Replicate · 1 x 3 = 3 · Started');
    expect(volume).toContain('client quorum auto · server quorum off · self-heal daemon on');
    expect(volume).toMatch(/❯ node1:\/data\/glusterfs\/brick1\/brick yes \d+ \d+ 1\.9 GiB ok \/data\/…s\/brick1 0 \/ 0 \/ 0/);
    expect(volume).toMatch(/SELF-HEAL DAEMONS .*node2 ✓/);
    ui.stdin.write(KEY.down);
    await until((f) => /❯ node2:/.test(f));
    ui.stdin.write(KEY.enter);
    const entries = await until((f) => f.includes('Brick node2:/data/glusterfs/brick1/brick of datapoint') && f.includes('no entries: nothing on this brick waits for heal'));
    expect(entries).toContain('filesystem: mounted at /data/glusterfs/brick1 (/dev/vdc, xfs)');
    await pressEscape(ui.stdin);
    await until((f) => f.includes('Volume datapoint ·') && /❯ node2:/.test(f));
    await pressEscape(ui.stdin);
    await until((f) => f.includes('HOST SSH GLUSTERD'));
    await pressEscape(ui.stdin);
    await until('gluster-console · Welcome');
  });

  it('shows node 3 down with its brick offline after a power cut', async () => {
    const { until } = open(scenario('node3-crashed'));
    const frame = await until((f) => f.includes('Cluster DEGRADED') && f.includes('is offline'));
    expect(frame).toMatch(/node3 down unknown/);
    expect(frame).toMatch(/node1 up running node2 ✓ node3 ✗/);
    expect(frame).toMatch(/bricks 2\/3 DEGRADED/);
    expect(frame).toContain('✗ DEGRADED node3 is down: it does not answer over SSH');
    expect(frame).toContain('✗ DEGRADED Brick node3:/data/glusterfs/brick1/brick of datapoint is offline');
  });

  it('filters rows with /, and Esc clears the filter before it leaves anything', async () => {
    const { ui, until, frame } = open(scenario('node3-crashed'));
    await until('is offline');
    ui.stdin.write('/');
    await until('filter: /');
    ui.stdin.write('offline');
    const filtered = await until('filter: /offline');
    expect(filtered).toContain('is offline');
    expect(filtered).not.toContain('does not answer over SSH');
    expect(filtered).not.toMatch(/❯ datapoint/);
    // q is text while typing a filter, not quit.
    ui.stdin.write('q');
    await until('filter: /offlineq');
    await pressEscape(ui.stdin);
    await until((f) => !f.includes('filter:') && f.includes('does not answer over SSH'));
    expect(frame()).toContain('Live panel');
  });

  it('lists its keys in help', async () => {
    const { ui, until } = open(scenario('healthy'));
    await until('Cluster HEALTHY');
    ui.stdin.write('?');
    const help = await until('Live panel');
    expect(help).toContain('Heal the highlighted volume (gluster volume heal VOL); asks first');
    expect(help).toContain('Split-brain entry: keep the bigger copy');
    expect(help).toContain('Filter the rows on screen');
  });

  it('h shows the exact commands, asks, runs them, and the pending count falls to 0', async () => {
    let healed = false;
    const fake = scenario('shd-off-pending');
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
    const { ui, until } = open(fake);
    const degraded = await until((f) => f.includes('The self-heal daemon of datapoint is turned off') && /heal 9/.test(f));
    expect(degraded).toMatch(/The self-heal daemon of datapoint is turned off \[f fix\]/);
    ui.stdin.write('h');
    const prompt = await until('Heal datapoint?');
    expect(prompt).toContain('1. on node1: gluster --mode=script volume set datapoint cluster.self-heal-daemon on');
    expect(prompt).toContain('2. on node1: gluster --mode=script volume heal datapoint');
    expect(fake.calls.some((c) => c.command === 'gluster --mode=script volume heal datapoint')).toBe(false);
    ui.stdin.write('y');
    const done = await until((f) => f.includes('✓ done: Heal datapoint') && f.includes('Cluster HEALTHY'));
    // Done because heal info, read again after the heal, has every brick at 0: not because gluster said "successful".
    expect(done).toContain('Heal datapoint: done: 0 entries pending on every brick');
    expect(done).toContain('checked again: 0 entries pending on every brick');
    // The fall shows on the first refresh after the heal; a later refresh (0 after 0) drops the arrow,
    // so look for it in every frame drawn, not only in the one on screen now.
    expect(ui.frames.some((f) => /heal 0 ↓9/.test(f))).toBe(true);
    expect(fake.commandsOn('node1')).toEqual(expect.arrayContaining(['gluster --mode=script volume set datapoint cluster.self-heal-daemon on', 'gluster --mode=script volume heal datapoint']));
  });

  it('H asks twice, the second time for the volume name typed out, before a full heal', async () => {
    const fake = scenario('healthy').on('node1', 'gluster --mode=script volume heal datapoint full', { stdout: 'Launching heal operation to perform full self heal on volume datapoint has been successful \n' });
    const { ui, until } = open(fake);
    await until('Cluster HEALTHY');
    ui.stdin.write('H');
    const first = await until('Full heal of datapoint?');
    expect(first).toContain('1. on node1: gluster --mode=script volume heal datapoint full');
    ui.stdin.write('y');
    await until('Type datapoint to confirm');
    ui.stdin.write('datapoin');
    await until('confirm: datapoin');
    ui.stdin.write(KEY.enter);
    await until('That is not "datapoint"');
    expect(fake.calls.some((c) => c.command.endsWith('heal datapoint full'))).toBe(false);
    ui.stdin.write('t');
    await until('confirm: datapoint');
    ui.stdin.write(KEY.enter);
    const done = await until('✓ done: Full heal of datapoint');
    expect(done).toContain('Full heal of datapoint: done: 0 entries pending on every brick');
    expect(fake.commandsOn('node1')).toContain('gluster --mode=script volume heal datapoint full');
  });

  it('n answers no: nothing runs', async () => {
    const fake = scenario('brick-unmounted');
    const { ui, until } = open(fake);
    await until('Brick filesystem not mounted on node3');
    ui.stdin.write(KEY.down);
    await until((f) => /❯ ✗ DEGRADED Brick filesystem not mounted on node3/.test(f));
    ui.stdin.write('f');
    const prompt = await until('Mount the brick filesystem on node3, then start the brick?');
    expect(prompt).toContain('2. on node3: mount /data/glusterfs/brick1');
    expect(prompt).toContain('4. on node1: gluster --mode=script volume start datapoint force');
    ui.stdin.write('n');
    await until('Nothing was run.');
    expect(fake.calls.some((c) => c.command.startsWith('mount ') || c.command.includes('start datapoint force'))).toBe(false);
  });

  it('opens a finding with its explanation and the fix as exact commands', async () => {
    const { ui, until } = open(scenario('glusterd-down-node2'));
    await until('glusterd is not running on node2');
    ui.stdin.write(KEY.down);
    await until((f) => /❯ ✗ DEGRADED glusterd is not running on node2/.test(f));
    ui.stdin.write(KEY.enter);
    const finding = await until('Fix (f): Start glusterd on node2');
    expect(finding).toContain('1. on node2: glusterd -p /run/glusterd.pid');
    expect(finding).toContain('no systemd on node2');
  });

  it('resolves a split-brain entry with the policy of the key, after asking', async () => {
    const heal = 'gluster --mode=script volume heal datapoint split-brain bigger-file /sb1';
    const fake = scenario('split-brain').on('node1', heal, { stdout: 'Healed /sb1.\n' });
    // Each brick's copy of /sb1: node1's is bigger and each side blames the other for data, until the heal ran.
    const gfid = 'trusted.gfid=0x948811d11e564605b03bdf3df5fab35d';
    fake.on('*', /@@gc-stat/, (host) => {
      const healed = fake.commandsOn('node1').includes(heal);
      const blame = healed ? '' : host === 'node1' ? 'trusted.afr.datapoint-client-1=0x000000020000000000000000\ntrusted.afr.datapoint-client-2=0x000000020000000000000000\n' : 'trusted.afr.datapoint-client-0=0x000000020000000000000000\n';
      const size = host === 'node1' || healed ? 24 : 2;
      return { stdout: `@@gc-stat ${size} 1795476278 644 root:root regular file\n${blame}${gfid}\n` };
    });
    const { ui, until } = open(fake);
    await until('in split-brain');
    ui.stdin.write(KEY.enter);
    await until('Volume datapoint ·');
    ui.stdin.write(KEY.down);
    await until((f) => /❯ node2:/.test(f));
    ui.stdin.write(KEY.enter);
    const copies = await until((f) => /❯ \/sb1 SPLIT-BRAIN/.test(f) && f.includes('b keep the bigger copy'));
    expect(copies).toContain('copies: data split-brain');
    expect(copies).toMatch(/ node1: 24 B · 644 root:root · gfid 948811d1 · blames node2 \(data\), node3 \(data\)/);
    ui.stdin.write('b');
    const prompt = await until('Resolve the split-brain of /sb1: keep the bigger copy?');
    expect(prompt).toContain('1. on node1: gluster --mode=script volume heal datapoint split-brain bigger-file /sb1');
    ui.stdin.write('y');
    await until('✓ done: Resolve the split-brain of /sb1');
    expect(fake.commandsOn('node1')).toContain(heal);
  });

  it('--readonly: the same findings, no fix offered, and the keys do nothing', async () => {
    const fake = scenario('shd-off-pending');
    const { ui, until, frame, store } = open(fake, { readonly: true });
    const shown = await until('The self-heal daemon of datapoint is turned off');
    expect(shown).not.toContain('[f fix]');
    expect(shown).not.toMatch(/f fix|h heal/);
    expect(shown).toContain('(read-only: fixes are not offered)');
    const seen = Number(/refresh (\d+) /.exec(frame())?.[1]);
    ui.stdin.write('h');
    ui.stdin.write('f');
    await until((f) => Number(/refresh (\d+) /.exec(f)?.[1]) > seen);
    expect(store.getState().prompt).toBeNull();
    expect(fake.calls.some((c) => /volume (set|heal datapoint$)/.test(c.command))).toBe(false);
  });

  it('without hosts, says to import an inventory', async () => {
    const { dir, cleanup } = tempDir('gc-panel-ui-');
    const store = createAppStore({ stack: ['welcome', 'panel'] });
    const ui = render(<App store={store} settings={createSettings({ cwd: dir })} labDir={dir} executorFor={() => new FakeExecutor()} />);
    cleanups.push(ui.unmount, cleanup);
    await waitForFrame(ui.lastFrame, frameHas('No hosts saved yet'));
  });
});

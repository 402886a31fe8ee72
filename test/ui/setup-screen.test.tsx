import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { createAppStore } from '../../src/store/app-store.js';
import { writeProgress } from '../../src/store/setup-progress.js';
import { intentWith } from '../../src/steps/intent.js';
import type { StepId } from '../../src/steps/types.js';
import { App } from '../../src/ui/App.js';
import type { FakeExecutor } from '../support/fake-executor.js';
import { LAB_INVENTORY, labExecutor, type LabState } from '../steps/fixtures.js';
import { HOSTILE } from '../steps/hostile.js';
import { frameHas, resizeTerminal, KEY, pressEscape, tempDir, waitForFrame } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface Setup {
  ui: ReturnType<typeof render>;
  dir: string;
  store: ReturnType<typeof createAppStore>;
}

function open(executor: FakeExecutor, options: { saveIntent?: boolean; readonly?: boolean } = {}): Setup {
  const { dir, cleanup } = tempDir('gc-setup-ui-');
  const settings = createSettings({ cwd: dir });
  settings.setInventory(LAB_INVENTORY);
  if (options.saveIntent !== false) writeProgress(join(dir, 'setup-progress.json'), { intent: intentWith({ volumeName: 'gv0', layout: 'replica 3' }), step: null });
  const store = createAppStore({ inventory: LAB_INVENTORY, stack: ['welcome', 'setup'], readonly: options.readonly ?? false });
  const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => executor} />);
  cleanups.push(ui.unmount, cleanup);
  return { ui, dir, store };
}

/**
 * The captured lab, fresh, where a step's checks answer "finished" on a host
 * once that step's changing commands have run there: enough of a cluster to
 * drive the screens through apply and verify.
 */
function cluster(start: LabState = 'fresh', failOn?: { host: string; pattern: RegExp; stderr: string }) {
  const applied = new Set<string>();
  const fake = labExecutor((step, host) => (applied.has(`${step}:${host}`) || start === 'finished' ? 'finished' : 'fresh'));
  const change = (step: StepId, pattern: RegExp) =>
    fake.on('*', pattern, (host) => {
      if (failOn && failOn.host === host && failOn.pattern.test(pattern.source)) return { code: 1, stderr: failOn.stderr };
      applied.add(`${step}:${host}`);
      return { stdout: 'ok\n' };
    });
  change('hosts', /^f=\/etc\/hosts\n/);
  return { fake, applied, change };
}

const flat = (frame: string) => frame.replace(/\s+/g, ' ');

describe('the guided setup screens', () => {
  it('asks what to build first, refusing hostile values with a clear error and saving nothing', async () => {
    const { fake } = cluster('finished');
    const { ui, dir } = open(fake, { saveIntent: false });
    await waitForFrame(ui.lastFrame, frameHas('What the setup builds'));
    expect(ui.lastFrame()).toContain('the volume name is empty');
    ui.stdin.write('gv0;reboot');
    await waitForFrame(ui.lastFrame, frameHas('";", a shell character'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Not saved: fix the field marked ✗ first. Nothing was sent to any host.'));
    expect(existsSync(join(dir, 'setup-progress.json'))).toBe(false);
    expect(fake.calls).toEqual([]);
    for (let i = 0; i < 'gv0;reboot'.length - 3; i++) ui.stdin.write('\u007f');
    await waitForFrame(ui.lastFrame, (f) => !f.includes('✗'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Setup complete: gv0 is started and mounted at /data/shared on every node.'));
    expect(JSON.parse(readFileSync(join(dir, 'setup-progress.json'), 'utf8')).intent.volumeName).toBe('gv0');
  });

  it.each([
    ['Volume name', 0, 'gv 0', 'contains a space'],
    ['Volume name', 0, "gv'0", 'a shell character'],
    ['Volume name', 0, 'gv$(id)', 'which a shell would expand'],
    ['Volume name', 0, 'gv\rx', 'a line break'],
    ['Volume name', 0, 'gvé', 'not plain ASCII'],
    ['Layout', 1, 'replica 3;id', 'a shell character'],
    ['Layout', 1, 'replica "3"', 'a shell character'],
    ['Mount path', 2, ' x', 'contains a space'],
    ['Mount path', 2, '$(id)', 'which a shell would expand'],
    ['Brick mount', 3, 'ü', 'not plain ASCII'],
    ['apt repository', 4, 'ppa:a/b;id', 'a shell character'],
  ])('the %s field refuses %j', async (_label, field, text, message) => {
    const { fake } = cluster('finished');
    const { ui } = open(fake);
    await waitForFrame(ui.lastFrame, frameHas('Setup complete'));
    ui.stdin.write('e');
    await waitForFrame(ui.lastFrame, frameHas('What the setup builds'));
    for (let i = 0; i < field; i++) ui.stdin.write(KEY.down);
    // A pasted line break arrives inside the text, not as a lone Enter.
    ui.stdin.write(text);
    await waitForFrame(ui.lastFrame, frameHas(message));
    const calls = fake.calls.length;
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Not saved'));
    expect(fake.calls.length).toBe(calls);
  });

  it('shows the plan per host with the exact commands, applies on confirmation, and verifies', async () => {
    const { fake } = cluster();
    const { ui, dir } = open(fake);
    resizeTerminal(ui.stdout, 100, 40);
    await waitForFrame(ui.lastFrame, (f) => /❯ 1 Host entries\s+○ to do on node1, node2, node3/.test(f));
    expect(ui.lastFrame()).toMatch(/0 Inventory\s+✓ done on 3\/3/);
    expect(ui.lastFrame()).toMatch(/2 Install\s+· after step 1 \(Host entries\)/);
    ui.stdin.write(KEY.enter);
    const plan = flat(await waitForFrame(ui.lastFrame, frameHas('a applies it')));
    expect(plan).toMatch(/node1 to do \[0\/1\] 1 command to run/);
    expect(plan).toContain('# /etc/hosts + 127.1.66.2 node2');
    expect(plan).toMatch(/\$ f=\/etc\/hosts … \(\+\d+ lines: v shows every command in full\)/);
    expect(fake.calls.every((c) => !c.command.startsWith('f=/etc/hosts'))).toBe(true);
    ui.stdin.write('v');
    await waitForFrame(ui.lastFrame, frameHas('tmp="$f.gluster-console.tmp"'));
    expect(ui.lastFrame()).toMatch(/Plan {2}1–\d+ of \d+ · PgUp\/PgDn scroll/);
    ui.stdin.write(']');
    await waitForFrame(ui.lastFrame, (f) => /Plan {2}\d+–\d+ of \d+/.test(f) && !f.includes('Plan  1–'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Host entries"?'));
    expect(ui.lastFrame()).toContain('3 commands on node1, node2, node3, exactly as shown.');
    ui.stdin.write('y');
    const done = await waitForFrame(ui.lastFrame, frameHas('Done and verified on every host.'));
    expect(done).toMatch(/node1\s+done\s+\[1\/1\] applied and verified/);
    expect(fake.calls.filter((c) => c.command.startsWith('f=/etc/hosts')).map((c) => c.host).sort()).toEqual(['node1', 'node2', 'node3']);
    // Every change is in the audit log, shown by l and exported by x.
    ui.stdin.write('l');
    await waitForFrame(ui.lastFrame, frameHas('Audit log: 3 commands that changed a host'));
    ui.stdin.write('x');
    await waitForFrame(ui.lastFrame, frameHas('Exported 3 commands to'));
    const script = readdirSync(dir).find((f) => f.startsWith('audit-') && f.endsWith('.sh'))!;
    expect(readFileSync(join(dir, script), 'utf8')).toMatch(/ssh .*-o StrictHostKeyChecking=yes root@127\.1\.66\.1 'f=\/etc\/hosts/);
  });

  it('keeps the plan under review across help, and applies it after', async () => {
    const { fake } = cluster();
    const { ui } = open(fake);
    await waitForFrame(ui.lastFrame, frameHas('❯ 1 Host entries'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('a applies it'));
    ui.stdin.write('?');
    await waitForFrame(ui.lastFrame, frameHas('gluster-console · Help'));
    ui.stdin.write('?');
    await waitForFrame(ui.lastFrame, frameHas('a applies it'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Host entries"?'));
    ui.stdin.write('y');
    await waitForFrame(ui.lastFrame, frameHas('Done and verified on every host.'));
  });

  it('Ctrl-C while a step runs asks, then cancels the commands on the hosts and says so; without commands running it quits', async () => {
    const { fake, applied } = cluster();
    // node2's host entries write never ends by itself: only a cancel stops it.
    fake.on('node2', /^f=\/etc\/hosts\n/, { runsUntilCancelled: true });
    const { ui, store } = open(fake);
    resizeTerminal(ui.stdout, 100, 40);
    await waitForFrame(ui.lastFrame, (f) => /❯ 1 Host entries\s+○ to do/.test(f));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('a applies it'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Host entries"?'));
    ui.stdin.write('y');
    const running = await waitForFrame(ui.lastFrame, (f) => /node2\s+running/.test(f) && applied.has('hosts:node1') && applied.has('hosts:node3'));
    expect(running).toContain('ctrl-c cancel');
    ui.stdin.write(KEY.ctrlC);
    const question = await waitForFrame(ui.lastFrame, frameHas('Cancel "Host entries"?'));
    expect(flat(question)).toContain('The commands running now on node2 are stopped on their hosts');
    // n: nothing is cancelled, the command goes on.
    ui.stdin.write('n');
    await waitForFrame(ui.lastFrame, (f) => !f.includes('Cancel "Host entries"?') && /node2\s+running/.test(f));
    ui.stdin.write(KEY.ctrlC);
    await waitForFrame(ui.lastFrame, frameHas('Cancel "Host entries"?'));
    ui.stdin.write('y');
    const cancelled = flat(await waitForFrame(ui.lastFrame, (f) => f.includes('Cancelled "Host entries"') && f.includes('Not done on every host')));
    expect(cancelled).toMatch(/node2 FAILED \[0\/1\] node2: `f=\/etc\/hosts` was cancelled/);
    // The hosts whose commands had finished are read again, not left "verifying".
    expect(cancelled).toMatch(/node1 done \[1\/1\] applied and verified/);
    expect(cancelled).toMatch(/node3 done \[1\/1\] applied and verified/);
    expect(store.getState().quitRequested).toBe(false);
    // Nothing runs now: Ctrl-C quits, as everywhere else.
    ui.stdin.write(KEY.ctrlC);
    await waitForFrame(() => String(store.getState().quitRequested), (f) => f === 'true');
  });

  it('declining the plan changes nothing', async () => {
    const { fake } = cluster();
    const { ui } = open(fake);
    await waitForFrame(ui.lastFrame, frameHas('❯ 1 Host entries'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('a applies it'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Host entries"?'));
    ui.stdin.write('n');
    await waitForFrame(ui.lastFrame, (f) => !f.includes('Apply "Host entries"?'));
    await pressEscape(ui.stdin);
    await waitForFrame(ui.lastFrame, frameHas('Steps'));
    expect(fake.calls.every((c) => !c.command.startsWith('f=/etc/hosts'))).toBe(true);
  });

  it('a failing host shows its reason and the command; the others finish; r resumes', async () => {
    const c = cluster('fresh', { host: 'node2', pattern: /etc\\\/hosts/, stderr: "mv: cannot move '/etc/hosts.gluster-console.tmp' to '/etc/hosts': Read-only file system\n" });
    const { ui } = open(c.fake);
    await waitForFrame(ui.lastFrame, frameHas('❯ 1 Host entries'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('a applies it'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Host entries"?'));
    ui.stdin.write('y');
    const frame = await waitForFrame(ui.lastFrame, frameHas('Not done on every host'));
    expect(frame).toMatch(/node1\s+done/);
    expect(frame).toMatch(/node3\s+done/);
    expect(frame).toMatch(/node2\s+FAILED\s+\[0\/1\]/);
    expect(frame).toContain("exit 1: mv: cannot move '/etc/hosts.gluster-console.tmp' to '/etc/hosts': Read-only file system");
    expect(frame).toContain('the command: f=/etc/hosts …');
    // The operator fixes node2; r checks again, and only node2 is planned.
    c.applied.add('hosts:node2');
    ui.stdin.write('r');
    await waitForFrame(ui.lastFrame, frameHas('Done and verified on every host.'));
  });

  it('asks for the host name before destroying the transient disk, and runs nothing there without it', async () => {
    const c = cluster();
    for (const h of ['node1', 'node2', 'node3']) for (const s of ['hosts', 'install'] as StepId[]) c.applied.add(`${s}:${h}`);
    const bricks = /^(umount|wipefs|mkfs\.xfs|f=\/etc\/fstab|mkdir|mount|mountpoint)/;
    c.change('bricks', bricks);
    const { ui } = open(c.fake);
    await waitForFrame(ui.lastFrame, frameHas('❯ 3 Bricks'));
    ui.stdin.write(KEY.enter);
    const plan = flat(await waitForFrame(ui.lastFrame, frameHas('a applies it')));
    expect(plan).toContain('! node3: DESTROYS /dev/vdb (ext4 "ephemeral0", mounted at /mnt): type node3 to confirm');
    expect(plan).toContain('transient bricks (data lost when the VM stops or is resized): node3');
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Bricks"?'));
    ui.stdin.write('y');
    await waitForFrame(ui.lastFrame, frameHas('Destroy the data on /dev/vdb of node3?'));
    expect(ui.lastFrame()).toContain('Type node3 to confirm');
    ui.stdin.write('node2');
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('That is not "node3": nothing was done.'));
    await pressEscape(ui.stdin);
    const frame = await waitForFrame(ui.lastFrame, frameHas('Not done on every host'));
    expect(flat(frame)).toMatch(/node3 FAILED \[0\/6\] not confirmed: \/dev\/vdb holds ext4 "ephemeral0", mounted at \/mnt; nothing was run on node3/);
    expect(c.fake.commandsOn('node3').some((cmd) => bricks.test(cmd))).toBe(false);
    expect(frame).toMatch(/node1\s+done/);
  });

  it('keeps every frame of a step within a 100x24 terminal: plan, questions, output tail', async () => {
    const c = cluster();
    for (const h of ['node1', 'node2', 'node3']) for (const s of ['hosts', 'install'] as StepId[]) c.applied.add(`${s}:${h}`);
    c.change('bricks', /^(umount|wipefs|mkfs\.xfs|f=\/etc\/fstab|mkdir|mount|mountpoint)/);
    const { ui } = open(c.fake);
    resizeTerminal(ui.stdout, 100, 24);
    const from = ui.frames.length;
    await waitForFrame(ui.lastFrame, frameHas('❯ 3 Bricks'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('a applies it') && /Plan {2}1–\d+ of \d+/.test(f));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Apply "Bricks"?'));
    ui.stdin.write('y');
    await waitForFrame(ui.lastFrame, frameHas('Type node3 to confirm'));
    ui.stdin.write('node3');
    ui.stdin.write(KEY.enter);
    const done = await waitForFrame(ui.lastFrame, (f) => /Output {2}\d+–(\d+) of \1/.test(f) && f.includes('Done and verified'), { timeoutMs: 8000 });
    expect(done.split('\n')[0]).toContain('gluster-console · Guided setup');
    for (const frame of ui.frames.slice(from)) {
      const lines = frame.split('\n');
      expect(lines.length, frame).toBeLessThanOrEqual(23);
      expect(lines[0], frame).toContain('gluster-console · Guided setup');
    }
  });

  it('under --readonly shows the plan but offers no apply', async () => {
    const { fake } = cluster();
    const { ui } = open(fake, { readonly: true });
    await waitForFrame(ui.lastFrame, frameHas('❯ 1 Host entries'));
    expect(ui.lastFrame()).not.toContain('a apply');
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Not applied: nothing was changed.'));
    expect(flat(ui.lastFrame()!)).toContain('# /etc/hosts + 127.1.66.2 node2');
    ui.stdin.write('a');
    expect(fake.calls.every((c) => !c.command.startsWith('f=/etc/hosts'))).toBe(true);
  });

  it('edits the inventory: hostile host fields are refused, a valid host is saved', async () => {
    const { fake } = cluster('finished');
    const { ui, store } = open(fake);
    await waitForFrame(ui.lastFrame, frameHas('Setup complete'));
    ui.stdin.write('i');
    await waitForFrame(ui.lastFrame, frameHas('Inventory: 3 hosts'));
    ui.stdin.write('+');
    await waitForFrame(ui.lastFrame, frameHas('Add a host'));
    for (const bad of HOSTILE.filter((h) => !h.startsWith('/'))) {
      ui.stdin.write(bad);
      await waitForFrame(ui.lastFrame, (f) => /✗ .*not a host name|✗ .*host name/.test(f));
      ui.stdin.write(KEY.enter);
      await waitForFrame(ui.lastFrame, frameHas('Not saved: fix name first'));
      ui.stdin.write('\u0015'); // ctrl-u clears the field
      await waitForFrame(ui.lastFrame, frameHas('name is required'));
    }
    ui.stdin.write('node4');
    ui.stdin.write(KEY.down);
    ui.stdin.write('10.0.0.4; reboot');
    await waitForFrame(ui.lastFrame, frameHas('is neither an IP address nor a host name'));
    ui.stdin.write('\u0015');
    ui.stdin.write('10.0.0.4');
    for (let i = 0; i < 6; i++) ui.stdin.write(KEY.down);
    ui.stdin.write('/dev/sd b');
    await waitForFrame(ui.lastFrame, frameHas('is not a device path like /dev/vdc'));
    ui.stdin.write('\u0015');
    ui.stdin.write('/dev/sdb');
    await waitForFrame(ui.lastFrame, (f) => !f.includes('✗'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Saved node4.'));
    expect(store.getState().inventory.hosts.map((h) => h.name)).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(fake.calls.some((c) => /reboot/.test(c.command))).toBe(false);
  });

  it('adds hosts from pasted /etc/hosts lines, refusing bad lines', async () => {
    const { fake } = cluster('finished');
    const { ui, store } = open(fake);
    await waitForFrame(ui.lastFrame, frameHas('Setup complete'));
    ui.stdin.write('i');
    await waitForFrame(ui.lastFrame, frameHas('Inventory: 3 hosts'));
    ui.stdin.write('p');
    await waitForFrame(ui.lastFrame, frameHas('Paste /etc/hosts-style lines'));
    ui.stdin.write('10.0.0.5 node5 zone-c\r10.0.0.6 no$de6\r');
    await waitForFrame(ui.lastFrame, frameHas('✗ line 2: "no$de6" is not a host name'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Not saved: line 2'));
    ui.stdin.write('\u0015');
    ui.stdin.write('10.0.0.5 node5 zone-c\r10.0.0.6 node6\r');
    await waitForFrame(ui.lastFrame, frameHas('would add: node5 (10.0.0.5, zone-c), node6 (10.0.0.6, default)'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('Added node5, node6'));
    expect(store.getState().inventory.hosts.map((h) => h.name)).toEqual(['node1', 'node2', 'node3', 'node5', 'node6']);
  });
});

describe('the layout field, live', () => {
  it('judges the layout on every key press against the inventory and takes a suggestion with one digit', async () => {
    const { fake } = cluster('finished');
    const { ui } = open(fake, { saveIntent: false });
    await waitForFrame(ui.lastFrame, frameHas('What the setup builds'));
    ui.stdin.write('gv0');
    ui.stdin.write(KEY.down);
    const empty = flat(await waitForFrame(ui.lastFrame, frameHas('press the digit to take one')));
    expect(empty).toMatch(/1 replica 3 .*1 x 3 = 3/);
    ui.stdin.write('replica 2');
    const two = flat(await waitForFrame(ui.lastFrame, frameHas('glusterd would')));
    expect(two).toContain('split-brain');
    for (let i = 0; i < 'replica 2'.length; i++) ui.stdin.write('\u007f');
    await waitForFrame(ui.lastFrame, frameHas('press the digit to take one'));
    ui.stdin.write('1');
    const taken = flat(await waitForFrame(ui.lastFrame, frameHas('✓ glusterd would accept it')));
    expect(taken).toMatch(/Layout\S* replica 3/);
    expect(taken).toMatch(/set 1: node1 \(\S+\) node2 \(\S+\) node3/);
    expect(taken).toMatch(/survives: survives the loss of any one host/);
    expect(fake.calls).toEqual([]); // judged offline: nothing was sent to a host
  });
});

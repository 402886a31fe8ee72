// "Replace a dead node" on a scripted cluster: node3 is down (replica 3
// datapoint on node1-3, as captured on a 10.3 lab), node4 is fresh. The screen
// shows the plan, asks for node3's name, runs every stage with the heal's
// pending count on screen, and says done only after reading the cluster again;
// it refuses while node3 answers; --readonly offers nothing.
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/config/audit.js';
import type { Inventory } from '../../src/config/inventory.js';
import { createSettings, type SettingsStore } from '../../src/config/settings.js';
import { peerProbe } from '../../src/gluster/commands.js';
import type { Finding } from '../../src/panel/report.js';
import { SshError } from '../../src/ssh/types.js';
import { createAppStore } from '../../src/store/app-store.js';
import { replaceStoreFor } from '../../src/store/replace-store.js';
import type { StepDefinition } from '../../src/steps/types.js';
import { App } from '../../src/ui/App.js';
import { FindingView } from '../../src/ui/panel/FindingView.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { frameHas, KEY, tempDir, waitForFrame } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');
const moved = (xml: string) => xml.replaceAll('node3', 'node4');

const INVENTORY: Inventory = {
  hosts: [1, 2, 3, 4].map((i) => ({ name: `node${i}`, address: `127.0.31.${i}`, ssh: {}, zone: 'zone-a', device: '/dev/vdc' })),
};
const BRICK = '/data/glusterfs/brick1/brick';
const REPLACE_BRICK = `gluster --mode=script volume replace-brick datapoint node3:${BRICK} node4:${BRICK} commit force`;

interface ClusterState {
  prepared: boolean;
  replaced: boolean;
  healed: boolean;
  healReads: number;
  detached: boolean;
}

/** node1 and node2 answer as glusterd does before and after each stage; node3 answers only when `alive`. */
function cluster(alive = false) {
  const state: ClusterState = { prepared: false, replaced: false, healed: false, healReads: 0, detached: false };
  const fake = new FakeExecutor();
  fake.on('node3', 'true', alive ? { stdout: '' } : { error: new SshError('unreachable', 'node3', 'node3: connect ECONNREFUSED') });
  for (const member of ['node1', 'node2']) {
    fake.on(member, 'gluster --mode=script volume info --xml', () => ({ stdout: state.replaced ? moved(fixture('volume-info.xml')) : fixture('volume-info.xml') }));
    fake.on(member, 'gluster --mode=script volume status all --xml', () => ({
      stdout: state.replaced ? moved(fixture('volume-status-all.xml')) : alive ? fixture('volume-status-all.xml') : fixture('volume-status-all-node3-down.xml'),
    }));
    fake.on(member, 'gluster --mode=script peer status --xml', () => ({
      stdout: state.detached ? moved(fixture('peer-status.xml')) : alive ? fixture('peer-status.xml') : fixture('peer-status-node3-down.xml'),
    }));
  }
  fake.on('node1', peerProbe('node4').text, () => {
    state.prepared = true;
    return { stdout: 'peer probe: success' };
  });
  fake.on('node4', 'mountpoint -q /data/glusterfs/brick1', { stdout: '' });
  fake.on('node1', REPLACE_BRICK, () => {
    state.replaced = true;
    return { stdout: 'volume replace-brick: success: replace-brick commit force operation successful' };
  });
  fake.on('node1', 'gluster --mode=script volume heal datapoint full', () => {
    state.healed = true;
    return { stdout: 'Launching heal operation to perform full self heal on volume datapoint has been successful' };
  });
  // The backlog the new brick owes, then none: the count falls to 0.
  fake.on('node1', 'gluster --mode=script volume heal datapoint info --xml', () => ({ stdout: ++state.healReads === 1 ? moved(fixture('heal-info-node3-down.xml')) : moved(fixture('heal-info.xml')) }));
  fake.on('node1', 'gluster --mode=script peer detach node3', () => {
    state.detached = true;
    return { stdout: 'peer detach: success' };
  });
  return { fake, state };
}

/** Stands in for the setup's prepare steps: a probe from node1 until node4 is a peer (the real steps have their own tests). */
function stubSteps(state: ClusterState): { prepareSteps: StepDefinition<any>[]; mountStep: StepDefinition<any> } {
  const probe: StepDefinition<{ prepared: boolean }> = {
    id: 'probe',
    number: 4,
    title: 'Probe',
    summary: 'node4 joins the pool',
    check: async () => ({ facts: { prepared: state.prepared }, hostErrors: {} }),
    plan: (check, _intent, inventory) => ({
      hosts: inventory.hosts.map((h) => ({
        host: h.name,
        items: h.name === 'node1' && !check.facts.prepared ? [{ host: 'node1', command: peerProbe('node4'), why: 'node4 joins the pool' }] : [],
        notes: [],
      })),
      notes: [],
    }),
  };
  const mount: StepDefinition<null> = {
    id: 'mount',
    number: 6,
    title: 'Mount',
    summary: 'node4 mounts the volume',
    check: async () => ({ facts: null, hostErrors: {} }),
    plan: (_check, _intent, inventory) => ({ hosts: inventory.hosts.map((h) => ({ host: h.name, items: [], notes: [] })), notes: [] }),
  };
  return { prepareSteps: [probe], mountStep: mount };
}

describe('the replace screen', () => {
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

  function start(options: { readonly?: boolean; alive?: boolean } = {}) {
    const { fake, state } = cluster(options.alive);
    const audit: AuditEntry[] = [];
    const store = createAppStore({ inventory: settings.getInventory(), readonly: options.readonly ?? false, stack: ['welcome', 'replace'] });
    // What the panel's r does on node3's finding: the store gets the dead host and the fresh ones.
    replaceStoreFor(store, () => ({
      executorFor: () => fake,
      inventory: () => store.getState().inventory,
      ask: (request) => store.getState().ask(request),
      audit: { record: (e) => audit.push(e) },
      readonly: options.readonly ?? false,
      steps: stubSteps(state),
    })).getState().begin('node3', ['node4']);
    const ui = render(<App store={store} settings={settings} labDir={dir} executorFor={() => fake} />);
    unmounts.push(ui.unmount);
    return { ui, fake, state, audit };
  }

  const ran = (fake: FakeExecutor, command: string) => fake.calls.some((c) => c.command === command);

  it('plans, asks for the dead host name, runs every stage with the pending count, and is done only after checking again', async () => {
    const { ui, fake, state, audit } = start();
    await waitForFrame(ui.lastFrame, frameHas('Replace node3 (down) by a fresh host'));
    // node4 (the fresh one) is picked already; the cursor starts on it.
    expect(ui.lastFrame()).toMatch(/❯ \(•\) node4\s+fresh: answers, not in the pool, no brick/);
    ui.stdin.write('p');
    const planned = await waitForFrame(ui.lastFrame, frameHas('This is the plan: nothing has run yet'));
    const flat = planned.replace(/\s+/g, ' ');
    expect(flat).toContain(`on node1: ${REPLACE_BRICK}`);
    expect(flat).toContain('on node1: gluster --mode=script volume heal datapoint full');
    expect(flat).toContain('on node1: gluster --mode=script peer detach node3');
    expect(fake.calls.some((c) => /replace-brick|peer probe|heal datapoint full|peer detach/.test(c.command))).toBe(false);

    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Type node3 to confirm'));
    expect(ran(fake, peerProbe('node4').text)).toBe(false);
    ui.stdin.write('node3');
    await waitForFrame(ui.lastFrame, frameHas('Type node3 to confirm: node3'));
    ui.stdin.write(KEY.enter);
    // The pending count on screen while the heal runs: 12 owed to the new brick, then 0.
    await waitForFrame(ui.lastFrame, (f) => f.replace(/\s+/g, ' ').includes('heal datapoint: 12 pending so far'), { timeoutMs: 15_000 });
    expect(state.detached).toBe(false);
    const done = await waitForFrame(ui.lastFrame, frameHas('Done, and checked again'), { timeoutMs: 30_000 });
    expect(done.replace(/\s+/g, ' ')).toContain('replace done: node3 holds no brick, datapoint healed (0 pending), node3 detached');
    expect(done.replace(/\s+/g, ' ')).toMatch(/heal datapoint: 0 pending \(node1:\S+ 0, node2:\S+ 0, node4:\S+ 0\)/);
    expect(state).toMatchObject({ prepared: true, replaced: true, healed: true, detached: true });
    // Two zeros in a row while waiting, then once more in the final check.
    expect(state.healReads).toBe(4);
    // The guard (mountpoint -q on node4) is a check, not a change: it runs, unaudited, before the replace-brick.
    expect(ran(fake, 'mountpoint -q /data/glusterfs/brick1')).toBe(true);
    expect(audit.map((e) => e.command)).toEqual([peerProbe('node4').text, REPLACE_BRICK, 'gluster --mode=script volume heal datapoint full', 'gluster --mode=script peer detach node3']);
  }, 60_000);

  it('a wrong name runs nothing', async () => {
    const { ui, fake } = start();
    await waitForFrame(ui.lastFrame, frameHas('Replace node3 (down)'));
    ui.stdin.write('p');
    await waitForFrame(ui.lastFrame, frameHas('This is the plan'));
    ui.stdin.write('a');
    await waitForFrame(ui.lastFrame, frameHas('Type node3 to confirm'));
    ui.stdin.write('node4');
    await waitForFrame(ui.lastFrame, frameHas('Type node3 to confirm: node4'));
    ui.stdin.write(KEY.enter);
    await waitForFrame(ui.lastFrame, frameHas('That is not "node3": nothing was done'));
    expect(fake.calls.some((c) => /replace-brick|peer probe|heal datapoint full|peer detach|mountpoint/.test(c.command))).toBe(false);
  }, 30_000);

  it('refuses while node3 is alive, with the reason, and a then runs nothing', async () => {
    const { ui, fake } = start({ alive: true });
    await waitForFrame(ui.lastFrame, frameHas('Replace node3 (down)'));
    ui.stdin.write('p');
    const refused = await waitForFrame(ui.lastFrame, frameHas('Refused: nothing was changed'));
    expect(refused.replace(/\s+/g, ' ')).toContain('node3 is not dead (node3 answers over SSH');
    ui.stdin.write('a');
    expect(ui.lastFrame()).not.toContain('Type node3 to confirm');
    expect(fake.calls.some((c) => /replace-brick|peer probe|peer detach/.test(c.command))).toBe(false);
  }, 30_000);

  it('under --readonly plans but offers no run', async () => {
    const { ui, fake } = start({ readonly: true });
    await waitForFrame(ui.lastFrame, frameHas('Replace node3 (down)'));
    ui.stdin.write('p');
    await waitForFrame(ui.lastFrame, frameHas('Read-only: the replace is not offered'));
    ui.stdin.write('a');
    expect(ui.lastFrame()).not.toContain('Type node3 to confirm');
    expect(fake.calls.some((c) => /replace-brick|peer probe|peer detach/.test(c.command))).toBe(false);
  }, 30_000);

  it("the panel's host-down finding offers r, except under --readonly", () => {
    const finding: Finding = {
      id: 'host-down:node3',
      kind: 'host-unreachable',
      severity: 'degraded',
      host: 'node3',
      title: 'node3 is down: it does not answer over SSH',
      explanation: [],
      manual: ['gluster-console replace --inventory FILE --old node3 --new node4 --dry-run'],
      replace: { host: 'node3', fresh: ['node4'] },
    };
    const offered = render(<FindingView finding={finding} readonly={false} />);
    unmounts.push(offered.unmount);
    expect(offered.lastFrame()).toContain('Replace (r): node3 by a fresh host (node4)');
    const readonly = render(<FindingView finding={finding} readonly={true} />);
    unmounts.push(readonly.unmount);
    expect(readonly.lastFrame()).not.toContain('Replace (r)');
  });
});

import { describe, expect, it } from 'vitest';
import { peerStatusXml } from '../../src/gluster/commands.js';
import { GLUSTERD_NOT_RUNNING, whereGlusterdRuns } from '../../src/gluster/glusterd.js';
import { parsePeerStatus } from '../../src/gluster/xml/index.js';
import { chooseAnchor, describeProbeError, planProbe, probeStep, type ProbeCheck } from '../../src/steps/probe.js';
import { fixture, LAB_INTENT, LAB_INVENTORY, labExecutor } from './fixtures.js';

interface P {
  name: string;
  state?: number;
  connected?: boolean;
  names?: string[];
}

function peerXml(peers: P[]): string {
  const states: Record<number, string> = { 1: 'Probe Sent to Peer', 3: 'Peer in Cluster', 6: 'Peer Rejected' };
  const body = peers
    .map((p) => `<peer><uuid>u-${p.name}</uuid><hostname>${p.name}</hostname><hostnames>${(p.names ?? [p.name]).map((n) => `<hostname>${n}</hostname>`).join('')}</hostnames><connected>${p.connected === false ? 0 : 1}</connected><state>${p.state ?? 3}</state><stateStr>${states[p.state ?? 3] ?? 'x'}</stateStr></peer>`)
    .join('');
  return `<?xml version="1.0"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><peerStatus>${body}</peerStatus></cliOutput>`;
}

function check(views: Record<string, P[]>, hostErrors: Record<string, string> = {}): ProbeCheck {
  return { facts: Object.fromEntries(Object.entries(views).map(([h, p]) => [h, parsePeerStatus(peerXml(p))])), hostErrors };
}

const commands = (c: ProbeCheck) => planProbe(c, LAB_INTENT, LAB_INVENTORY).hosts.flatMap((h) => h.items.map((i) => `${i.host}: ${i.command.text}`));

describe('the probe planner', () => {
  it('probes every other host by name from the first one, and the others wait for it', () => {
    const plan = planProbe(check({ node1: [], node2: [], node3: [] }), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.flatMap((h) => h.items.map((i) => i.command.text))).toEqual(['gluster --mode=script peer probe node2', 'gluster --mode=script peer probe node3']);
    expect(plan.hosts.find((h) => h.host === 'node2')!.waiting).toBe('waits for node1 to probe it');
  });

  it('plans nothing when every host sees every other in the pool, connected (the captured lab)', () => {
    const c: ProbeCheck = { facts: Object.fromEntries(['node1', 'node2', 'node3'].map((h) => [h, parsePeerStatus(fixture('finished', 'probe', h))])), hostErrors: {} };
    const plan = planProbe(c, LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.every((h) => h.items.length === 0 && !h.waiting && !h.blocked)).toBe(true);
  });

  it('probes only what is missing from the pool that already exists, from its biggest member', () => {
    const c = check({ node1: [], node2: [{ name: 'node3' }], node3: [{ name: 'node2' }] });
    expect(chooseAnchor(c, LAB_INVENTORY)).toBe('node2');
    expect(commands(c)).toEqual(['node2: gluster --mode=script peer probe node1']);
  });

  it('waits, saying what it means, while a peer is still handshaking or disconnected', () => {
    const plan = planProbe(check({ node1: [{ name: 'node2', state: 1 }, { name: 'node3', connected: false }], node2: [{ name: 'node1' }, { name: 'node3' }], node3: [{ name: 'node1' }, { name: 'node2' }] }), LAB_INTENT, LAB_INVENTORY);
    const node1 = plan.hosts.find((h) => h.host === 'node1')!;
    expect(node1.items).toEqual([]);
    expect(node1.waiting).toMatch(/node1 sees node2 as "Probe Sent to Peer": the probe handshake has not finished/);
    expect(node1.waiting).toMatch(/node1 sees node3 in the pool but Disconnected: glusterd on node3 does not answer node1.*24007/);
  });

  it('Peer Rejected seen from every side (issue 9): the recovery is for node3 (the majority rejects it) and runs on node3 only', () => {
    const plan = planProbe(
      check({ node1: [{ name: 'node2' }, { name: 'node3', state: 6 }], node2: [{ name: 'node1' }, { name: 'node3', state: 6 }], node3: [{ name: 'node1', state: 6 }, { name: 'node2', state: 6 }] }),
      LAB_INTENT,
      LAB_INVENTORY,
    );
    const blocked = (h: string) => plan.hosts.find((x) => x.host === h)!.blocked ?? '';
    expect(blocked('node3')).toMatch(/^node3 sees node2 as Peer Rejected\. node3 is the rejected node \(node1 and node2 reject it\).*Cksums.*Documented recovery, on node3 only: /);
    // Every command of the recovery is on node3; the probe goes to a good member.
    const commands = blocked('node3').replace(/^.*Documented recovery, on node3 only: /, '').replace(/; then check again.*$/, '');
    expect(commands.split('; on ').map((c) => c.replace(/^on /, '').split(':')[0])).toEqual(Array(5).fill('node3'));
    expect(commands).toMatch(/on node3: find \/var\/lib\/glusterd -mindepth 1 -maxdepth 1 ! -name glusterd\.info .* -exec rm -rf \{\} \+; on node3: .*systemctl start glusterd.*; on node3: gluster --mode=script peer probe node1; on node3: for attempt in/);
    for (const good of ['node1', 'node2']) {
      expect(blocked(good)).toMatch(new RegExp(`^${good} sees node3 as Peer Rejected\\. node3 is the rejected node .*; nothing to do on ${good}$`));
      expect(blocked(good)).not.toMatch(new RegExp(`on ${good}:`));
    }
  });

  it('a two-node pool whose nodes reject each other: no majority, nothing to clear is suggested', () => {
    const inventory = { hosts: LAB_INVENTORY.hosts.slice(0, 2) };
    const plan = planProbe(check({ node1: [{ name: 'node2', state: 6 }], node2: [{ name: 'node1', state: 6 }] }), LAB_INTENT, inventory);
    for (const h of plan.hosts) {
      expect(h.blocked).toMatch(/as Peer Rejected, and no majority of the pool tells which of them is the rejected one/);
      expect(h.blocked).not.toMatch(/rm -rf|on node\d:/);
    }
  });

  it('does not probe a host that belongs to another pool', () => {
    const plan = planProbe(check({ node1: [{ name: 'node2' }], node2: [{ name: 'node1' }], node3: [{ name: 'other9' }] }), LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.find((h) => h.host === 'node3')!.blocked).toMatch(/already belongs to another trusted pool \(it sees other9\)/);
    expect(plan.hosts.flatMap((h) => h.items)).toEqual([]);
  });

  it('probes the anchor back by name when the pool knows it only by its address', () => {
    const c = check({ node1: [{ name: 'node2' }, { name: 'node3' }], node2: [{ name: '127.1.66.1' }, { name: 'node3' }], node3: [{ name: '127.1.66.1' }, { name: 'node2' }] });
    expect(commands(c)).toEqual(['node2: gluster --mode=script peer probe node1']);
  });

  it('leaves out a host it could not read, and probes the rest', () => {
    expect(commands(check({ node1: [], node2: [] }, { node3: 'lost the connection' }))).toEqual(['node1: gluster --mode=script peer probe node2']);
  });

  it('says glusterd is down when peer status cannot reach it (the captured message)', async () => {
    expect(describeProbeError('node1', fixture('fresh', 'probe', 'node1'))).toMatch(/glusterd does not answer on node1: run the install step/);
    // Where glusterd is not running the check does not ask it (the CLI takes seconds to give up): the same advice.
    expect(describeProbeError('node1', GLUSTERD_NOT_RUNNING)).toMatch(/glusterd does not answer on node1: run the install step/);
    expect(whereGlusterdRuns(peerStatusXml()).text).toBe(`if pidof glusterd >/dev/null 2>&1; then gluster --mode=script peer status --xml; else echo 'glusterd is not running' >&2; exit 1; fi`);
    const c = await probeStep.check({ executor: labExecutor('fresh'), inventory: LAB_INVENTORY, intent: LAB_INTENT });
    expect(Object.keys(c.hostErrors)).toEqual(['node1', 'node2', 'node3']);
  });
});

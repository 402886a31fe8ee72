// Which node is the rejected one: the one a majority of the pool rejects, from
// every node's view of its peers; and the documented recovery, on it alone.
import { describe, expect, it } from 'vitest';
import { decideRejected, rejectedPeerRecovery, type PeerView } from '../../src/gluster/peer-rejection.js';

const IN = 3;
const REJ = 6;
const v = (peers: Record<string, number>): PeerView[] => Object.entries(peers).map(([peer, state]) => ({ peer, state }));

describe('the majority decision', () => {
  it('node3 rejected as GLUSTER-FACTS.md measured it: node1 and node2 reject node3, node3 rejects both; only node3 is named', () => {
    const d = decideRejected({ node1: v({ node2: IN, node3: REJ }), node2: v({ node1: IN, node3: REJ }), node3: v({ node1: REJ, node2: REJ }) });
    expect(d.rejected).toEqual([{ host: 'node3', rejectedBy: ['node1', 'node2'], goodPeers: ['node1', 'node2'], rejects: ['node1', 'node2'] }]);
    expect(d.undecided).toEqual([]);
    expect(d.members).toEqual(['node1', 'node2', 'node3']);
  });

  it('a two-node pool where each rejects the other: no majority, nobody named', () => {
    const d = decideRejected({ node1: v({ node2: REJ }), node2: v({ node1: REJ }) });
    expect(d.rejected).toEqual([]);
    expect(d.undecided).toEqual([
      { observer: 'node1', peer: 'node2' },
      { observer: 'node2', peer: 'node1' },
    ]);
  });

  it('a view that could not be read is no vote: node2 unknown leaves node1 against node3 undecided', () => {
    const d = decideRejected({ node1: v({ node2: IN, node3: REJ }), node2: undefined, node3: v({ node1: REJ, node2: REJ }) });
    expect(d.rejected).toEqual([]);
    expect(d.unknownViews).toEqual(['node2']);
    expect(d.undecided.map((u) => `${u.observer}>${u.peer}`)).toEqual(['node1>node3', 'node3>node1', 'node3>node2']);
  });

  it('one node alone rejecting another in a pool of three is no majority', () => {
    const d = decideRejected({ node1: v({ node2: IN, node3: REJ }), node2: v({ node1: IN, node3: IN }), node3: v({ node1: IN, node2: IN }) });
    expect(d.rejected).toEqual([]);
    expect(d.undecided).toEqual([{ observer: 'node1', peer: 'node3' }]);
  });

  it('an even split (2 against 2) is no majority', () => {
    const d = decideRejected({
      a: v({ b: IN, c: REJ, d: REJ }),
      b: v({ a: IN, c: REJ, d: REJ }),
      c: v({ a: REJ, b: REJ, d: IN }),
      d: v({ a: REJ, b: REJ, c: IN }),
    });
    expect(d.rejected).toEqual([]);
    expect(d.undecided).toHaveLength(8);
  });

  it('two rejected nodes in a pool of five: each named, the three good members as their sources', () => {
    const good = { n4: REJ, n5: REJ };
    const d = decideRejected({
      n1: v({ n2: IN, n3: IN, ...good }),
      n2: v({ n1: IN, n3: IN, ...good }),
      n3: v({ n1: IN, n2: IN, ...good }),
      n4: v({ n1: REJ, n2: REJ, n3: REJ, n5: REJ }),
      n5: v({ n1: REJ, n2: REJ, n3: REJ, n4: REJ }),
    });
    expect(d.rejected.map((r) => [r.host, r.goodPeers])).toEqual([
      ['n4', ['n1', 'n2', 'n3']],
      ['n5', ['n1', 'n2', 'n3']],
    ]);
    expect(d.undecided).toEqual([]);
  });

  it('a healthy pool, and a host not in any pool: nothing', () => {
    expect(decideRejected({ node1: v({ node2: IN }), node2: v({ node1: IN }), node3: [] })).toEqual({ members: ['node1', 'node2'], unknownViews: [], rejected: [], undecided: [] });
  });
});

describe('the documented recovery', () => {
  const uuid = '3f1c1c2e-5a4b-4c3d-9e8f-0a1b2c3d4e5f';
  it('runs every command on the rejected node, in the documented order, after checking its UUID', () => {
    const items = rejectedPeerRecovery({ host: 'node3', goodPeer: 'node1', systemd: false, uuid, poolSize: 3 });
    const stop = "pkill -x glusterd; gone=no; for i in $(seq 1 100); do pidof glusterd >/dev/null || { gone=yes; break; }; sleep 0.1; done; [ \"$gone\" = yes ] || { echo 'glusterd did not stop within 10 s' >&2; false; }";
    const settled = `ok=no; for i in $(seq 1 20); do x=$(gluster --mode=script peer status --xml 2>/dev/null); n=$(printf '%s\\n' "$x" | grep -c '<peer>'); if [ "$n" -ge 2 ] && [ "$(printf '%s\\n' "$x" | grep -c '<state>3</state>')" = "$n" ] && [ "$(printf '%s\\n' "$x" | grep -c '<connected>1</connected>')" = "$n" ]; then ok=yes; break; fi; sleep 1; done; [ "$ok" = yes ]`;
    expect(items.map((i) => `${i.check ? 'check ' : ''}${i.command.text}`)).toEqual([
      `check grep -qx UUID=${uuid} /var/lib/glusterd/glusterd.info`,
      stop,
      'find /var/lib/glusterd -mindepth 1 -maxdepth 1 ! -name glusterd.info ! -name hooks ! -name groups -exec rm -rf {} +',
      'glusterd -p /run/glusterd.pid',
      'gluster --mode=script peer probe node1',
      `for attempt in $(seq 1 3); do { ${stop}; } && { glusterd -p /run/glusterd.pid; } && { ${settled}; } && exit 0; done; exit 1`,
    ]);
    expect(items[4]!.retry?.when.test('Connection failed. Please check if gluster daemon is operational.')).toBe(true);
  });
  it('uses the unit where systemd runs, and asks the host where nobody knows', () => {
    const texts = (systemd: boolean | undefined) => rejectedPeerRecovery({ host: 'node3', goodPeer: 'node1', systemd }).map((i) => i.command.text);
    expect(texts(true).slice(0, 3)).toEqual(['systemctl stop glusterd', expect.stringMatching(/^find /), 'systemctl start glusterd']);
    expect(texts(true)[4]).toMatch(/^for attempt in \$\(seq 1 3\); do \{ systemctl stop glusterd; \} && \{ systemctl start glusterd; \} && /);
    expect(texts(undefined)[0]).toMatch(/^if \[ -d \/run\/systemd\/system \]; then systemctl stop glusterd; else pkill -x glusterd; .*fi$/);
  });
  it('refuses a UUID that is not one', () => {
    expect(() => rejectedPeerRecovery({ host: 'node3', goodPeer: 'node1', systemd: false, uuid: "x'; rm -rf /" })).toThrow(/not a glusterd UUID/);
  });
});

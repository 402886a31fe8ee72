// `gluster peer status --xml` and `gluster pool list --xml`.
import { child, list, requireOk, text, texts, toInt } from './cli-output.js';

/** glusterd's peer states (glusterd-sm.h), as the CLI names them. */
export const PEER_STATES: Record<number, string> = {
  0: 'Establishing Connection',
  1: 'Probe Sent to Peer',
  2: 'Probe Received from Peer',
  3: 'Peer in Cluster',
  4: 'Accepted peer request',
  5: 'Sent and Received peer request',
  6: 'Peer Rejected',
  7: 'Peer detach in progress',
  8: 'Probe Received from peer',
  9: 'Connected to Peer',
  10: 'Peer is connected and Accepted',
};
export const PEER_IN_CLUSTER = 3;
export const PEER_REJECTED = 6;
export const PEER_DETACH_IN_PROGRESS = 7;

export interface Peer {
  uuid: string;
  hostname: string;
  /** Every name the pool knows this peer by. */
  hostnames: string[];
  connected: boolean;
  state: number;
  stateStr: string;
}

function parsePeers(xml: string, what: string): Peer[] {
  const root = requireOk(xml, what);
  return list(child(root, 'peerStatus').peer).map((p) => {
    const hostname = text(p.hostname);
    const names = texts(child(p, 'hostnames').hostname);
    const hostnames = names.length > 0 ? names : [hostname];
    const state = toInt(p.state, -1);
    return {
      uuid: text(p.uuid),
      hostname,
      hostnames: hostnames.filter(Boolean),
      connected: text(p.connected) === '1',
      state,
      stateStr: text(p.stateStr) || PEER_STATES[state] || `state ${state}`,
    };
  });
}

/** The other peers, as seen from the node that ran the command. */
export function parsePeerStatus(xml: string): Peer[] {
  return parsePeers(xml, 'peer status');
}

/** Every node of the pool, the local one as hostname "localhost". */
export function parsePoolList(xml: string): Peer[] {
  return parsePeers(xml, 'pool list');
}

export function isHealthyPeer(peer: Peer): boolean {
  return peer.connected && peer.state === PEER_IN_CLUSTER;
}

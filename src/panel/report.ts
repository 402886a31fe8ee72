// What the panel shows and `status` prints: the snapshot read as hosts,
// volumes and bricks, with findings (what is wrong, and the fix) and verdicts.
import type { BrickMountState } from './brick-mounts.js';
import type { VolumeCapacity } from './capacity.js';
import type { Plan } from './plans.js';
import type { SetQuorum } from './quorum.js';
import type { QueryError, SectionState } from './section.js';
import type { Trend } from './trend.js';

export type Verdict = 'healthy' | 'degraded' | 'down' | 'unknown' | 'unreachable';
/** down: some data cannot be served; degraded: serving, but something is wrong; unknown: could not tell; warning: worth knowing, health unaffected. */
export type Severity = 'down' | 'degraded' | 'unknown' | 'warning';

export interface SectionAge {
  label: string;
  state: SectionState;
  at?: number;
  busySince?: number;
  error?: QueryError;
  source?: string;
}

export interface PeerCell {
  /** Inventory name when the inventory knows it, else gluster's name. */
  peer: string;
  uuid: string;
  connected: boolean;
  state: number;
  stateStr: string;
}

export interface HostReport {
  name: string;
  address: string;
  ssh: 'up' | 'down' | 'unknown';
  sshError?: string;
  glusterd: 'running' | 'stopped' | 'not answering' | 'unknown';
  systemd?: boolean;
  uuid?: string;
  /** Whether it belongs to the trusted pool (it or another node lists it); undefined when nobody could say. */
  inPool?: boolean;
  /** Peers as this host sees them; undefined when its glusterd did not answer. */
  peers?: PeerCell[];
  probe: SectionAge;
  pool: SectionAge;
  mounts?: SectionAge;
}

export interface BrickReport {
  volume: string;
  /** HOST:/path as gluster names it. */
  name: string;
  /** Inventory name of its host (gluster's name when not in the inventory). */
  host: string;
  path: string;
  set: number;
  arbiter: boolean;
  online: 'yes' | 'no' | 'unknown';
  /** Why online is what it is when gluster's volume status does not say it directly. */
  onlineWhy?: string;
  pid?: number;
  port?: number;
  freeBytes?: number;
  totalBytes?: number;
  device?: string;
  fsType?: string;
  /** On its host's transient disk (the volume-less zone's fallback): its data goes when the VM is stopped or moved. */
  transient?: boolean;
  mount: BrickMountState | 'unknown';
  mountPoint?: string;
  mountWhy?: string;
  heal?: { connected: boolean; status: string; pending?: number; splitBrain?: number; possiblyHealing?: number; delta?: number };
}

export interface SetReport {
  index: number;
  bricks: string[];
  quorum: SetQuorum;
}

export interface ShdReport {
  host: string;
  online: boolean;
  pid?: number;
}

export interface VolumeReport {
  name: string;
  type: string;
  layout: string;
  status: string;
  started: boolean;
  replicaCount: number;
  disperseCount: number;
  redundancyCount: number;
  arbiterCount: number;
  /** Options that matter here, effective values. */
  options: {
    quorumType?: string;
    quorumCount?: string;
    serverQuorumType?: string;
    serverQuorumRatio?: string;
    selfHealDaemon: 'on' | 'off';
  };
  healed: boolean;
  bricks: BrickReport[];
  sets: SetReport[];
  /** Self-heal daemons per host, from volume status; undefined when unknown. */
  selfHealDaemons?: ShdReport[];
  heal?: {
    state: SectionState;
    pending?: number;
    splitBrain?: number;
    possiblyHealing?: number;
    /** Bricks heal info could not reach: while any, the counts above are unknown (absent), never 0. */
    notAnswering?: number;
    /** Meanwhile, what the bricks that answered list as pending: a floor, not the count. */
    pendingAtLeast?: number;
    trend: Trend;
    section: SectionAge;
  };
  /** Usable space by the layout, and per inventory zone with the trend of its free space. */
  capacity: VolumeCapacity;
  verdict: Verdict;
  findings: string[];
}

export interface Finding {
  /** Stable across refreshes, so the cursor can stay on it. */
  id: string;
  kind: string;
  severity: Severity;
  title: string;
  explanation: string[];
  volume?: string;
  host?: string;
  brick?: string;
  /** The fix, bound to a key; absent when there is nothing safe to run from here. */
  plan?: Plan;
  /** Documented recovery to do by hand (shown, never run by the panel). */
  manual?: string[];
  /** A host down with fresh hosts in the inventory: the console can replace it (the replace screen, after a typed confirmation). */
  replace?: { host: string; fresh: string[] };
}

export interface ClusterReport {
  at: number;
  verdict: Verdict;
  /** Why the verdict is what it is: the most severe finding's title (quorum loss first among equals). */
  verdictReason?: string;
  hosts: HostReport[];
  /** Pool members the inventory does not list. */
  strangers: PeerCell[];
  volumes: VolumeReport[];
  findings: Finding[];
  sections: SectionAge[];
  primary?: string;
  refreshes: number;
  lastRefreshMs?: number;
}

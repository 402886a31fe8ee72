// Everything the panel gathered, section by section, each with its own age.
// The poller fills it; analyze() turns it into hosts, volumes, bricks,
// findings and verdicts. Plain data: it can be printed as JSON as it is.
import type { InventoryHost } from '../config/inventory.js';
import type { BrickHeal } from '../gluster/xml/heal-summary.js';
import type { BrickHealEntries } from '../gluster/xml/heal-info.js';
import type { Peer } from '../gluster/xml/peer-status.js';
import type { VolumeInfo } from '../gluster/xml/volume-info.js';
import type { VolumeOption } from '../gluster/xml/volume-get.js';
import type { VolumeStatus } from '../gluster/xml/volume-status.js';
import type { HostMounts } from './brick-mounts.js';
import type { HostProbe } from './host-probe.js';
import { pendingSection, type Section } from './section.js';
import type { SpaceSample } from './space-history.js';

export interface HostSections {
  /** SSH reachability, glusterd process, init system. */
  probe: Section<HostProbe>;
  /** `pool list` as this host sees it (itself as "localhost"). */
  pool: Section<Peer[]>;
  /** Brick filesystems; absent for hosts without bricks. */
  mounts?: Section<HostMounts>;
}

export interface HealSample {
  at: number;
  /** Entries pending heal, summed over the bricks that answered. */
  pending: number;
  splitBrain: number;
  perBrick: Record<string, number>;
}

export interface Snapshot {
  hosts: InventoryHost[];
  host: Record<string, HostSections>;
  /** volume info (every volume, from one host). */
  volumes: Section<VolumeInfo[]>;
  /** volume status all: bricks (online, pid, port) and self-heal daemons. Space and device come from the hosts' own check. */
  status: Section<VolumeStatus[]>;
  /** volume get VOL all, per volume. */
  options: Record<string, Section<Record<string, VolumeOption>>>;
  /** heal info summary, per replicate/disperse started volume. */
  heal: Record<string, Section<BrickHeal[]>>;
  /** heal info split-brain, while a volume has entries in split-brain or its entries are on screen. */
  splitBrain: Record<string, Section<BrickHealEntries[]>>;
  /** heal info (the entries themselves), while on screen. */
  entries: Record<string, Section<BrickHealEntries[]>>;
  /** Recent heal summaries per volume, oldest first: the trend. */
  healHistory: Record<string, HealSample[]>;
  /** Free space of each volume's bricks, one sample per new brick filesystem check, oldest first: the capacity trend. */
  spaceHistory: Record<string, SpaceSample[]>;
  /** The device gluster last reported for each brick (HOST:/path): what to mount when it is gone. */
  brickDevices: Record<string, string>;
  /** The host the cluster-wide queries last went to. */
  primary?: string;
  /** Completed refreshes, and when/how long the latest took. */
  refreshes: number;
  lastRefreshAt?: number;
  lastRefreshMs?: number;
}

export function emptySnapshot(hosts: InventoryHost[]): Snapshot {
  return {
    hosts,
    host: Object.fromEntries(hosts.map((h) => [h.name, { probe: pendingSection(), pool: pendingSection() }])),
    volumes: pendingSection(),
    status: pendingSection(),
    options: {},
    heal: {},
    splitBrain: {},
    entries: {},
    healHistory: {},
    spaceHistory: {},
    brickDevices: {},
    refreshes: 0,
  };
}

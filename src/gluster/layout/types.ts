// The vocabulary of the layout validator: what goes in (a layout, ordered
// bricks with what is known about them) and what comes out (a verdict). Plain
// data only, so the UI can recompute it on every key press and tests can
// compare it with deep equality.

export type StorageKind = 'volume' | 'transient' | 'root' | 'unknown';
export type Transport = 'tcp' | 'rdma' | 'tcp,rdma';

/** The options of `gluster volume create`, as the operator gave them (before gluster fills in defaults). */
export interface LayoutSpec {
  replica?: number;
  arbiter?: number;
  thinArbiter?: number;
  /** 0 means `disperse` without a count: one set of all the bricks. */
  disperse?: number;
  disperseData?: number;
  redundancy?: number;
  /** GlusterFS < 6 only; refused by 6 and later. */
  stripe?: number;
  transport?: Transport;
}

/**
 * One brick in command order. Everything but host and path is optional: what
 * is not given is not known, and checks that need it are reported as not
 * checked rather than guessed.
 */
export interface BrickInput {
  host: string;
  path: string;
  zone?: string;
  /** What the brick directory's filesystem is: an attached volume, a transient disk, or the root partition. */
  storage?: StorageKind;
  sizeBytes?: number;
  /** The brick directory is itself a mount point (glusterd wants a sub-directory). */
  isMountPoint?: boolean;
  /** The directory or one of its parents already carries gluster's volume xattrs. */
  partOfVolume?: boolean;
  /** The directory contains, or is inside, a brick of an existing volume on that host. */
  overlapsExistingBrick?: boolean;
  /** The parent directory exists before the command runs (glusterd creates only the last level). */
  parentExists?: boolean;
}

/** A member of the trusted pool as the node that runs the command sees it (itself included). */
export interface PeerFacts {
  name: string;
  /** Other names and addresses the peer is known by; bricks may use any of them. */
  aliases?: string[];
  /** Default true: 'Peer in Cluster (Connected)'. */
  connected?: boolean;
  /** Default true. False: probed but not (yet) 'Peer in Cluster'. */
  inCluster?: boolean;
}

/** Facts about the hosts; every field is optional and each one unlocks the checks that need it. */
export interface HostFacts {
  peers?: PeerFacts[];
  existingVolumes?: string[];
  /** Every zone the operator could place bricks in; default: the zones of the given bricks. */
  zones?: string[];
}

export interface CreateInput extends HostFacts {
  /** e.g. "10.3"; default: the newest GlusterFS. */
  glusterVersion?: string;
  volumeName?: string;
  layout: LayoutSpec;
  bricks: BrickInput[];
  /** `replica 2 thin-arbiter 1`: the thin-arbiter brick (the last brick word). */
  thinArbiterBrick?: BrickInput;
  force?: boolean;
}

export type ErrorCode =
  | 'unusable-input'
  | 'bad-version'
  | 'no-bricks'
  | 'missing-value'
  | 'bad-option'
  | 'option-twice'
  | 'transport-invalid'
  | 'replica-too-small'
  | 'arbiter-invalid'
  | 'arbiter-without-replica'
  | 'arbiter-unsupported'
  | 'thin-arbiter-invalid'
  | 'thin-arbiter-without-replica'
  | 'thin-arbiter-unsupported'
  | 'disperse-unsupported'
  | 'disperse-too-small'
  | 'disperse-data-too-small'
  | 'disperse-mismatch'
  | 'disperse-data-needs-redundancy'
  | 'redundancy-too-small'
  | 'redundancy-out-of-range'
  | 'replicate-disperse'
  | 'stripe-removed'
  | 'stripe-too-small'
  | 'stripe-disperse'
  | 'count-not-multiple'
  | 'bad-brick'
  | 'loopback-brick'
  | 'duplicate-brick'
  | 'same-host'
  | 'unknown-host'
  | 'host-disconnected'
  | 'root-partition'
  | 'mount-point'
  | 'in-volume'
  | 'nested-brick'
  | 'overlaps-existing-brick'
  | 'parent-missing'
  | 'glusterd-workdir'
  | 'path-too-long'
  | 'volfile-name-too-long'
  | 'volume-exists'
  | 'bad-volume-name'
  | 'reserved-volume-name'
  | 'volume-name-too-long'
  | 'add-brick-count'
  | 'add-brick-replica'
  | 'add-brick-stopped'
  | 'add-brick-arbiter'
  | 'add-brick-disperse';

/** Why glusterd (or its CLI) would refuse, in the operator's terms, with what to do about it. */
export interface Problem {
  code: ErrorCode;
  message: string;
  fix: string;
  /** What gluster itself prints for this, when it says something. */
  gluster?: string;
  /** 0-based indexes into the brick list. */
  bricks?: number[];
  /** `force` would make glusterd accept it. */
  forceable?: boolean;
}

export type WarningCode =
  | 'replica-2'
  | 'no-redundancy'
  | 'fewer-zones'
  | 'transient-only-set'
  | 'force-hides'
  | 'nested-bricks'
  | 'disperse-not-optimal'
  | 'disperse-default-redundancy'
  | 'rdma'
  | 'unused-option'
  | 'same-host-question'
  | 'unequal-sizes'
  | 'path-differs'
  | 'unverified-version';

export interface Warning {
  code: WarningCode;
  message: string;
  fix?: string;
  bricks?: number[];
}

export type NotCheckedCode =
  | 'peers'
  | 'root-partition'
  | 'mount-point'
  | 'in-volume'
  | 'existing-bricks'
  | 'parent-directory'
  | 'existing-volume'
  | 'bricks-up'
  | 'capacity';

export interface NotChecked {
  code: NotCheckedCode;
  message: string;
}

export type VolumeType =
  | 'Distribute'
  | 'Replicate'
  | 'Distributed-Replicate'
  | 'Disperse'
  | 'Distributed-Disperse'
  | 'Stripe'
  | 'Distributed-Stripe'
  | 'Striped-Replicate'
  | 'Distributed-Striped-Replicate';

export type BrickRole = 'data' | 'arbiter' | 'thin-arbiter';

export interface SetBrick {
  /** 0-based index into the brick list (-1 for the thin-arbiter brick). */
  index: number;
  host: string;
  path: string;
  zone?: string;
  role: BrickRole;
}

/** One replica or disperse set (a single brick for distribute): consecutive bricks in command order. */
export interface BrickSet {
  index: number;
  bricks: SetBrick[];
  hosts: string[];
  zones: string[];
}

export interface Survival {
  /** Bricks of one set that may be lost while the set stays readable and writable. */
  perSet: number;
  oneHost: boolean;
  oneZone: boolean;
  text: string;
}

export interface LayoutSummary {
  type: VolumeType;
  /** As `gluster volume info` prints "Number of Bricks": `2 x 3 = 6`, `1 x (2 + 1) = 3`, `1 x (4 + 2) = 6`, `4`. */
  text: string;
  brickCount: number;
  setSize: number;
  setCount: number;
  /** The counts gluster settles on (replica 2 arbiter 1 becomes replica 3 arbiter 1; disperse defaults filled in). */
  replica: number;
  arbiter: number;
  thinArbiter: boolean;
  disperse: number;
  redundancy: number;
  stripe: number;
  transport: Transport;
  sets: BrickSet[];
  thinArbiterBrick?: SetBrick;
  /** Usable bytes from the brick sizes; null when a size is missing. */
  capacityBytes: number | null;
  rawBytes: number | null;
  survives: Survival;
}

export interface Verdict {
  /** glusterd would create it (given what is known; see notChecked). */
  accepted: boolean;
  /** False when the input could not be interpreted at all (hostile characters, nothing given). */
  usable: boolean;
  glusterVersion: string;
  errors: Problem[];
  warnings: Warning[];
  notChecked: NotChecked[];
  summary: LayoutSummary | null;
}

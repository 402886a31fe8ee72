// What `gluster volume create` accepts differs by GlusterFS version. The 10.x
// profile is measured on a lab (GlusterFS 10.3) and read in its sources; the
// older ones follow those versions' CLI sources as far as the differences
// matter for a layout (stripe, disperse, arbiter, thin-arbiter, who checks
// the brick order) and are marked unverified.

export const NEWEST_GLUSTER = '11.1';

export interface GlusterVersion {
  major: number;
  minor: number;
  text: string;
}

export interface GlusterRules {
  version: GlusterVersion;
  /** The option words of `volume create`, matched by unambiguous prefix like the CLI does. */
  opwords: readonly string[];
  /** 'option': stripe N works; 'unsupported': "stripe option not supported"; 'removed': read as a brick. */
  stripe: 'option' | 'unsupported' | 'removed';
  disperse: boolean;
  disperseData: boolean;
  /** Which replica counts `arbiter 1` may follow. */
  arbiterReplicas: readonly number[];
  thinArbiter: boolean;
  /** 'force': glusterd refuses bricks of one set on one server unless force; 'question': the CLI asks, script mode says yes. */
  sameHost: 'force' | 'question';
  /** The CLI itself checks that the brick count is a multiple of the set size (10.x leaves replicate to glusterd). */
  cliChecksReplicaMultiple: boolean;
  /** The CLI refuses longer volume names. */
  cliNameMax: number;
  reservedNames: readonly string[];
  /** glusterd's file-name limits for volume files (measured on 10.3). */
  volfileLimits: boolean;
  /** The profile was measured against real glusterd. */
  verified: boolean;
}

const RESERVED_OLD = ['volume', 'type', 'subvolumes', 'option', 'end-volume', 'all', 'volume_not_in_ring'];
const RESERVED_NEW = [
  'volume', 'type', 'help', 'subvolumes', 'option', 'end-volume', 'all', 'volume_not_in_ring', 'description', 'force',
  'snap-max-hard-limit', 'snap-max-soft-limit', 'auto-delete', 'activate-on-create',
];

/** "10.3", "10", "3.4.2", "v3.4", "glusterfs 10.3" → {major, minor}; null when it is not a version. */
export function parseGlusterVersion(text: string): GlusterVersion | null {
  const m = /^(?:glusterfs\s+)?v?([0-9]{1,3})(?:\.([0-9]{1,3}))?(?:\.[0-9]{1,4})?$/i.exec(text.trim());
  if (!m) return null;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  if (major < 3 || major > 99) return null;
  return { major, minor, text: `${major}.${minor}` };
}

function atLeast(v: GlusterVersion, major: number, minor = 0): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function rulesFor(version: GlusterVersion): GlusterRules {
  const v = version;
  const disperse = atLeast(v, 3, 6);
  const disperseData = atLeast(v, 3, 7);
  const arbiter = atLeast(v, 3, 7);
  const thinArbiter = atLeast(v, 7);
  const stripe: GlusterRules['stripe'] = atLeast(v, 10) ? 'removed' : atLeast(v, 6) ? 'unsupported' : 'option';
  const opwords = [
    'replica',
    ...(stripe === 'removed' ? [] : ['stripe']),
    'transport',
    ...(disperse ? ['disperse', 'redundancy'] : []),
    ...(disperseData ? ['disperse-data'] : []),
    ...(arbiter ? ['arbiter'] : []),
    ...(thinArbiter ? ['thin-arbiter'] : []),
  ];
  return {
    version: v,
    opwords,
    stripe,
    disperse,
    disperseData,
    arbiterReplicas: thinArbiter ? [2, 3] : arbiter ? [3] : [],
    thinArbiter,
    sameHost: atLeast(v, 3, 8) ? 'force' : 'question',
    cliChecksReplicaMultiple: !atLeast(v, 6),
    cliNameMax: atLeast(v, 3, 6) ? 256 : 512,
    reservedNames: atLeast(v, 3, 6) ? RESERVED_NEW : RESERVED_OLD,
    volfileLimits: atLeast(v, 10),
    verified: atLeast(v, 10),
  };
}

export function defaultRules(): GlusterRules {
  return rulesFor(parseGlusterVersion(NEWEST_GLUSTER)!);
}

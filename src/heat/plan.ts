// What the Heat template encodes, worked out from the inventory: one server
// group per zone (its size, minimum and maximum, and the step that keeps the
// volume in whole sets), each zone's storage (an attached volume, or the
// transient disk where the zone has no volumes), and the layout the validator
// suggests for the planned servers. Pure: the command reads and writes files.
import type { Inventory } from '../config/inventory.js';
import { MAX_HOSTS } from '../config/inventory.js';
import { NEWEST_GLUSTER, parseGlusterVersion, rulesFor, suggestLayouts, type BrickInput, type GlusterVersion, type LayoutSpec, type Suggestion } from '../gluster/layout/index.js';
import { brickDir, DEFAULT_INTENT } from '../steps/intent.js';

export interface HeatOptions {
  minPerZone?: number;
  maxPerZone?: number;
  /** e.g. "10.3"; default the newest GlusterFS the validator knows. */
  glusterVersion?: string;
}

export interface HeatZone {
  /** The inventory's zone name, also the servers' availability zone by default. */
  zone: string;
  /** The zone as a Heat parameter and resource name (letters, digits, _). */
  id: string;
  /** Servers at creation: the inventory's hosts in this zone. */
  size: number;
  min: number;
  max: number;
  /** Sizes go in steps of this, starting from `offset`, so the volume stays whole sets. */
  step: number;
  offset: number;
  storage: 'volume' | 'transient';
  /** The brick device on each server (the inventory's device or transientDevice). */
  device: string;
}

export interface HeatPlan {
  zones: HeatZone[];
  /** The layout the validator suggests for the servers at creation. */
  layout: LayoutSpec;
  setSize: number;
  /** e.g. "replica 3: 1 x 3 = 3". */
  layoutTitle: string;
  layoutWhy: string;
  /** true: every zone has the same size and they grow together, each new set spread over them. */
  zonesGrowTogether: boolean;
  glusterVersion: GlusterVersion;
  /** Why stripe is, or is not, used with that version. */
  stripe: string;
  brickMount: string;
  brickDir: string;
}

export class HeatInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeatInputError';
  }
}

/** Default room to grow: two steps above the size at creation. */
const GROWTH_STEPS = 2;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Zone names as Heat parameter names: `zone-a` → `zone_a`, unique even when two names map to the same text. */
function zoneIds(zones: readonly string[]): string[] {
  const used = new Set<string>();
  return zones.map((z) => {
    const base = z.replace(/[^A-Za-z0-9]/g, '_').replace(/^(?=[0-9_])/, 'z');
    let id = base;
    for (let n = 2; used.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    used.add(id.toLowerCase());
    return id;
  });
}

/** The bricks a layout with these zone sizes has: one per server, named after its zone and index. */
export function plannedBricks(zones: readonly Pick<HeatZone, 'zone' | 'storage'>[], sizes: readonly number[], dir: string): BrickInput[] {
  return zones.flatMap((z, i) => Array.from({ length: sizes[i] ?? 0 }, (_, k) => ({ host: `${z.zone}-${k + 1}`, path: dir, zone: z.zone, storage: z.storage })));
}

function stripeText(v: GlusterVersion): string {
  const stripe = rulesFor(v).stripe;
  if (stripe === 'removed') return `GlusterFS ${v.text} has no stripe (deprecated in 6, removed in 10: the word is read as a brick), so no stripe count is used; for large files turn on sharding (features.shard on) after volume create`;
  if (stripe === 'unsupported') return `GlusterFS ${v.text} refuses stripe ("stripe option not supported" from 6 to 9), so no stripe count is used; for large files turn on sharding (features.shard on) after volume create`;
  return `GlusterFS ${v.text} still has stripe (stripe x replica bricks per set, the seed's "stripes * replicas = peers"), but the template does not use it: a striped file is cut over several bricks, stripe was deprecated in favour of sharding and dropped in 6, and a volume made with it cannot be upgraded past 5`;
}

function setSizeOf(s: Suggestion): number {
  return s.summary.setSize;
}

/** The smallest size >= n that is offset modulo step. */
function atLeast(n: number, step: number, offset: number): number {
  return n <= offset ? offset : offset + Math.ceil((n - offset) / step) * step;
}

/** The largest size <= n that is offset modulo step (below offset when n is). */
function atMost(n: number, step: number, offset: number): number {
  return offset + Math.floor((n - offset) / step) * step;
}

export function planHeat(inventory: Inventory, options: HeatOptions = {}): HeatPlan {
  const version = parseGlusterVersion(options.glusterVersion ?? NEWEST_GLUSTER);
  if (!version) throw new HeatInputError(`--gluster-version ${JSON.stringify(options.glusterVersion)} is not a GlusterFS version (e.g. 10.3)`);
  for (const [flag, n] of [['--min-per-zone', options.minPerZone], ['--max-per-zone', options.maxPerZone]] as const) {
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_HOSTS)) throw new HeatInputError(`${flag} ${n}: expected a whole number from 1 to ${MAX_HOSTS}`);
  }
  if (options.minPerZone !== undefined && options.maxPerZone !== undefined && options.minPerZone > options.maxPerZone) {
    throw new HeatInputError(`--min-per-zone ${options.minPerZone} is above --max-per-zone ${options.maxPerZone}`);
  }
  if (inventory.hosts.length === 0) throw new HeatInputError('the inventory has no hosts: the template plans one server per host, grouped by zone');

  // One storage kind and one device per zone: the template prepares every server of a group alike.
  const names = [...new Set(inventory.hosts.map((h) => h.zone))];
  const ids = zoneIds(names);
  const drafts = names.map((zone, i) => {
    const hosts = inventory.hosts.filter((h) => h.zone === zone);
    const kinds = new Set(hosts.map((h) => (h.device ? `volume ${h.device}` : h.transientDevice ? `transient ${h.transientDevice}` : 'none')));
    if (kinds.has('none')) {
      const bare = hosts.filter((h) => !h.device && !h.transientDevice).map((h) => h.name);
      throw new HeatInputError(`${bare.join(', ')} in ${zone} ${bare.length === 1 ? 'has' : 'have'} no brick device: add device: (attached volume) or transientDevice: (volume-less zone)`);
    }
    if (kinds.size > 1) throw new HeatInputError(`the hosts of ${zone} differ in their brick disk (${[...kinds].join('; ')}): a zone's servers are made alike, so give them one device (or one transientDevice)`);
    const first = hosts[0]!;
    return { zone, id: ids[i]!, size: hosts.length, storage: first.device ? ('volume' as const) : ('transient' as const), device: (first.device ?? first.transientDevice)! };
  });

  const dir = brickDir(DEFAULT_INTENT);
  const bricks = plannedBricks(drafts, drafts.map((d) => d.size), dir);
  const suggestions = suggestLayouts({ bricks, glusterVersion: version.text, zones: names, limit: 9 });
  // The layout must use every planned server: a server left out would be paid for and hold nothing.
  const whole = suggestions.filter((s) => s.bricks.length === bricks.length);
  const top = whole[0];
  // Replica 3 whenever it survives what the top suggestion survives (a lost host, a lost zone): it is what
  // the runbook runs, heals copy whole files, and sets of 3 let a stack grow by one server per zone
  // where a 4 + 2 disperse set would need six servers at a time.
  const replica3 = whole.find((s) => s.layout.replica === 3 && s.layout.arbiter === undefined && s.summary.survives.oneHost === top?.summary.survives.oneHost && s.summary.survives.oneZone === top?.summary.survives.oneZone);
  const best = replica3 ?? top;
  if (!best) {
    const counts = drafts.map((d) => `${d.zone} ${d.size}`).join(', ');
    throw new HeatInputError(`no layout the validator accepts uses all ${bricks.length} hosts (${counts}): with replica 3, plan a multiple of 3 hosts, spread over the zones`);
  }
  const setSize = setSizeOf(best);
  // Equal zones grow together: with Z zones, a size n per zone gives Z*n bricks, whole sets when n is a
  // multiple of S/gcd(S,Z) (3 zones, replica 3: any n). Unequal zones grow on their own, a whole set at a time.
  const together = drafts.every((d) => d.size === drafts[0]!.size);
  const step = together ? setSize / gcd(setSize, drafts.length) : setSize;

  const zones: HeatZone[] = drafts.map((d) => {
    const offset = d.size % step;
    const floor = offset === 0 ? step : offset;
    const min = options.minPerZone === undefined ? floor : atLeast(Math.max(options.minPerZone, floor), step, offset);
    const max = options.maxPerZone === undefined ? Math.max(d.size, min) + GROWTH_STEPS * step : atMost(options.maxPerZone, step, offset);
    const sizes = step === 1 ? '' : ` (sizes in ${d.zone} are ${offset === 0 ? `multiples of ${step}` : `${offset} more than a multiple of ${step}`}, to keep whole sets of ${setSize})`;
    if (min > d.size) throw new HeatInputError(`${d.zone} has ${d.size} host${d.size === 1 ? '' : 's'} in the inventory, below its minimum of ${min}${sizes}: add hosts to the inventory or lower --min-per-zone`);
    if (max < d.size) throw new HeatInputError(`${d.zone} has ${d.size} hosts in the inventory, above the most --max-per-zone ${options.maxPerZone} allows there, ${max}${sizes}: raise --max-per-zone`);
    return { ...d, min, max, step, offset };
  });
  const most = zones.reduce((n, z) => n + z.max, 0);
  if (most > MAX_HOSTS) throw new HeatInputError(`the zones' maximums add up to ${most} servers; the console manages at most ${MAX_HOSTS}: lower --max-per-zone`);

  return {
    zones,
    layout: best.layout,
    setSize,
    layoutTitle: best.title,
    layoutWhy: best.why,
    zonesGrowTogether: together,
    glusterVersion: version,
    stripe: stripeText(version),
    brickMount: DEFAULT_INTENT.brickMount,
    brickDir: dir,
  };
}

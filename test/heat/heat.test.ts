// Every template `gluster-console heat` writes passes OpenStack Heat's own
// validation (Debian's python3-heat, offline: test/heat/validate_hot.py), for
// several zone layouts and every size between each zone's minimum and
// maximum, and the layout each size encodes passes our layout validator.
// Heat starts slowly, so every case goes through one Python process. Without
// python3-heat the Heat half is skipped with the reason, except under CI,
// which installs it (.ci/run): there a missing Heat fails the run.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseInventory, type Inventory } from '../../src/config/inventory.js';
import { layoutWords, suggestLayouts } from '../../src/gluster/layout/index.js';
import { type HeatPlan, planHeat, plannedBricks } from '../../src/heat/plan.js';
import { heatTemplates, hotText } from '../../src/heat/template.js';

const PYTHON = '/usr/bin/python3';
const VALIDATOR = new URL('./validate_hot.py', import.meta.url).pathname;
const IN_CI = process.env.GLUSTER_CONSOLE_TEST_CI === 'true';

function heatMissing(): string {
  const r = spawnSync(PYTHON, ['-c', 'import heat.engine.stack'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  return r.status === 0 ? '' : `python3-heat is not installed (apt-get install python3-heat): ${r.stderr.trim().split('\n').pop()}`;
}

const missing = heatMissing();
if (missing && !IN_CI) process.stderr.write(`\n[heat] Heat's own template validation is SKIPPED: ${missing}\n\n`);

interface Case {
  name: string;
  template: string;
  files: Record<string, string>;
  parameters: Record<string, string | number>;
}

interface Result {
  name: string;
  ok: boolean;
  error: string;
}

/** Runs Heat's validation over every case in one process. */
function validateWithHeat(cases: Case[]): Map<string, Result> {
  const r = spawnSync(PYTHON, [VALIDATOR], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`validate_hot.py exited ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  const results = JSON.parse(r.stdout) as Result[];
  return new Map(results.map((x) => [x.name, x]));
}

type HostSpec = [zone: string, kind: 'device' | 'transientDevice'];

function inventory(hosts: HostSpec[]): Inventory {
  return parseInventory({
    hosts: hosts.map(([zone, kind], i) => ({ name: `node${i + 1}`, address: `127.1.24.${i + 1}`, zone, [kind]: kind === 'device' ? '/dev/vdc' : '/dev/vdb' })),
  });
}

const repeat = (n: number, spec: HostSpec): HostSpec[] => Array.from({ length: n }, () => spec);

/** Zone layouts: 1 to 3 zones, with and without volume-less zones, equal and unequal. */
const LAYOUTS: Record<string, HostSpec[]> = {
  'one zone, volumes': repeat(3, ['zone-a', 'device']),
  'one zone, volume-less': repeat(3, ['zone-a', 'transientDevice']),
  'two zones, 2 + 1 volume-less (the lab)': [...repeat(2, ['zone-a', 'device']), ['zone-b', 'transientDevice']],
  'two equal zones': [...repeat(3, ['zone-a', 'device']), ...repeat(3, ['zone-b', 'device'])],
  'three zones, volumes': [['zone-a', 'device'], ['zone-b', 'device'], ['zone-c', 'device']],
  'three zones, one volume-less': [['zone-a', 'device'], ['zone-b', 'device'], ['zone-c', 'transientDevice']],
  'three zones of two, one volume-less': [...repeat(2, ['zone-a', 'device']), ...repeat(2, ['zone-b', 'device']), ...repeat(2, ['zone-c', 'transientDevice'])],
};

const CLOUD = { image: 'debian-12', key_name: 'ops', network: 'storage-net' };

/** Every size vector between the minimums and maximums: equal zones together, unequal zones each on its own. */
function sizeVectors(plan: HeatPlan): number[][] {
  const out: number[][] = [];
  if (plan.zonesGrowTogether) {
    const z = plan.zones[0]!;
    for (let n = z.min; n <= z.max; n += z.step) out.push(plan.zones.map(() => n));
    return out;
  }
  const seen = new Set<string>();
  for (const [i, z] of plan.zones.entries()) {
    for (let n = z.min; n <= z.max; n += z.step) {
      const sizes = plan.zones.map((other, k) => (k === i ? n : other.size));
      if (!seen.has(sizes.join('+'))) out.push(sizes);
      seen.add(sizes.join('+'));
    }
  }
  return out;
}

function sizeParameters(plan: HeatPlan, sizes: number[]): Record<string, number> {
  return Object.fromEntries(plan.zones.map((z, i) => [`${z.id}_size`, sizes[i]!]));
}

function caseOf(name: string, plan: HeatPlan, parameters: Record<string, string | number>, mangle: (stack: string) => string = (s) => s): Case {
  const t = heatTemplates(plan, 'inventory.yaml', 'gluster.yaml');
  return { name, template: mangle(hotText(t.stack)), files: { [t.serverFile]: hotText(t.server) }, parameters: { ...CLOUD, ...parameters } };
}

const plans = Object.entries(LAYOUTS).map(([name, hosts]) => ({ name, plan: planHeat(inventory(hosts), { glusterVersion: '10.3' }) }));

describe('the layouts the templates encode', () => {
  it.each(plans)('$name: every size from the minimum to the maximum is a layout our validator accepts, with no two bricks of a set on one server', ({ plan }) => {
    const vectors = sizeVectors(plan);
    expect(vectors.length).toBeGreaterThan(1);
    for (const sizes of vectors) {
      const bricks = plannedBricks(plan.zones, sizes, plan.brickDir);
      const same = suggestLayouts({ bricks, glusterVersion: plan.glusterVersion.text, limit: 9 }).find(
        (s) => layoutWords(s.layout).join(' ') === layoutWords(plan.layout).join(' ') && s.bricks.length === bricks.length,
      );
      expect(same, `${sizes.join('+')} servers in ${layoutWords(plan.layout).join(' ')}`).toBeDefined();
      expect(same!.verdict.accepted).toBe(true);
      expect(same!.verdict.errors).toEqual([]);
      expect(same!.summary.brickCount % plan.setSize).toBe(0);
    }
  });

  it('replica 3 over three zones grows by one server per zone; one zone grows by whole sets of 3', () => {
    const three = plans.find((p) => p.name === 'three zones, volumes')!.plan;
    expect(layoutWords(three.layout)).toEqual(['replica', '3']);
    expect(three.zones.map((z) => z.step)).toEqual([1, 1, 1]);
    const one = plans.find((p) => p.name === 'one zone, volumes')!.plan;
    expect(one.zones[0]).toMatchObject({ step: 3, offset: 0, min: 3, size: 3 });
    const lab = plans.find((p) => p.name === 'two zones, 2 + 1 volume-less (the lab)')!.plan;
    expect(lab.zones.map((z) => [z.step, z.offset])).toEqual([[3, 2], [3, 1]]);
  });
});

describe.skipIf(missing !== '' && !IN_CI)("Heat's own validation (python3-heat, offline)", () => {
  it('python3-heat is installed (CI installs it in .ci/run)', () => {
    expect(missing).toBe('');
  });

  it('accepts every template for every size between the minimum and the maximum, and refuses broken templates and sizes outside the constraints', () => {
    const good: Case[] = [];
    const bad: Array<Case & { why: RegExp }> = [];
    for (const { name, plan } of plans) {
      for (const sizes of sizeVectors(plan)) good.push(caseOf(`${name}: ${sizes.join('+')}`, plan, sizeParameters(plan, sizes)));
      // The constraints are what keeps the volume whole: a size off the step, or above the console's limit, is refused.
      const z = plan.zones[0]!;
      if (z.step > 1) bad.push({ ...caseOf(`${name}: off the step`, plan, { [`${z.id}_size`]: z.size + 1 }), why: /go in steps of/ });
      bad.push({ ...caseOf(`${name}: too many`, plan, { [`${z.id}_max`]: 251 }), why: /from 1 to 250/ });
    }
    const plan = plans.find((p) => p.name === 'three zones, one volume-less')!.plan;
    bad.push(
      { ...caseOf('unknown resource type', plan, {}, (s) => s.replace('type: OS::Heat::ScalingPolicy', 'type: OS::Heat::ScalingPolicyy')), why: /OS::Heat::ScalingPolicyy.*could not be found/ },
      { ...caseOf('unknown property', plan, {}, (s) => s.replace('cooldown: 900\n', 'cooldown: 900\n      warmup: 900\n')), why: /Unknown Property warmup/ },
      { ...caseOf('undefined parameter', plan, {}, (s) => s.replace('get_param: zone_a_min', 'get_param: zone_a_least')), why: /zone_a_least/ },
      { ...caseOf('reference to an undefined resource', plan, {}, (s) => s.replace('get_resource: zone_b_servers', 'get_resource: zone_d_servers')), why: /zone_d_servers.*is incorrect/ },
      { ...caseOf('a missing parameter', plan, {}, (s) => s), parameters: {}, why: /The Parameter \(image\) was not provided/ },
    );
    // The nested server template is validated too: a broken one fails the stack that uses it.
    const broken = caseOf('unknown property in the server template', plan, {});
    const [file] = Object.keys(broken.files);
    broken.files[file!] = broken.files[file!]!.replace('user_data_format: RAW', 'user_data_format: RAW\n      boot_disk: 20');
    bad.push({ ...broken, why: /Unknown Property boot_disk/ });

    expect(good.length).toBeGreaterThan(20);
    // Every mangle changed something: a case identical to a good one would prove nothing.
    for (const b of bad) expect(b.template + JSON.stringify(b.files) + JSON.stringify(b.parameters)).not.toBe(good[0]!.template + JSON.stringify(good[0]!.files) + JSON.stringify(good[0]!.parameters));

    const results = validateWithHeat([...good, ...bad]);
    expect(results.size).toBe(good.length + bad.length);
    const failedGood = good.map((c) => results.get(c.name)!).filter((r) => !r.ok);
    expect(failedGood).toEqual([]);
    for (const b of bad) {
      const r = results.get(b.name)!;
      expect(r.ok, b.name).toBe(false);
      expect(r.error, b.name).toMatch(b.why);
    }
  }, 900_000);
});

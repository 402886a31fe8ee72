// The Heat plan and its cloud-config without Heat: what the inventory gives
// (zones, steps, storage), what it refuses (exit 2 in the command), and that
// the brick is prepared with the bricks step's own commands.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseInventory } from '../../src/config/inventory.js';
import { brickDirCommand, brickFstabLine, brickMountCommands, brickWipeCommand } from '../../src/steps/bricks.js';
import { brickScript, cloudConfig } from '../../src/heat/cloud-config.js';
import { HeatInputError, planHeat } from '../../src/heat/plan.js';
import { heatTemplates, serverFileName } from '../../src/heat/template.js';

type Host = { zone: string; device?: string; transientDevice?: string };

function inv(hosts: Host[]) {
  return parseInventory({ hosts: hosts.map((h, i) => ({ name: `node${i + 1}`, address: `127.1.24.${i + 1}`, ...h })) });
}

const three = inv([
  { zone: 'zone-a', device: '/dev/vdc' },
  { zone: 'zone-b', device: '/dev/vdc' },
  { zone: 'zone-c', transientDevice: '/dev/vdb' },
]);

describe('planHeat', () => {
  it('one group per zone, replica 3 over three zones, storage from the inventory', () => {
    const plan = planHeat(three);
    expect(plan.zones.map((z) => [z.zone, z.id, z.size, z.storage, z.device, z.step, z.min, z.max])).toEqual([
      ['zone-a', 'zone_a', 1, 'volume', '/dev/vdc', 1, 1, 3],
      ['zone-b', 'zone_b', 1, 'volume', '/dev/vdc', 1, 1, 3],
      ['zone-c', 'zone_c', 1, 'transient', '/dev/vdb', 1, 1, 3],
    ]);
    expect(plan.layout).toEqual({ replica: 3 });
    expect(plan.zonesGrowTogether).toBe(true);
  });

  it('replica 3 over three zones of two, where the validator\'s first suggestion is a 4 + 2 disperse set that survives no more', () => {
    const six = inv(['zone-a', 'zone-a', 'zone-b', 'zone-b', 'zone-c', 'zone-c'].map((zone) => ({ zone, device: '/dev/vdc' })));
    const plan = planHeat(six, { glusterVersion: '10.3' });
    expect(plan.layout).toEqual({ replica: 3 });
    expect(plan.zones.map((z) => z.step)).toEqual([1, 1, 1]);
    expect(plan.layoutTitle).toBe('replica 3: 2 x 3 = 6');
  });

  it('--min-per-zone and --max-per-zone round to the zone\'s steps', () => {
    const one = inv(Array.from({ length: 3 }, () => ({ zone: 'zone-a', device: '/dev/vdc' })));
    const plan = planHeat(one, { minPerZone: 2, maxPerZone: 14 });
    expect(plan.zones[0]).toMatchObject({ size: 3, step: 3, min: 3, max: 12 });
  });

  it('stripe: named as removed in 10 and later, refused in 6 to 9, there but unused below 6', () => {
    expect(planHeat(three, { glusterVersion: '11.1' }).stripe).toMatch(/11\.1 has no stripe.*sharding/);
    expect(planHeat(three, { glusterVersion: '7.9' }).stripe).toMatch(/7\.9 refuses stripe/);
    const old = planHeat(three, { glusterVersion: '3.4' });
    expect(old.stripe).toMatch(/3\.4 still has stripe .*does not use it/);
    expect(old.layout.stripe).toBeUndefined();
  });

  it.each([
    ['no brick device', inv([{ zone: 'zone-a' }, { zone: 'zone-a', device: '/dev/vdc' }, { zone: 'zone-a', device: '/dev/vdc' }]), {}, /node1 in zone-a has no brick device/],
    ['two disks in one zone', inv([{ zone: 'zone-a', device: '/dev/vdc' }, { zone: 'zone-a', transientDevice: '/dev/vdb' }, { zone: 'zone-a', device: '/dev/vdc' }]), {}, /differ in their brick disk/],
    ['a minimum above the inventory', three, { minPerZone: 2 }, /zone-a has 1 host in the inventory, below its minimum of 2/],
    ['min above max', three, { minPerZone: 3, maxPerZone: 2 }, /--min-per-zone 3 is above --max-per-zone 2/],
    ['a bad version', three, { glusterVersion: 'ten' }, /not a GlusterFS version/],
    ['more servers than the console manages', three, { maxPerZone: 100 }, /add up to 300 servers/],
  ])('refuses %s with the reason', (_name, inventory, options, why) => {
    expect(() => planHeat(inventory, options)).toThrow(HeatInputError);
    expect(() => planHeat(inventory, options)).toThrow(why);
  });
});

describe('the cloud-config', () => {
  const plan = planHeat(three);

  it('prepares an attached volume with the bricks step\'s commands, formatting it only when empty', () => {
    const script = brickScript(plan.zones[0]!, plan);
    expect(script).toContain('mkfs.xfs -i size=512 -m uuid="$uuid" /dev/vdc');
    expect(script).toContain(`printf '%s\\n' "${brickFstabLine('$uuid', plan)}"`);
    expect(script).toContain('defaults,nofail');
    for (const c of [...brickMountCommands(plan.brickMount), brickDirCommand(plan.brickMount, plan.brickDir)]) expect(script).toContain(c.text);
    expect(script).toMatch(/if blkid -p \/dev\/vdc >\/dev\/null 2>&1; then[\s\S]*else[\s\S]*mkfs\.xfs/);
    expect(script).not.toContain(brickWipeCommand('/dev/vdc').text);
  });

  it('wipes and formats the transient disk in a volume-less zone, with cloud-init\'s mount of it off', () => {
    const z = plan.zones[2]!;
    const script = brickScript(z, plan);
    expect(script).toContain(brickWipeCommand('/dev/vdb').text);
    expect(script).toContain('mkfs.xfs -i size=512 -m uuid="$uuid" /dev/vdb');
    const config = YAML.parse(cloudConfig(z, plan).replace(/^#cloud-config\n/, '')) as Record<string, unknown>;
    expect(config.mounts).toEqual([['ephemeral0', null]]);
    expect(config.packages).toContain('glusterfs-server');
    expect(config.runcmd).toEqual([['/usr/local/sbin/gluster-console-brick'], ['systemctl', 'enable', '--now', 'glusterd']]);
  });

  it('is a shell script sh can parse, for both kinds of zone', () => {
    for (const z of plan.zones) {
      const r = spawnSync('sh', ['-n'], { input: brickScript(z, plan), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describe('the templates', () => {
  it('say which GlusterFS they target and why there is no stripe, and leave probe and volume create to the console', () => {
    const t = heatTemplates(planHeat(three, { glusterVersion: '10.3' }), 'inventory.yaml', 'gluster.yaml');
    const description = String(t.stack.description);
    expect(description).toContain('Targets GlusterFS 10.3');
    expect(description).toMatch(/Stripe: GlusterFS 10\.3 has no stripe/);
    expect(description).toMatch(/Heat does not probe peers or create the volume/);
    expect(t.serverFile).toBe('gluster.server.yaml');
    const resources = t.stack.resources as Record<string, { type: string }>;
    expect(Object.entries(resources).map(([name, r]) => `${name} ${r.type}`)).toEqual([
      'zone_a_servers OS::Heat::AutoScalingGroup', 'zone_a_scale_up OS::Heat::ScalingPolicy', 'zone_a_scale_down OS::Heat::ScalingPolicy',
      'zone_b_servers OS::Heat::AutoScalingGroup', 'zone_b_scale_up OS::Heat::ScalingPolicy', 'zone_b_scale_down OS::Heat::ScalingPolicy',
      'zone_c_servers OS::Heat::AutoScalingGroup', 'zone_c_scale_up OS::Heat::ScalingPolicy', 'zone_c_scale_down OS::Heat::ScalingPolicy',
    ]);
    const outputs = t.stack.outputs as Record<string, { value: unknown }>;
    expect(Object.keys(outputs)).toContain('zone_a_addresses');
    // Heat computes the set count from the groups' current sizes.
    expect(outputs.sets!.value).toEqual({ yaql: { expression: '$.data.sizes.sum() / 3', data: { sizes: ['a', 'b', 'c'].map((z) => ({ get_attr: [`zone_${z}_servers`, 'current_size'] })) } } });
  });

  it('name the server template after the stack template', () => {
    expect(serverFileName('stack.yaml')).toBe('stack.server.yaml');
    expect(serverFileName('stack')).toBe('stack.server.yaml');
  });
});

// The HOT templates of a planned cluster: the stack (one AutoScalingGroup per
// zone, its size, minimum and maximum as parameters, scaling policies, the
// servers' addresses as outputs) and the server every group is made of (a
// port, the server with the zone's cloud-config, and where the zone has
// volumes, an OS::Cinder::Volume attached to it). A member of an
// AutoScalingGroup is one resource, so the server and its volume live in a
// template of their own, which the stack names by file (Heat's client uploads
// it with the stack).
import YAML from 'yaml';
import { layoutWords } from '../gluster/layout/index.js';
import { MAX_HOSTS } from '../config/inventory.js';
import { cloudConfig } from './cloud-config.js';
import type { HeatPlan, HeatZone } from './plan.js';

/** Rocky: conditions, the modulo constraint (from Pike) and list_concat. */
export const HOT_VERSION = '2018-08-31';

/** A volume's size when the operator gives none: the seed's 200 GB. */
export const DEFAULT_VOLUME_GB = 200;

/** How long a group waits after scaling before a policy may scale it again: a new server installs GlusterFS and its brick first. */
export const COOLDOWN_SECONDS = 900;

export interface HeatTemplates {
  /** The stack template. */
  stack: Record<string, unknown>;
  /** The server template the groups are made of, under the file name the stack gives it. */
  server: Record<string, unknown>;
  serverFile: string;
}

type Hot = Record<string, unknown>;

function sizeParameter(label: string, zone: HeatZone, value: number, setSize: number): Hot {
  const modulo = zone.step > 1 ? [{ modulo: { step: zone.step, offset: zone.offset }, description: `${zone.zone}'s servers go in steps of ${zone.step}${zone.offset > 0 ? ` from ${zone.offset}` : ''}, so the volume stays whole sets of ${setSize}` }] : [];
  return {
    type: 'number',
    label: `${zone.zone}: ${label}`,
    default: value,
    constraints: [{ range: { min: 1, max: MAX_HOSTS }, description: `from 1 to ${MAX_HOSTS} servers (the most the console manages)` }, ...modulo],
  };
}

function describe(plan: HeatPlan, source: string): string {
  const zones = plan.zones.map((z) => `${z.zone} ${z.size} (${z.storage === 'volume' ? `a ${'volume'} at ${z.device}` : `volume-less: the transient disk ${z.device}`})`).join(', ');
  const words = layoutWords(plan.layout).join(' ') || 'distribute';
  const total = plan.zones.reduce((n, z) => n + z.size, 0);
  const steps = plan.zones.map((z) => `${z.zone} ${z.min}..${z.max} in steps of ${z.step}`).join('; ');
  return [
    `GlusterFS cluster planned by gluster-console heat from ${source}: ${total} servers in ${plan.zones.length} zone${plan.zones.length === 1 ? '' : 's'} (${zones}).`,
    `Targets GlusterFS ${plan.glusterVersion.text}: the layout follows that version's rules, so the image's glusterfs-server package must be that version.`,
    `Layout: ${plan.layoutTitle} (${plan.layoutWhy}). The replica count is computed from the planned servers the way the console's layout validator suggests, taking replica 3 with each set over as many zones as there are whenever it survives what the validator's first suggestion survives.`,
    `Stripe: ${plan.stripe}.`,
    `Parameterisation: each zone's size, minimum and maximum are parameters (${steps}); their constraints keep the volume in whole sets of ${plan.setSize}. ${
      plan.zonesGrowTogether && plan.zones.length > 1
        ? `The zones are equal and grow together: each set takes servers from every zone, so raise every zone's size by ${plan.zones[0]!.step} for a new set.`
        : plan.zones.length > 1
          ? 'The zones differ in size, so each grows on its own by a whole set.'
          : ''
    }`.trim(),
    `Scaling: each zone has a scale-up and a scale-down policy (adjusting by its step); signal their URLs (outputs) from an alarm or by hand. Scale down only after gluster-console shrink has moved the data off the servers that go, and mark those members unhealthy first (openstack stack resource mark unhealthy, in the group's nested stack): a group removes its failed members first, then its oldest, and the oldest hold bricks.`,
    `Heat does not probe peers or create the volume: a new server cannot probe itself into a pool, and bricks are added only in whole sets. Each server installs glusterfs-server, prepares its brick as the console's bricks step does and starts glusterd. Then put the servers (outputs) in the inventory and run gluster-console setup (volume create: ${words}) or, for a grown stack, gluster-console expand.`,
  ].join('\n');
}

function stackTemplate(plan: HeatPlan, source: string, serverFile: string): Hot {
  const hasVolumes = plan.zones.some((z) => z.storage === 'volume');
  const hasTransient = plan.zones.some((z) => z.storage === 'transient');
  const parameters: Hot = {
    image: { type: 'string', label: 'Image', description: 'A Debian or Ubuntu image whose glusterfs-server package is the GlusterFS this template targets', constraints: [{ custom_constraint: 'glance.image' }] },
    key_name: { type: 'string', label: 'SSH key pair', description: 'The key the console logs in with', constraints: [{ custom_constraint: 'nova.keypair' }] },
    network: { type: 'string', label: 'Network', description: 'The network the servers (and the console) share', constraints: [{ custom_constraint: 'neutron.network' }] },
    ...(hasVolumes
      ? {
          flavor: { type: 'string', label: 'Flavour (zones with volumes)', default: 'm1.medium', description: 'A medium flavour: the brick is an attached volume', constraints: [{ custom_constraint: 'nova.flavor' }] },
          volume_size: { type: 'number', label: 'Brick volume size (GB)', default: DEFAULT_VOLUME_GB, constraints: [{ range: { min: 1 } }] },
        }
      : {}),
    ...(hasTransient
      ? { ephemeral_flavor: { type: 'string', label: 'Flavour (volume-less zones)', default: 'm1.xlarge', description: 'A larger flavour with an ephemeral disk: the brick falls back to it (its data is lost when the VM stops or is resized)', constraints: [{ custom_constraint: 'nova.flavor' }] } }
      : {}),
  };
  const resources: Hot = {};
  const outputs: Hot = {};
  for (const z of plan.zones) {
    parameters[`${z.id}_size`] = sizeParameter('servers at creation', z, z.size, plan.setSize);
    parameters[`${z.id}_min`] = sizeParameter('fewest servers', z, z.min, plan.setSize);
    parameters[`${z.id}_max`] = sizeParameter('most servers', z, z.max, plan.setSize);
    parameters[`${z.id}_availability_zone`] = { type: 'string', label: `${z.zone}: availability zone`, default: z.zone };
    const group = `${z.id}_servers`;
    resources[group] = {
      type: 'OS::Heat::AutoScalingGroup',
      properties: {
        min_size: { get_param: `${z.id}_min` },
        max_size: { get_param: `${z.id}_max` },
        desired_capacity: { get_param: `${z.id}_size` },
        cooldown: COOLDOWN_SECONDS,
        resource: {
          type: serverFile,
          properties: {
            image: { get_param: 'image' },
            key_name: { get_param: 'key_name' },
            network: { get_param: 'network' },
            availability_zone: { get_param: `${z.id}_availability_zone` },
            flavor: { get_param: z.storage === 'volume' ? 'flavor' : 'ephemeral_flavor' },
            volume_size: z.storage === 'volume' ? { get_param: 'volume_size' } : 0,
            volume_device: z.device,
            user_data: cloudConfig(z, plan),
          },
        },
      },
    };
    for (const [name, sign] of [['scale_up', 1], ['scale_down', -1]] as const) {
      resources[`${z.id}_${name}`] = {
        type: 'OS::Heat::ScalingPolicy',
        properties: { adjustment_type: 'change_in_capacity', auto_scaling_group_id: { get_resource: group }, scaling_adjustment: sign * z.step, cooldown: COOLDOWN_SECONDS },
      };
      outputs[`${z.id}_${name}_url`] = { description: `${z.zone}: signal to ${sign > 0 ? 'add' : 'remove'} ${z.step} server${z.step === 1 ? '' : 's'}`, value: { get_attr: [`${z.id}_${name}`, 'alarm_url'] } };
    }
    outputs[`${z.id}_addresses`] = { description: `${z.zone}: the servers' addresses, for the inventory and gluster-console expand`, value: { get_attr: [group, 'outputs_list', 'address'] } };
    outputs[`${z.id}_names`] = { description: `${z.zone}: the servers' names`, value: { get_attr: [group, 'outputs_list', 'name'] } };
  }
  outputs.addresses = { description: 'Every server\'s address, zone by zone', value: { list_concat: plan.zones.map((z) => ({ get_attr: [`${z.id}_servers`, 'outputs_list', 'address'] })) } };
  outputs.layout = { description: 'The volume create words the console will use (the replica count from the planned servers)', value: layoutWords(plan.layout).join(' ') || 'distribute' };
  // What Heat itself computes from the groups as they are now: how many whole sets the servers make, and how
  // many wait for their set to be complete (the console adds bricks only in whole sets).
  const sizes = { sizes: plan.zones.map((z) => ({ get_attr: [`${z.id}_servers`, 'current_size'] })) };
  outputs.sets = { description: `Whole sets of ${plan.setSize} the servers make now`, value: { yaql: { expression: `$.data.sizes.sum() / ${plan.setSize}`, data: sizes } } };
  outputs.servers_outside_sets = { description: 'Servers waiting for the rest of their set (grow the other zones too)', value: { yaql: { expression: `$.data.sizes.sum() mod ${plan.setSize}`, data: sizes } } };
  return { heat_template_version: HOT_VERSION, description: describe(plan, source), parameters, resources, outputs };
}

function serverTemplate(): Hot {
  return {
    heat_template_version: HOT_VERSION,
    description: 'One GlusterFS server of a gluster-console heat stack: its port, the server booting the zone\'s cloud-config, and where the zone has volumes, the brick volume attached to it.',
    parameters: {
      image: { type: 'string' },
      flavor: { type: 'string' },
      key_name: { type: 'string' },
      network: { type: 'string' },
      availability_zone: { type: 'string' },
      volume_size: { type: 'number', description: 'GB of the brick volume; 0 in a volume-less zone (the brick is on the ephemeral disk)', constraints: [{ range: { min: 0 } }] },
      volume_device: { type: 'string', description: 'Where the volume is attached, the inventory\'s device' },
      user_data: { type: 'string' },
    },
    conditions: { has_volume: { not: { equals: [{ get_param: 'volume_size' }, 0] } } },
    resources: {
      port: { type: 'OS::Neutron::Port', properties: { network: { get_param: 'network' } } },
      server: {
        type: 'OS::Nova::Server',
        properties: {
          image: { get_param: 'image' },
          flavor: { get_param: 'flavor' },
          key_name: { get_param: 'key_name' },
          availability_zone: { get_param: 'availability_zone' },
          networks: [{ port: { get_resource: 'port' } }],
          user_data_format: 'RAW',
          user_data: { get_param: 'user_data' },
        },
      },
      volume: { type: 'OS::Cinder::Volume', condition: 'has_volume', properties: { size: { get_param: 'volume_size' }, availability_zone: { get_param: 'availability_zone' } } },
      attachment: {
        type: 'OS::Cinder::VolumeAttachment',
        condition: 'has_volume',
        properties: { instance_uuid: { get_resource: 'server' }, volume_id: { get_resource: 'volume' }, mountpoint: { get_param: 'volume_device' } },
      },
    },
    outputs: {
      address: { description: 'The server\'s fixed address', value: { get_attr: ['port', 'fixed_ips', 0, 'ip_address'] } },
      name: { description: 'The server\'s name', value: { get_attr: ['server', 'name'] } },
    },
  };
}

/** `stack.yaml` → `stack.server.yaml`: the server template's file next to the stack's. */
export function serverFileName(stackFile: string): string {
  const base = stackFile.replace(/\.(ya?ml|json|template)$/i, '');
  return `${base}.server.yaml`;
}

export function heatTemplates(plan: HeatPlan, source: string, stackFileName: string): HeatTemplates {
  const serverFile = serverFileName(stackFileName);
  return { stack: stackTemplate(plan, source, serverFile), server: serverTemplate(), serverFile };
}

/** YAML with long lines kept whole (descriptions, the cloud-config as a block). */
export function hotText(template: Record<string, unknown>): string {
  return YAML.stringify(template, { lineWidth: 0, aliasDuplicateObjects: false });
}

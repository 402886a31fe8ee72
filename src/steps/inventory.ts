// Step 0, inventory: every host in the saved inventory answers over SSH, runs
// commands as root (directly or through sudo -n), and has the brick device the
// inventory names. Read only: the inventory itself is edited in the console.
import { formatBytes } from '../format-bytes.js';
import type { Inventory } from '../config/inventory.js';
import { cmd, sh } from '../shell/command.js';
import { brickDevice } from './bricks.js';
import { HOST_CHECK_COMMAND, parseHostCheck, type HostCheck } from './host-check.js';
import { hostNames, readHosts } from './read.js';
import { parseSections, section, sections } from './sections.js';
import type { CheckResult, HostPlan, StepDefinition, StepPlan } from './types.js';

export interface InventoryFacts {
  check: HostCheck;
  /** Size of the inventory's brick device in bytes; null when it is not a block device there. */
  deviceBytes: number | null;
  /** Whole disks with nothing on them and nothing mounted (what could become a brick). */
  freeDisks: { name: string; sizeBytes: number }[];
}

export type InventoryCheck = CheckResult<Record<string, InventoryFacts>>;

export { formatBytes };

export function inventoryCheckCommand(device: string | null) {
  return sections(
    section('host', HOST_CHECK_COMMAND),
    section('device', device ? sh`if [ -b ${device} ]; then ${cmd('lsblk', '-dn', '-b', '-o', 'SIZE', device)}; fi` : sh`true`),
    section('disks', cmd('lsblk', '--json', '-b', '-o', 'NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE')),
  );
}

interface RawBlock {
  name?: unknown;
  type?: unknown;
  size?: unknown;
  mountpoint?: unknown;
  fstype?: unknown;
  children?: RawBlock[];
}

function used(node: RawBlock): boolean {
  return (typeof node.mountpoint === 'string' && node.mountpoint !== '') || (typeof node.fstype === 'string' && node.fstype !== '') || (node.children ?? []).some(used);
}

export function parseInventoryCheck(host: string, stdout: string): InventoryFacts {
  const s = parseSections(stdout);
  const size = (s.device?.text ?? '').trim();
  let freeDisks: InventoryFacts['freeDisks'] = [];
  try {
    const tree = JSON.parse(s.disks?.text ?? '') as { blockdevices?: RawBlock[] };
    freeDisks = (tree.blockdevices ?? [])
      .filter((d) => d.type === 'disk' && !used(d) && (d.children ?? []).length === 0)
      .map((d) => ({ name: String(d.name), sizeBytes: Number(d.size) || 0 }))
      .filter((d) => d.sizeBytes > 0);
  } catch {
    // No lsblk, or an old one without --json: nothing to suggest.
  }
  return { check: parseHostCheck(host, s.host?.text ?? ''), deviceBytes: /^[0-9]+$/.test(size) ? Number(size) : null, freeDisks };
}

export function planInventory(check: InventoryCheck, _intent: unknown, inventory: Inventory): StepPlan {
  const hosts: HostPlan[] = [];
  for (const h of inventory.hosts) {
    if (check.hostErrors[h.name] !== undefined) continue;
    const f = check.facts[h.name];
    if (!f) continue;
    const plan: HostPlan = { host: h.name, items: [], notes: [] };
    const c = f.check;
    const gluster = c.glusterVersion ? `GlusterFS ${c.glusterVersion}` : 'GlusterFS not installed';
    plan.notes.push(`${c.effectiveUser ?? '?'} · ${c.os?.pretty ?? '?'} · ${gluster} · ${c.systemd ? 'systemd' : 'no systemd'}`);
    const device = brickDevice(h);
    if (c.state === 'failed') plan.blocked = c.problem ?? 'the check failed';
    else if (!device) plan.blocked = 'the inventory names no brick device: add device: (attached volume) or transientDevice: (volume-less zone)';
    else if (f.deviceBytes === null) plan.blocked = `${device.device} is not a block device on ${h.name}${f.freeDisks.length > 0 ? `; unused disks there: ${f.freeDisks.map((d) => `/dev/${d.name} (${formatBytes(d.sizeBytes)})`).join(', ')}` : ''}`;
    else plan.notes.push(`brick device ${device.device} (${formatBytes(f.deviceBytes)}${device.transient ? ', transient' : ''})`);
    hosts.push(plan);
  }
  const versions = [...new Set(Object.values(check.facts).map((f) => f.check.glusterVersion).filter((v): v is string => typeof v === 'string'))].sort();
  const notes = versions.length > 1 ? [`WARNING: the hosts run different GlusterFS versions: ${versions.join(', ')}`] : [];
  if (inventory.hosts.length === 0) notes.push('the inventory has no hosts: add or import them first');
  return { hosts, notes };
}

export const inventoryStep: StepDefinition<Record<string, InventoryFacts>> = {
  id: 'inventory',
  number: 0,
  title: 'Inventory',
  summary: 'every host answers over SSH as root (or through sudo -n) and has its brick device',
  async check(ctx) {
    const devices = new Map(ctx.inventory.hosts.map((h) => [h.name, brickDevice(h)?.device ?? null]));
    const { results, errors } = await readHosts(ctx, hostNames(ctx), (host) => inventoryCheckCommand(devices.get(host) ?? null));
    const facts: Record<string, InventoryFacts> = {};
    for (const [host, result] of Object.entries(results)) facts[host] = parseInventoryCheck(host, result.stdout);
    return { facts, hostErrors: errors };
  },
  plan: planInventory,
};

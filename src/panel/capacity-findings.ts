// The capacity finding: a volume past the threshold (the setting
// capacityThresholdPercent, default 80% of its usable space used) says which
// zone fills first and when, at the rate its free space fell over the recent
// brick checks, and how many hosts one grow step adds. It only proposes: the
// fix is the grow flow (`gluster-console expand`), which the operator runs.
// With no trend yet, or free space not falling, it says so instead of a date.
import type { ZoneCapacity } from './capacity.js';
import { capacityLine, fullInText, plural, zoneLine } from './capacity-text.js';
import type { Finding, VolumeReport } from './report.js';

/** The zone that fills first: the fewest days left, else (no rate anywhere) the fullest. */
function fillingFirst(zones: readonly ZoneCapacity[]): ZoneCapacity | undefined {
  const dated = zones.filter((z) => z.trend.daysLeft !== undefined).sort((a, b) => a.trend.daysLeft! - b.trend.daysLeft!);
  if (dated[0]) return dated[0];
  return [...zones].sort((a, b) => (b.usedPercent ?? -1) - (a.usedPercent ?? -1))[0];
}

export function capacityFindings(v: VolumeReport): Finding[] {
  const c = v.capacity;
  if (c.usedPercent === undefined || c.usedPercent < c.thresholdPercent) return [];
  const zone = fillingFirst(c.zones);
  const used = Math.round(c.usedPercent);
  const add = `add ${plural(c.setSize, 'host')} (one set)`;
  const name = zone?.zone ?? v.name;
  const days = zone?.trend.daysLeft;
  const title =
    days !== undefined
      ? `${name} will be full ${fullInText(days)} at the current rate (${v.name} is ${used}% used): ${add}`
      : zone?.trend.freePerDay === undefined
        ? `${v.name} is ${used}% used, ${name} the fullest: no trend yet to tell when it will be full; ${add}`
        : `${v.name} is ${used}% used, ${name} the fullest: its free space is not falling now; ${add} before it does`;
  const zones = c.zones.map((z) => z.zone);
  const where =
    c.setSize === 1 ? 'in any zone' : zones.length === c.setSize ? `one in each of ${zones.join(', ')}` : `spread over the zones (${zones.join(', ')}) as evenly as they allow`;
  const newHosts = Array.from({ length: c.setSize }, (_, i) => `NEW${i + 1}`).join(',');
  return [
    {
      id: `capacity:${v.name}`,
      kind: 'capacity',
      severity: 'warning',
      volume: v.name,
      title,
      explanation: [
        `${v.name} ${capacityLine(c)} (setting capacityThresholdPercent). Usable by the layout: ${v.disperseCount > 0 ? 'a disperse set stores its smallest brick times its data bricks' : v.replicaCount > 1 ? "one copy per replica set, its smallest data brick's worth" : 'the sum of its bricks'}.`,
        ...c.zones.map(zoneLine),
        `The rate is the slope of each zone's free space over the recent brick checks (one about every 30 s while the panel runs): it describes the last minutes, not the month. One grow step adds one ${v.disperseCount > 0 ? 'disperse' : v.replicaCount > 1 ? 'replica' : 'distribute'} set of ${plural(c.setSize, 'brick')}, each on its own new host. Nothing is run from here: grow the volume, or free space on it.`,
      ],
      manual: [
        `add ${plural(c.setSize, 'new host')} to the inventory file, ${where}, each with its brick device`,
        `gluster-console expand --inventory FILE --volume ${v.name} --hosts ${newHosts} --dry-run   (shows the plan: setup of the new hosts, add-brick of one set, rebalance)`,
        `gluster-console expand --inventory FILE --volume ${v.name} --hosts ${newHosts}   (or the console's grow flow)`,
      ],
    },
  ];
}

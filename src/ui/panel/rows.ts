// The rows each panel view lets the operator move through, filtered. Keys and
// rendering both read them, so the highlighted row is the one a key acts on.
import type { BrickReport, ClusterReport, Finding, HostReport, VolumeReport } from '../../panel/report.js';
import type { Snapshot } from '../../panel/snapshot.js';
import { current } from '../../panel/section.js';
import type { PanelView } from '../../store/panel-store.js';

export type PanelRow =
  | { kind: 'volume'; key: string; volume: VolumeReport }
  | { kind: 'finding'; key: string; finding: Finding }
  | { kind: 'brick'; key: string; brick: BrickReport }
  | { kind: 'entry'; key: string; entry: HealEntryRow };

export interface HealEntryRow {
  gfid: string;
  path?: string;
  splitBrain: boolean;
}

function matches(filter: string, ...texts: Array<string | undefined>): boolean {
  if (filter === '') return true;
  const f = filter.toLowerCase();
  return texts.some((t) => t?.toLowerCase().includes(f));
}

/** Heal entries of one brick: heal info's list, with split-brain ones marked (and added if heal info has not answered). */
export function healEntries(snapshot: Snapshot | null, volume: string, brick: string): HealEntryRow[] | undefined {
  if (!snapshot) return undefined;
  const entries = current(snapshot.entries[volume])?.find((b) => b.name === brick);
  const split = current(snapshot.splitBrain[volume])?.find((b) => b.name === brick);
  if (!entries && !split) return undefined;
  const splitGfids = new Set(split?.entries.map((e) => e.gfid) ?? []);
  const rows = new Map<string, HealEntryRow>();
  for (const e of entries?.entries ?? []) rows.set(e.gfid, { gfid: e.gfid, ...(e.path ? { path: e.path } : {}), splitBrain: splitGfids.has(e.gfid) });
  for (const e of split?.entries ?? []) if (!rows.has(e.gfid)) rows.set(e.gfid, { gfid: e.gfid, ...(e.path ? { path: e.path } : {}), splitBrain: true });
  return [...rows.values()];
}

export function rowsFor(view: PanelView, report: ClusterReport | null, snapshot: Snapshot | null, filter: string): PanelRow[] {
  if (!report) return [];
  switch (view.kind) {
    case 'cluster':
      return [
        ...report.volumes
          .filter((v) => matches(filter, v.name, v.type, v.verdict, v.status))
          .map((v): PanelRow => ({ kind: 'volume', key: `volume:${v.name}`, volume: v })),
        ...report.findings
          .filter((f) => matches(filter, f.title, f.severity, f.host, f.volume))
          .map((f): PanelRow => ({ kind: 'finding', key: `finding:${f.id}`, finding: f })),
      ];
    case 'volume': {
      const v = report.volumes.find((x) => x.name === view.volume);
      if (!v) return [];
      return [
        ...v.bricks.filter((b) => matches(filter, b.name, b.online === 'yes' ? 'online' : 'offline', b.mount)).map((b): PanelRow => ({ kind: 'brick', key: `brick:${b.name}`, brick: b })),
        ...report.findings
          .filter((f) => f.volume === v.name && matches(filter, f.title, f.severity, f.host))
          .map((f): PanelRow => ({ kind: 'finding', key: `finding:${f.id}`, finding: f })),
      ];
    }
    case 'brick':
      return (healEntries(snapshot, view.volume, view.brick) ?? [])
        .filter((e) => matches(filter, e.path, e.gfid, e.splitBrain ? 'split-brain' : 'pending'))
        .map((e): PanelRow => ({ kind: 'entry', key: `entry:${e.gfid}`, entry: e }));
    case 'finding':
      return [];
  }
}

/** The hosts table's rows under the filter: by name, address, SSH state (up, down) or glusterd's (running, stopped…). */
export function hostsMatching(report: ClusterReport, filter: string): HostReport[] {
  return report.hosts.filter((h) => matches(filter, h.name, h.address, h.ssh, h.glusterd));
}

/** The volume that h / H act on in this view, with the row highlighted. */
export function volumeInFocus(view: PanelView, row: PanelRow | undefined, report: ClusterReport | null): string | undefined {
  if (view.kind === 'volume' || view.kind === 'brick') return view.volume;
  if (row?.kind === 'volume') return row.volume.name;
  if (row?.kind === 'finding' && row.finding.volume) return row.finding.volume;
  if (view.kind === 'finding') return report?.findings.find((f) => f.id === view.id)?.volume;
  return report?.volumes.length === 1 ? report.volumes[0]?.name : undefined;
}

/** The finding f acts on: the highlighted one, or the one on screen. */
export function findingInFocus(view: PanelView, row: PanelRow | undefined, report: ClusterReport | null): Finding | undefined {
  if (view.kind === 'finding') return report?.findings.find((f) => f.id === view.id);
  if (row?.kind === 'finding') return row.finding;
  if (row?.kind === 'brick') return report?.findings.find((f) => f.brick === row.brick.name && f.plan);
  return undefined;
}

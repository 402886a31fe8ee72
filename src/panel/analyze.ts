// The snapshot read as hosts, volumes and bricks. What gluster says directly
// (volume status) wins; where it is silent (bricks of a peer whose glusterd is
// down are simply absent) heal info and the hosts' own state fill in, and
// what nothing tells stays "unknown".
import type { InventoryHost } from '../config/inventory.js';
import type { Peer } from '../gluster/xml/peer-status.js';
import { layoutString, type VolumeInfo } from '../gluster/xml/volume-info.js';
import { startedButSilent, type VolumeStatus } from '../gluster/xml/volume-status.js';
import { judgeBrickMount } from './brick-mounts.js';
import { DEFAULT_CAPACITY_THRESHOLD_PERCENT, volumeCapacity } from './capacity.js';
import { buildFindings } from './findings.js';
import { hostKey, inventoryHostFor, isHealed, setSizeOf, volumeCount } from './names.js';
import { setQuorum, type QuorumRule, type Tri } from './quorum.js';
import type { BrickReport, ClusterReport, HostReport, PeerCell, SectionAge, SetReport, ShdReport, VolumeReport } from './report.js';
import { current, type Section } from './section.js';
import type { Snapshot } from './snapshot.js';
import { brickDelta, healTrend } from './trend.js';
import { clusterVerdict, verdictReason, volumeVerdict } from './verdict.js';

export function sectionAge(label: string, section: Section<unknown> | undefined): SectionAge {
  const s = section ?? { state: 'pending' as const };
  return {
    label,
    state: s.state,
    ...(s.at !== undefined ? { at: s.at } : {}),
    ...(s.busySince !== undefined ? { busySince: s.busySince } : {}),
    ...(s.error ? { error: s.error } : {}),
    ...(s.source ? { source: s.source } : {}),
  };
}

function peerCells(hosts: readonly InventoryHost[], pool: Peer[]): PeerCell[] {
  return pool
    .filter((p) => p.hostname !== 'localhost')
    .map((p) => ({
      peer: hostKey(hosts, p.hostnames.find((n) => inventoryHostFor(hosts, n)) ?? p.hostname),
      uuid: p.uuid,
      connected: p.connected,
      state: p.state,
      stateStr: p.stateStr,
    }));
}

function hostReports(s: Snapshot): HostReport[] {
  const reports = s.hosts.map((h): HostReport => {
    const sections = s.host[h.name];
    const probe = sections?.probe;
    const pool = sections?.pool;
    const probeValue = current(probe);
    const poolValue = current(pool);
    let ssh: HostReport['ssh'] = 'unknown';
    let sshError: string | undefined;
    // The probe runs on every host every refresh: its latest outcome decides; the pool list only before the first probe.
    const poolAnswered = pool?.state === 'ok' || (pool?.state === 'failed' && pool.error?.kind === 'glusterd-down');
    if (probe?.state === 'ok' || ((probe === undefined || probe.state === 'pending') && poolAnswered)) ssh = 'up';
    else if (probe?.state === 'failed' && (probe.error?.kind === 'unreachable' || probe.error?.kind === 'refused')) {
      ssh = 'down';
      sshError = probe.error.message;
    } else if (probe?.error) sshError = probe.error.message;
    let glusterd: HostReport['glusterd'] = 'unknown';
    if (poolValue) glusterd = 'running';
    else if (probeValue?.glusterd === 'stopped') glusterd = 'stopped';
    else if (pool?.state === 'failed' && pool.error?.kind === 'glusterd-down') glusterd = probeValue?.glusterd === 'running' ? 'not answering' : 'stopped';
    else if (pool?.state === 'unknown' && probeValue?.glusterd === 'running') glusterd = 'not answering';
    const self = poolValue?.find((p) => p.hostname === 'localhost');
    return {
      name: h.name,
      address: h.address,
      ssh,
      ...(sshError ? { sshError } : {}),
      glusterd,
      ...(probeValue ? { systemd: probeValue.systemd } : {}),
      ...(self ? { uuid: self.uuid } : {}),
      ...(poolValue ? { peers: peerCells(s.hosts, poolValue) } : {}),
      probe: sectionAge('probe', probe),
      pool: sectionAge('pool list', pool),
      ...(sections?.mounts ? { mounts: sectionAge('brick mounts', sections.mounts) } : {}),
    };
  });
  // Pool membership: a host lists peers, or another host lists it.
  for (const r of reports) {
    if (r.peers && r.peers.length > 0) r.inPool = true;
    else if (reports.some((o) => o.peers?.some((p) => p.peer === r.name || (r.uuid !== undefined && p.uuid === r.uuid)))) r.inPool = true;
    else if (r.peers && reports.filter((o) => o.peers).length > 1) r.inPool = false;
    else if (r.peers && reports.length === 1) r.inPool = true;
  }
  return reports;
}

function strangers(s: Snapshot, hosts: HostReport[]): PeerCell[] {
  const known = new Set(hosts.map((h) => h.uuid).filter(Boolean));
  const seen = new Map<string, PeerCell>();
  for (const h of hosts) {
    for (const p of h.peers ?? []) {
      if (!inventoryHostFor(s.hosts, p.peer) && !known.has(p.uuid) && !seen.has(p.uuid)) seen.set(p.uuid, p);
    }
  }
  return [...seen.values()];
}

function optionValue(s: Snapshot, v: VolumeInfo, key: string): string | undefined {
  if (v.options[key] !== undefined) return v.options[key];
  return current(s.options[v.name])?.[key]?.value;
}

const setSize = setSizeOf;

function quorumRule(v: VolumeInfo, quorumType: string | undefined, quorumCount: string | undefined): QuorumRule {
  if (v.disperseCount > 0) return { kind: 'disperse', dataCount: v.disperseCount - v.redundancyCount };
  if (v.replicaCount > 1) {
    const count = Number(quorumCount);
    return { kind: 'replica', quorumType: quorumType || 'auto', ...(Number.isInteger(count) && count > 0 ? { quorumCount: count } : {}) };
  }
  return { kind: 'distribute' };
}

function brickReports(s: Snapshot, v: VolumeInfo, hosts: HostReport[], statusOk: boolean, status: VolumeStatus | undefined): BrickReport[] {
  const heal = current(s.heal[v.name]);
  const size = setSize(v);
  return v.bricks.map((b, i): BrickReport => {
    const host = hostKey(s.hosts, b.host);
    const hostReport = hosts.find((h) => h.name === host);
    const live = status?.bricks.find((x) => (x.hostname === b.host || (b.hostUuid && x.peerid === b.hostUuid)) && x.path === b.path);
    const healBrick = heal?.find((x) => x.name === b.name);
    let online: BrickReport['online'] = 'unknown';
    let onlineWhy: string | undefined;
    if (v.status !== 1) {
      online = 'no';
      onlineWhy = `volume ${v.statusStr.toLowerCase()}`;
    } else if (live) {
      online = live.online ? 'yes' : 'no';
    } else if (healBrick) {
      online = healBrick.connected ? 'yes' : 'no';
      const glusterdDown = hostReport?.glusterd === 'stopped' || hostReport?.glusterd === 'not answering';
      onlineWhy = healBrick.connected
        ? `volume status ${statusOk ? 'leaves it out' : 'did not answer'}, but heal info reaches it`
        : glusterdDown
          ? `heal info cannot reach it (${healBrick.status}): clients find a brick's port through glusterd on ${host}, which is down (the brick process may still run)`
          : `heal info cannot reach it (${healBrick.status})`;
    } else if (hostReport?.ssh === 'down' && statusOk) {
      online = 'no';
      onlineWhy = `${host} does not answer`;
    } else if (statusOk) {
      onlineWhy = hostReport?.glusterd === 'stopped' || hostReport?.glusterd === 'not answering'
        ? `volume status leaves it out: glusterd on ${host} is down (the brick process may still run)`
        : `volume status from ${s.status.source ?? 'the cluster'} leaves it out`;
    } else {
      onlineWhy = 'volume status did not answer';
    }

    const mountsSection = s.host[host]?.mounts;
    const mounts = current(mountsSection);
    const judged = mounts ? judgeBrickMount(mounts, b.path) : undefined;
    let mount: BrickReport['mount'] = 'unknown';
    let mountPoint: string | undefined;
    let mountWhy: string | undefined;
    if (judged) {
      mount = judged.state;
      mountPoint = judged.mountPoint ?? (judged.state === 'mounted' ? judged.mount.mountTarget : undefined);
      if (judged.state === 'not-mounted') {
        mountWhy = judged.fstab
          ? `fstab mounts ${judged.fstab.source} at ${judged.fstab.target}, but it is not mounted (${judged.mount.nearest} is on ${judged.mount.mountTarget || '?'})`
          : `${b.path} is gone and ${judged.mount.nearest} is on the root filesystem: the filesystem that held the brick is not mounted, and fstab has no line for it`;
      } else if (judged.state === 'missing') mountWhy = `${b.path} does not exist (its filesystem ${judged.mount.mountTarget} is mounted)`;
      else if (judged.state === 'root-fs') mountWhy = `${b.path} is on the root filesystem and fstab names no filesystem for it`;
    } else if (!inventoryHostFor(s.hosts, b.host)) mountWhy = `${b.host} is not in the inventory`;
    else if (mountsSection?.error) mountWhy = mountsSection.error.message;

    // Space and device from the host's own check (volume status detail would cost a cluster-wide transaction).
    const pathMount = judged?.mount;
    const free = mount === 'mounted' ? pathMount?.availableBytes : live?.sizeFree;
    const total = mount === 'mounted' ? pathMount?.totalBytes : live?.sizeTotal;
    const delta = brickDelta(s.healHistory[v.name], b.name);
    const device = pathMount && mount === 'mounted' && pathMount.mountSource.startsWith('/dev/') ? pathMount.mountSource : live?.device;
    // The transient disk is the brick's when it is mounted from it, or when the host has no other (the setup's fallback).
    const inventoryHost = inventoryHostFor(s.hosts, b.host);
    const transient = inventoryHost?.transientDevice !== undefined && (device === inventoryHost.transientDevice || inventoryHost.device === undefined);
    return {
      volume: v.name,
      name: b.name,
      host,
      path: b.path,
      set: Math.floor(i / size),
      arbiter: b.isArbiter,
      online,
      ...(onlineWhy ? { onlineWhy } : {}),
      ...(live?.pid !== undefined ? { pid: live.pid } : {}),
      ...(live?.port !== undefined ? { port: live.port } : {}),
      ...(free !== undefined ? { freeBytes: free } : {}),
      ...(total !== undefined ? { totalBytes: total } : {}),
      ...(device ? { device } : {}),
      ...(transient ? { transient } : {}),
      ...(pathMount && mount === 'mounted' && pathMount.fsType ? { fsType: pathMount.fsType } : live?.fsName ? { fsType: live.fsName } : {}),
      mount,
      ...(mountPoint ? { mountPoint } : {}),
      ...(mountWhy ? { mountWhy } : {}),
      ...(healBrick
        ? {
            heal: {
              connected: healBrick.connected,
              status: healBrick.status,
              ...(healBrick.pending !== undefined ? { pending: healBrick.pending } : {}),
              ...(healBrick.splitBrain !== undefined ? { splitBrain: healBrick.splitBrain } : {}),
              ...(healBrick.possiblyHealing !== undefined ? { possiblyHealing: healBrick.possiblyHealing } : {}),
              ...(delta !== undefined ? { delta } : {}),
            },
          }
        : {}),
    };
  });
}

/** volume status, unless its answer says nothing about this started volume: that answer cannot be right, so it is no answer. */
export function statusFor(s: Snapshot, v: VolumeInfo): VolumeStatus[] | undefined {
  const all = current(s.status);
  if (!all || startedButSilent([v], all).length > 0) return undefined;
  return all;
}

function shdReports(s: Snapshot, v: VolumeInfo): ShdReport[] | undefined {
  const status = statusFor(s, v)?.find((d) => d.name === v.name);
  if (!status) return undefined;
  return status.selfHealDaemons.map((d) => ({
    host: d.path === 'localhost' ? (s.status.source ?? 'localhost') : hostKey(s.hosts, d.path),
    online: d.online,
    ...(d.pid !== undefined ? { pid: d.pid } : {}),
  }));
}

export interface AnalyzeOptions {
  /** Percent of usable space used at which the capacity finding is raised (the setting capacityThresholdPercent). */
  capacityThresholdPercent?: number;
}

function volumeReport(s: Snapshot, v: VolumeInfo, hosts: HostReport[], options: AnalyzeOptions): VolumeReport {
  const statusAll = statusFor(s, v);
  const status = statusAll?.find((x) => x.name === v.name);
  const bricks = brickReports(s, v, hosts, statusAll !== undefined, status);
  const quorumType = optionValue(s, v, 'cluster.quorum-type');
  const quorumCount = optionValue(s, v, 'cluster.quorum-count');
  const serverQuorumType = optionValue(s, v, 'cluster.server-quorum-type');
  const serverQuorumRatio = optionValue(s, v, 'cluster.server-quorum-ratio');
  const shdKey = v.disperseCount > 0 ? 'cluster.disperse-self-heal-daemon' : 'cluster.self-heal-daemon';
  const shdValue = optionValue(s, v, shdKey);
  const rule = quorumRule(v, quorumType, quorumCount);
  const size = setSize(v);
  const sets: SetReport[] = [];
  for (let i = 0; i * size < bricks.length; i++) {
    const members = bricks.slice(i * size, (i + 1) * size);
    sets.push({ index: i, bricks: members.map((b) => b.name), quorum: setQuorum(members.map((b): Tri => b.online), rule) });
  }
  const healSection = s.heal[v.name];
  const healValue = current(healSection);
  const healed = isHealed(v);
  // A brick that did not answer heal info has no counts: the volume's count is then unknown, not the sum of the others.
  const notAnswering = healValue ? v.bricks.filter((b) => healValue.find((x) => x.name === b.name)?.pending === undefined).length : 0;
  const count = (key: 'pending' | 'splitBrain' | 'possiblyHealing') =>
    healValue && notAnswering === 0 ? volumeCount(v, new Map(healValue.filter((b) => b[key] !== undefined).map((b) => [b.name, b[key]!]))) : undefined;
  const shd = shdReports(s, v);
  return {
    name: v.name,
    type: v.typeStr,
    layout: layoutString(v),
    status: v.statusStr,
    started: v.status === 1,
    replicaCount: v.replicaCount,
    disperseCount: v.disperseCount,
    redundancyCount: v.redundancyCount,
    arbiterCount: v.arbiterCount,
    options: {
      ...(quorumType !== undefined ? { quorumType } : v.replicaCount > 2 ? { quorumType: 'auto' } : {}),
      ...(quorumCount ? { quorumCount } : {}),
      ...(serverQuorumType !== undefined ? { serverQuorumType } : {}),
      ...(serverQuorumRatio !== undefined ? { serverQuorumRatio } : {}),
      selfHealDaemon: shdValue === 'off' || shdValue === 'disable' || shdValue === 'false' || shdValue === 'no' ? 'off' : 'on',
    },
    healed,
    bricks,
    sets,
    ...(shd ? { selfHealDaemons: shd } : {}),
    ...(healed && v.status === 1
      ? {
          heal: {
            state: healSection?.state ?? 'pending',
            ...(healValue && notAnswering === 0
              ? {
                  pending: count('pending'),
                  splitBrain: count('splitBrain'),
                  possiblyHealing: count('possiblyHealing'),
                }
              : {}),
            ...(notAnswering > 0 ? { notAnswering, pendingAtLeast: volumeCount(v, new Map(healValue!.filter((b) => b.pending !== undefined).map((b) => [b.name, b.pending!]))) } : {}),
            trend: healTrend(s.healHistory[v.name]),
            section: sectionAge(`heal info ${v.name}`, healSection),
          },
        }
      : {}),
    capacity: volumeCapacity(v, bricks, s.hosts, s.spaceHistory[v.name] ?? [], options.capacityThresholdPercent ?? DEFAULT_CAPACITY_THRESHOLD_PERCENT),
    verdict: 'unknown',
    findings: [],
  };
}

export function analyze(s: Snapshot, now: number, options: AnalyzeOptions = {}): ClusterReport {
  const hosts = hostReports(s);
  const volumes = (s.volumes.value ?? []).map((v) => volumeReport(s, v, hosts, options));
  const report: ClusterReport = {
    at: now,
    verdict: 'unknown',
    hosts,
    strangers: strangers(s, hosts),
    volumes,
    findings: [],
    sections: [
      sectionAge('volume info', s.volumes),
      sectionAge('volume status', s.status),
      ...Object.entries(s.heal).map(([name, section]) => sectionAge(`heal info ${name}`, section)),
    ],
    ...(s.primary ? { primary: s.primary } : {}),
    refreshes: s.refreshes,
    ...(s.lastRefreshMs !== undefined ? { lastRefreshMs: s.lastRefreshMs } : {}),
  };
  report.findings = buildFindings(s, report);
  for (const v of report.volumes) {
    const mine = report.findings.filter((f) => f.volume === v.name || (f.volume === undefined && f.kind === 'query-unknown' && f.host === undefined));
    v.findings = mine.map((f) => f.id);
    v.verdict = volumeVerdict(mine);
  }
  report.verdict = clusterVerdict(report);
  const reason = verdictReason(report);
  if (reason) report.verdictReason = reason;
  return report;
}

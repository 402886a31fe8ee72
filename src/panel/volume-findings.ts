// Findings about one volume: bricks (offline, filesystem not mounted, on the
// root filesystem, full), quorum, the self-heal daemon, the heal backlog and
// split-brain.
import { inventoryHostFor } from './names.js';
import { enableShdPlan, healPlan, mountAndStartPlan, plainPath, startForcePlan, type Plan } from './plans.js';
import { serverQuorumMet } from './quorum.js';
import type { BrickReport, ClusterReport, Finding, VolumeReport } from './report.js';
import { current } from './section.js';
import { sectionProblem, seconds } from './section-findings.js';
import type { Snapshot } from './snapshot.js';
import { trendText } from './trend.js';
import { PEER_IN_CLUSTER } from '../gluster/xml/peer-status.js';

export function brickFindings(v: VolumeReport, report: ClusterReport, s: Snapshot, gHost: string | undefined): Finding[] {
  const out: Finding[] = [];
  if (!v.started) return out;
  const offline = v.bricks.filter((b) => b.online === 'no');
  const serverQuorumLost = new Set<string>();
  if (v.options.serverQuorumType === 'server') {
    for (const h of report.hosts) {
      if (!h.peers || !v.bricks.some((b) => b.host === h.name)) continue;
      const active = 1 + h.peers.filter((p) => p.connected && p.state === PEER_IN_CLUSTER).length;
      const total = 1 + h.peers.length;
      if (!serverQuorumMet(active, total, v.options.serverQuorumRatio)) {
        serverQuorumLost.add(h.name);
        out.push({
          id: `server-quorum:${v.name}:${h.name}`,
          kind: 'server-quorum-lost',
          severity: 'degraded',
          volume: v.name,
          host: h.name,
          title: `${h.name} has lost server quorum: it stops its bricks of ${v.name}`,
          explanation: [
            `cluster.server-quorum-type is "server": glusterd on ${h.name} sees ${active} of ${total} pool members (it needs ${v.options.serverQuorumRatio ? `${v.options.serverQuorumRatio}%` : 'more than half'}), so it has stopped its bricks, and volume operations there fail with "Quorum not met. Volume operation not allowed.".`,
            'The bricks start again by themselves once enough peers are connected: bring the other nodes back (see their findings). start force does not help meanwhile.',
          ],
        });
      }
    }
  }
  for (const b of offline) {
    const host = report.hosts.find((h) => h.name === b.host);
    const base = { volume: v.name, host: b.host, brick: b.name };
    if (b.mount === 'not-mounted') {
      out.push({ id: `brick-unmounted:${b.name}`, kind: 'brick-unmounted', severity: 'degraded', ...base, ...unmountedFinding(v, b, s, gHost) });
      continue;
    }
    if (b.mount === 'missing') {
      out.push({
        id: `brick-missing:${b.name}`,
        kind: 'brick-dir-missing',
        severity: 'degraded',
        ...base,
        title: `Brick directory missing on ${b.host}: ${b.path} (${v.name})`,
        explanation: [
          b.mountWhy ?? '',
          'The brick cannot start without its directory, and recreating it empty would make gluster treat it as a new, empty brick. Find out where its data went (wrong filesystem mounted? deleted?) before anything else.',
        ].filter(Boolean),
      });
      continue;
    }
    const explanation: string[] = [];
    let plan: Plan | undefined;
    if (host?.ssh === 'down') explanation.push(`${b.host} is down: the brick comes back when the host boots (glusterd starts it).`);
    else if (host?.glusterd === 'stopped' || host?.glusterd === 'not answering') explanation.push(`glusterd on ${b.host} is not answering: start it (see that finding); it starts the brick.`);
    else if (serverQuorumLost.has(b.host)) explanation.push(`${b.host} stopped it for lack of server quorum (see that finding).`);
    else if (b.mount === 'mounted' && gHost) {
      explanation.push(`The brick process is not running although its filesystem is mounted (${b.mountPoint ?? 'mounted'}). "volume start force" starts the bricks that are not running and leaves running ones alone.`);
      plan = startForcePlan(v.name, gHost, [b.name]);
    } else if (b.mount === 'root-fs') {
      explanation.push(`${b.path} is a directory on the root filesystem of ${b.host} and fstab names no filesystem for it. If it should be on its own disk, mount that first: "start force" over an empty directory would stamp it as the brick.`);
    } else {
      explanation.push(`Its filesystem could not be checked (${b.mountWhy ?? 'no answer from the host'}); a fix is offered once it can be.`);
    }
    if (b.onlineWhy) explanation.unshift(b.onlineWhy);
    out.push({
      id: `brick-offline:${b.name}`,
      kind: 'brick-offline',
      severity: 'degraded',
      ...base,
      title: `Brick ${b.name} of ${v.name} is offline`,
      explanation,
      ...(plan ? { plan } : {}),
    });
  }
  for (const b of v.bricks) {
    if (b.online === 'unknown') {
      out.push({
        id: `brick-unknown:${b.name}`,
        kind: 'brick-unknown',
        severity: 'unknown',
        volume: v.name,
        host: b.host,
        brick: b.name,
        title: `Brick ${b.name} of ${v.name}: state unknown`,
        explanation: [b.onlineWhy ?? 'Nothing answered about it.'],
      });
    }
    if (b.online === 'yes' && (b.mount === 'not-mounted' || b.mount === 'root-fs')) {
      const fstabSays = b.mount === 'not-mounted';
      out.push({
        id: `brick-root-fs:${b.name}`,
        kind: 'brick-on-root-fs',
        severity: fstabSays ? 'degraded' : 'warning',
        volume: v.name,
        host: b.host,
        brick: b.name,
        title: `Brick ${b.name} of ${v.name} runs on the root filesystem`,
        explanation: fstabSays
          ? [
              `${b.mountWhy ?? ''}`,
              `The brick process writes into ${b.path} on the root filesystem: probably "start force" ran before its filesystem was mounted. Its real data is on the unmounted disk, and writes fill /. Stop this brick (kill its glusterfsd on ${b.host}), mount the filesystem, then start force; heal brings it up to date.`,
            ].filter(Boolean)
          : [`${b.mountWhy ?? ''}`, 'Bricks on the root filesystem share space with the OS: a full brick fills /. gluster warns about this at volume create.'].filter(Boolean),
      });
    }
    if (b.online === 'yes' && b.freeBytes !== undefined && b.totalBytes !== undefined && b.totalBytes > 0 && b.freeBytes / b.totalBytes < 0.1) {
      out.push({
        id: `brick-space:${b.name}`,
        kind: 'brick-space-low',
        severity: 'warning',
        volume: v.name,
        host: b.host,
        brick: b.name,
        title: `Brick ${b.name} of ${v.name} is ${Math.round(100 - (100 * b.freeBytes) / b.totalBytes)}% full`,
        explanation: ['Writes fail with ENOSPC on a full brick; in a replica set the others then hold data it lacks.'],
      });
    }
  }
  return out;
}

function unmountedFinding(v: VolumeReport, b: BrickReport, s: Snapshot, gHost: string | undefined): Pick<Finding, 'title' | 'explanation' | 'plan'> {
  const title = `Brick filesystem not mounted on ${b.host}: ${b.path} (${v.name})`;
  const explanation = [
    b.mountWhy ?? '',
    'The brick cannot start without it. Never "start force" before mounting it: the brick would start on the empty directory of the root filesystem and be healed into as a new brick.',
  ].filter(Boolean);
  const mounts = current(s.host[b.host]?.mounts);
  const mountPoint = b.mountPoint;
  if (!gHost || !mountPoint || !plainPath(mountPoint) || !plainPath(b.path)) {
    return { title, explanation: [...explanation, gHost ? 'The mount point cannot be put in a command safely: mount it by hand.' : 'No glusterd answers to start the brick from.'] };
  }
  const judgedFstab = mounts?.fstab.some((e) => e.target === mountPoint);
  if (judgedFstab) {
    return { title, explanation, plan: mountAndStartPlan({ volume: v.name, host: b.host, brickPath: b.path, mountPoint, glusterHost: gHost, fromFstab: true }) };
  }
  const inventory = inventoryHostFor(s.hosts, b.host);
  const preferred = [s.brickDevices[b.name], inventory?.device, inventory?.transientDevice].filter((d): d is string => d !== undefined);
  const device = preferred.map((d) => mounts?.devices.find((x) => x.device === d)).find((d) => d?.uuid && d.fsType && d.mountedAt.length === 0);
  if (!device?.uuid || !device.fsType) {
    return {
      title,
      explanation: [...explanation, `No unmounted filesystem was found on the brick's device${preferred.length ? ` (${preferred.join(', ')})` : ' (the inventory names none)'}: find it (blkid), mount it at ${mountPoint}, add it to /etc/fstab, then start force.`],
    };
  }
  return {
    title,
    explanation: [...explanation, `${device.device} holds an unmounted ${device.fsType} filesystem (UUID ${device.uuid}): the plan mounts it at ${mountPoint} and adds the missing fstab line.`],
    plan: mountAndStartPlan({
      volume: v.name,
      host: b.host,
      brickPath: b.path,
      mountPoint,
      glusterHost: gHost,
      fromFstab: false,
      device: { path: device.device, uuid: device.uuid, fsType: device.fsType },
    }),
  };
}

export function quorumFindings(v: VolumeReport): Finding[] {
  if (!v.started) return [];
  return v.sets
    .filter((set) => set.quorum.state === 'lost')
    .map((set) => {
      const label = v.sets.length > 1 ? `set ${set.index + 1} of ${v.name}` : v.name;
      const kind = v.disperseCount > 0 ? 'disperse' : v.replicaCount > 1 ? 'replica' : 'distribute';
      const explanation =
        kind === 'replica'
          ? [
              `${set.quorum.online} of ${set.quorum.size} bricks are online; client quorum needs ${set.quorum.rule}.`,
              `In GlusterFS 10.x a replica set without client quorum fails I/O with "Transport endpoint is not connected" (ENOTCONN); the volume does not turn read-only. Writes resume, without a remount, as soon as enough bricks of the set are back: fix the offline bricks above.`,
            ]
          : kind === 'disperse'
            ? [`${set.quorum.online} of ${set.quorum.size} bricks are online; the set needs ${set.quorum.rule}. Its files cannot be read or written until enough bricks are back.`]
            : [`The brick is offline: the files it holds cannot be reached until it is back.`];
      return {
        id: `quorum-lost:${v.name}:${set.index}`,
        kind: 'quorum-lost',
        severity: 'down' as const,
        volume: v.name,
        title: kind === 'replica' ? `Client quorum lost in ${label}: I/O fails` : `${label} cannot serve its files`,
        explanation,
        manual: [`bricks: ${set.bricks.join('  ')}`],
      };
    });
}

export function healFindings(v: VolumeReport, report: ClusterReport, s: Snapshot, gHost: string | undefined): Finding[] {
  const out: Finding[] = [];
  if (!v.healed || !v.started) return out;
  const disperse = v.disperseCount > 0;
  if (v.options.selfHealDaemon === 'off') {
    out.push({
      id: `shd-off:${v.name}`,
      kind: 'shd-disabled',
      severity: 'degraded',
      volume: v.name,
      title: `The self-heal daemon of ${v.name} is turned off`,
      explanation: [
        `${disperse ? 'cluster.disperse-self-heal-daemon' : 'cluster.self-heal-daemon'} is off: nothing heals ${v.name} in the background, so entries pending heal stay pending, and "gluster volume heal" refuses ("Self-heal-daemon is disabled").`,
        'Turning it back on starts the daemon on every node; it heals the backlog within seconds.',
      ],
      ...(gHost ? { plan: enableShdPlan(v.name, gHost, disperse) } : {}),
    });
  } else if (v.selfHealDaemons) {
    const brickHosts = [...new Set(v.bricks.map((b) => b.host))];
    for (const name of brickHosts) {
      const host = report.hosts.find((h) => h.name === name);
      if (host?.ssh !== 'up' || host.glusterd !== 'running') continue;
      if (v.selfHealDaemons.some((d) => d.host === name && d.online)) continue;
      out.push({
        id: `shd-down:${v.name}:${name}`,
        kind: 'shd-not-running',
        severity: 'degraded',
        volume: v.name,
        host: name,
        title: `The self-heal daemon of ${v.name} is not running on ${name}`,
        explanation: [`volume status lists no running self-heal daemon on ${name}: entries on its bricks are not healed in the background. "volume start force" starts missing self-heal daemons (and bricks), leaving running ones alone.`],
        ...(gHost ? { plan: startForcePlan(v.name, gHost, []) } : {}),
      });
    }
  }
  const heal = v.heal;
  const healSection = s.heal[v.name];
  if (!heal || !healSection) return out;
  if (healSection.state !== 'ok') {
    const problem = sectionProblem(`heal info ${v.name}`, healSection);
    if (problem) out.push({ ...problem, volume: v.name });
    return out;
  }
  if (heal.notAnswering) {
    out.push({
      id: `heal-unknown:${v.name}`,
      kind: 'heal-counts-unknown',
      severity: 'unknown',
      volume: v.name,
      title: `Heal counts of ${v.name} unknown: ${heal.notAnswering} brick${heal.notAnswering === 1 ? '' : 's'} not answering`,
      explanation: [
        `heal info could not reach ${heal.notAnswering === 1 ? 'one brick' : `${heal.notAnswering} bricks`} (${v.bricks.filter((b) => b.heal?.pending === undefined).map((b) => b.name).join(', ')}): what ${heal.notAnswering === 1 ? 'it holds' : 'they hold'} for heal, and split-brain, cannot be counted until ${heal.notAnswering === 1 ? 'it answers' : 'they answer'}.`,
      ],
    });
  }
  const offline = v.bricks.filter((b) => b.online !== 'yes');
  // With bricks not answering, what the others list is a floor: still a backlog worth naming.
  const pending = heal.pending ?? heal.pendingAtLeast ?? 0;
  const atLeast = heal.pending === undefined ? 'at least ' : '';
  if (pending > 0) {
    const canHeal = offline.length === 0 && gHost !== undefined;
    const age = healSection.at !== undefined ? ` (heal info ${seconds(report.at - healSection.at)} ago)` : '';
    out.push({
      id: `heal-pending:${v.name}`,
      kind: 'heal-pending',
      severity: 'degraded',
      volume: v.name,
      title: `${atLeast}${pending} ${pending === 1 ? 'entry' : 'entries'} of ${v.name} pending heal${!atLeast && (heal.trend.direction === 'rising' || heal.trend.direction === 'falling') ? ` (${trendText(pending, heal.trend)})` : ''}`,
      explanation: [
        `Bricks hold entries the other copies lack${age}. The self-heal daemon heals them on its own within seconds once every brick is back; a backlog that stays means it cannot.`,
        offline.length > 0
          ? `${offline.length} brick${offline.length === 1 ? ' is' : 's are'} not online (${offline.map((b) => b.name).join(', ')}): healing waits for ${offline.length === 1 ? 'it' : 'them'} (gluster would answer "Glusterd Syncop Mgmt brick op 'Heal' failed"). Bring ${offline.length === 1 ? 'it' : 'them'} back first.`
          : v.options.selfHealDaemon === 'off'
            ? 'The self-heal daemon is off: h turns it on and starts the heal.'
            : 'h asks the self-heal daemons to heal the pending entries now; H crawls the whole volume (full heal).',
      ],
      ...(canHeal ? { plan: healPlan(v.name, gHost!, v.options.selfHealDaemon === 'off' ? { enableShd: { disperse } } : {}) } : {}),
    });
  }
  if ((heal.splitBrain ?? 0) > 0) {
    const files = current(s.splitBrain[v.name]);
    // Each brick names an entry its own way (path or gfid): one name per gfid, the path when any brick knows it.
    const byGfid = new Map<string, string>();
    for (const e of files?.flatMap((b) => b.entries) ?? []) if (e.path || !byGfid.has(e.gfid)) byGfid.set(e.gfid, e.path ?? `gfid:${e.gfid}`);
    const names = [...byGfid.values()];
    out.push({
      id: `split-brain:${v.name}`,
      kind: 'split-brain',
      severity: 'degraded',
      volume: v.name,
      title: `${heal.splitBrain} ${heal.splitBrain === 1 ? 'entry' : 'entries'} of ${v.name} in split-brain`,
      explanation: [
        'The copies disagree and no copy is known to be right: reads of these files fail with EIO (Input/output error) until one copy is chosen.',
        'Open the volume, Enter on a brick to list its entries, then choose a policy for the highlighted file: b bigger-file, m latest-mtime, s source-brick (the copy on the brick on screen wins). Or set cluster.favorite-child-policy to resolve future ones automatically.',
        ...(names.length > 0 ? [`Files: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`] : []),
      ],
    });
  }
  return out;
}


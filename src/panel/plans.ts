// Fixes as plans: the exact commands, in order, each with the host it runs on
// and why. The operator sees the plan before anything runs; the one runner
// (plan/runner.ts) runs it step by step, audited, and stops at the first failure.
import { heal, healSplitBrain, volumeSet, volumeStart, type SplitBrainPolicy } from '../gluster/commands.js';
import { TRANSACTION_BUSY } from '../gluster/errors.js';
import { startGlusterd } from '../gluster/glusterd.js';
import { HEAL_STARTING } from '../gluster/heal-messages.js';
import { rejectedPeerRecovery, type RecoveryTarget } from '../gluster/peer-rejection.js';
import type { PlanItem, RetryRule } from '../plan/item.js';
import { cmd, sh, type Command } from '../shell/command.js';

/** A fix's command: the one plan model that the setup's steps use too. */
export type PlanStep = PlanItem;
export type { RetryRule };

export interface Plan {
  id: string;
  title: string;
  steps: PlanStep[];
  /** A second question, the operator typing `expect`, for fixes that cost a lot (full heal). */
  extraConfirmation?: { expect: string; lines: string[] };
  /** What to watch afterwards. */
  after?: string;
  /** "Done" also needs every finding of these kinds gone (a rejoined peer must be "Peer in Cluster" everywhere, not only no longer rejected). */
  alsoGone?: string[];
  /** How long checking again may wait for the cluster to show the result (fix.ts's default otherwise). */
  settleMs?: number;
}

/** glusterd refuses concurrent transactions; the panel's own status queries can be one. */
const BUSY: RetryRule = { when: TRANSACTION_BUSY, attempts: 5, delayMs: 1000 };
/** While the self-heal daemons start, `heal` fails for a few seconds (gluster/heal-messages.ts): retry. */
const HEAL_RETRY: RetryRule = { when: HEAL_STARTING, attempts: 15, delayMs: 1000 };

export function startForcePlan(volume: string, host: string, bricks: string[]): Plan {
  return {
    id: `start-force:${volume}`,
    title: `Start the offline brick${bricks.length === 1 ? '' : 's'} of ${volume}`,
    steps: [
      {
        host,
        command: volumeStart(volume, true),
        why: `starts only the bricks (and self-heal daemons) of ${volume} that are not running; running ones are left alone`,
        retry: BUSY,
      },
    ],
    after: 'the brick comes online; the self-heal daemon then heals what it missed',
  };
}

export function startVolumePlan(volume: string, host: string): Plan {
  return {
    id: `start:${volume}`,
    title: `Start volume ${volume}`,
    steps: [{ host, command: volumeStart(volume), why: `${volume} is not started: clients cannot mount it`, retry: BUSY }],
  };
}

export function startGlusterdPlan(host: string, systemd: boolean): Plan {
  return {
    id: `start-glusterd:${host}`,
    title: `Start glusterd on ${host}`,
    steps: [
      {
        host,
        command: startGlusterd(systemd),
        why: systemd
          ? `systemd runs on ${host}: start its glusterd unit`
          : `no systemd on ${host}: glusterd daemonises itself; -p records its pid as Debian's unit does`,
      },
    ],
    after: "glusterd reconnects to its peers and starts the host's bricks and self-heal daemon",
  };
}

/**
 * Peer Rejected: the documented recovery, on the rejected node only (the one a
 * majority of the pool rejects). It deletes that node's copy of the pool's
 * state, so the operator types the node's name to confirm.
 */
export function rejectedPeerPlan(target: RecoveryTarget & { rejectedBy: string[] }): Plan {
  const { host, goodPeer, rejectedBy } = target;
  return {
    id: `peer-rejected:${host}`,
    title: `Rejoin ${host} to the pool (Peer Rejected recovery)`,
    steps: rejectedPeerRecovery(target),
    extraConfirmation: {
      expect: host,
      lines: [
        `This deletes the state glusterd keeps in /var/lib/glusterd on ${host} (its peer list and its copy of every volume's configuration), keeping only glusterd.info (its UUID) and the package's hooks and groups.`,
        `${host}'s configuration then comes from ${goodPeer}. ${rejectedBy.join(' and ')} ${rejectedBy.length === 1 ? 'rejects' : 'reject'} ${host}; nothing runs on ${rejectedBy.length === 1 ? 'it' : 'them'}. Brick directories and their data are not touched.`,
        `Type ${host} to go on.`,
      ],
    },
    after: `${host} rejoins as "Peer in Cluster" on every node; its bricks come online and the self-heal daemon heals what they missed`,
    alsoGone: ['peer-rejected', 'peer-rejected-undecided', 'peer-not-in-cluster', 'peer-disconnected'],
    settleMs: 60_000,
  };
}

/** A mount point and brick path we can put in a plan and in fstab without escaping. */
export function plainPath(path: string): boolean {
  return /^\/[A-Za-z0-9._/-]*$/.test(path) && !path.split('/').includes('..');
}

function guardStep(host: string, mountPoint: string, brickPath: string): PlanStep {
  return {
    host,
    command: sh`mountpoint -q ${mountPoint} && test -d ${brickPath}`,
    why: `check: ${mountPoint} is a mount point and ${brickPath} is on it; otherwise stop here rather than start the brick on an empty directory of the root filesystem`,
    check: true,
  };
}

export interface MountFix {
  volume: string;
  /** The brick's host (where to mount). */
  host: string;
  brickPath: string;
  mountPoint: string;
  /** Where `volume start force` runs (a host whose glusterd answers). */
  glusterHost: string;
  /** From fstab: `mount MOUNTPOINT`. Otherwise the device to mount by UUID, and the fstab line to add. */
  fromFstab: boolean;
  device?: { path: string; uuid: string; fsType: string };
}

export function mountAndStartPlan(fix: MountFix): Plan {
  const steps: PlanStep[] = [];
  if (fix.fromFstab) {
    steps.push({ host: fix.host, command: cmd('mount', fix.mountPoint), why: `mount ${fix.mountPoint} as /etc/fstab on ${fix.host} describes it` });
  } else {
    const device = fix.device;
    if (!device) throw new Error('a mount without an fstab line needs the device');
    const line = `UUID=${device.uuid} ${fix.mountPoint} ${device.fsType} defaults,nofail 0 0`;
    steps.push({
      host: fix.host,
      command: sh`grep -qs ${`UUID=${device.uuid}`} /etc/fstab || printf '%s\\n' ${line} >> /etc/fstab`,
      why: `/etc/fstab on ${fix.host} has no line for the brick filesystem (${device.path}, ${device.fsType}): add one by UUID, with nofail, so the next boot mounts it`,
    });
    steps.push({ host: fix.host, command: cmd('mount', fix.mountPoint), why: `mount it now from that line` });
  }
  steps.push(guardStep(fix.host, fix.mountPoint, fix.brickPath));
  steps.push({
    host: fix.glusterHost,
    command: volumeStart(fix.volume, true),
    why: `start the brick of ${fix.volume} that could not start without its filesystem`,
    retry: BUSY,
  });
  return {
    id: `mount-start:${fix.volume}:${fix.host}:${fix.brickPath}`,
    title: `Mount the brick filesystem on ${fix.host}, then start the brick`,
    steps,
    after: 'the brick comes online; the self-heal daemon then heals what it missed',
  };
}

/**
 * A client mount of the host's fstab that is missing (or dead: its FUSE
 * process is gone), mounted again from that fstab line, then checked: the
 * mount table lists a glusterfs mount there and it answers.
 */
export function clientMountPlan(host: string, target: string, dead: boolean): Plan {
  const steps: PlanStep[] = [];
  if (dead) {
    steps.push({
      host,
      command: cmd('umount', '-l', target),
      why: `the glusterfs client behind ${target} is gone ("Transport endpoint is not connected"): detach the dead mount; lazily, so applications holding files open there cannot block it`,
    });
  }
  steps.push({ host, command: cmd('mount', target), why: `mount ${target} as /etc/fstab on ${host} describes it` });
  steps.push({
    host,
    command: sh`findmnt -n -k -t fuse.glusterfs -M ${target} >/dev/null && stat -f ${target} >/dev/null`,
    why: `check: ${target} is a glusterfs mount again and answers`,
    check: true,
  });
  return {
    id: `client-mount:${host}:${target}`,
    title: `Mount ${target} on ${host}`,
    steps,
    after: `applications on ${host} write to the volume again (not to the root disk)`,
  };
}

export function setOptionPlan(volume: string, host: string, key: string, value: string, why: string): Plan {
  return {
    id: `set:${volume}:${key}`,
    title: `Set ${key} to ${value} on ${volume}`,
    steps: [{ host, command: volumeSet(volume, key, value), why, retry: BUSY }],
  };
}

export function enableShdCommand(volume: string, disperse: boolean): Command {
  return disperse ? volumeSet(volume, 'cluster.disperse-self-heal-daemon', 'enable') : volumeSet(volume, 'cluster.self-heal-daemon', 'on');
}

export function enableShdPlan(volume: string, host: string, disperse: boolean): Plan {
  return {
    id: `shd-on:${volume}`,
    title: `Turn the self-heal daemon of ${volume} back on`,
    steps: [
      {
        host,
        command: enableShdCommand(volume, disperse),
        why: `with the self-heal daemon off, nothing heals ${volume} in the background and its backlog stays`,
        retry: BUSY,
      },
    ],
    after: 'the daemon starts on every node and heals the backlog within seconds',
  };
}

export function healPlan(volume: string, host: string, options: { full?: boolean; enableShd?: { disperse: boolean } } = {}): Plan {
  const steps: PlanStep[] = [];
  if (options.enableShd) {
    steps.push({
      host,
      command: enableShdCommand(volume, options.enableShd.disperse),
      why: `the self-heal daemon of ${volume} is off; gluster refuses to heal without it ("Self-heal-daemon is disabled")`,
      retry: BUSY,
    });
  }
  steps.push({
    host,
    command: heal(volume, options.full === true),
    why: options.full
      ? `crawl every file of ${volume} and heal whatever differs between bricks (slow on a big volume; loads the bricks)`
      : `heal the entries the bricks of ${volume} have marked as pending`,
    retry: HEAL_RETRY,
  });
  return {
    id: `${options.full ? 'full-heal' : 'heal'}:${volume}`,
    title: options.full ? `Full heal of ${volume}` : `Heal ${volume}`,
    steps,
    ...(options.full
      ? {
          extraConfirmation: {
            expect: volume,
            lines: [
              `A full heal crawls the whole of ${volume} on every brick; on a big volume it takes hours and loads the disks.`,
              'An index heal (h) is what pending entries need; use full only when bricks were replaced or wiped.',
            ],
          },
        }
      : {}),
    after: 'the pending count falls as entries heal',
  };
}

export const SPLIT_BRAIN_POLICIES: ReadonlyArray<{ policy: SplitBrainPolicy; key: string; text: string }> = [
  { policy: 'bigger-file', key: 'b', text: 'keep the bigger copy' },
  { policy: 'latest-mtime', key: 'm', text: 'keep the copy modified last' },
  { policy: 'source-brick', key: 's', text: 'keep the copy on the brick on screen' },
];

export function splitBrainPlan(volume: string, host: string, policy: SplitBrainPolicy, file: string, sourceBrick?: string): Plan {
  const command = policy === 'source-brick' ? healSplitBrain(volume, policy, file, sourceBrick ?? '') : healSplitBrain(volume, policy, file);
  const words = policy === 'source-brick' ? `keep the copy on ${sourceBrick}` : SPLIT_BRAIN_POLICIES.find((p) => p.policy === policy)?.text ?? policy;
  return {
    id: `split-brain:${volume}:${policy}:${file}`,
    title: `Resolve the split-brain of ${file}: ${words}`,
    steps: [
      {
        host,
        command,
        why:
          policy === 'source-brick'
            ? `the copy on ${sourceBrick} becomes the good one; the other copies are overwritten`
            : `gluster picks the ${policy === 'bigger-file' ? 'bigger' : 'newer'} copy and overwrites the others (it refuses when they are equal)`,
        retry: BUSY,
      },
    ],
    after: 'the entry leaves the split-brain list',
  };
}

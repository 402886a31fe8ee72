// The cloud-config each new server boots with: install GlusterFS, prepare the
// brick exactly as the console's bricks step does (the same command builders,
// src/steps/bricks.ts), start glusterd. The peer probe and the volume stay with
// the console: a new server cannot probe itself into a pool, and add-brick
// needs whole sets, which only the console sees.
import YAML from 'yaml';
import { enableGlusterdNow } from '../gluster/glusterd.js';
import { quote } from '../shell/command.js';
import { brickDirCommand, brickFstabLine, brickMkfsCommand, brickMountCommands, brickWipeCommand, FSTAB } from '../steps/bricks.js';
import type { HeatPlan, HeatZone } from './plan.js';

export const BRICK_SCRIPT = '/usr/local/sbin/gluster-console-brick';

/** How long the script waits for the attached volume to appear (Heat attaches it after the server boots). */
export const DEVICE_WAIT_SECONDS = 600;

/**
 * The console draws a brick's UUID before mkfs so the fstab line can be exact;
 * on a new server the script draws it. The builders get this word in its place,
 * and the script puts its variable there: one word, never quoted, in no path.
 */
const UUID_WORD = 'GLUSTER_CONSOLE_BRICK_UUID';

function withUuidVariable(text: string): string {
  return text.split(UUID_WORD).join('"$uuid"');
}

/** The script that prepares this zone's brick on a new server. Runs once per instance (cloud-init runcmd). */
export function brickScript(zone: Pick<HeatZone, 'storage' | 'device'>, plan: Pick<HeatPlan, 'brickMount' | 'brickDir'>): string {
  const dev = quote(zone.device);
  const mnt = plan.brickMount;
  const mkfs = withUuidVariable(brickMkfsCommand(zone.device, UUID_WORD).text);
  const [mountPoint, mount] = brickMountCommands(mnt);
  // The whole line in double quotes, the UUID as the variable: the brick mount is a checked path (no quotes, no $).
  const fstabLine = `"${brickFstabLine('$uuid', { brickMount: mnt })}"`;
  const lines = [
    '#!/bin/sh',
    '# Written by gluster-console heat: the brick as the console\'s bricks step makes it (XFS with',
    `# 512-byte inodes, mounted at ${mnt} from ${FSTAB} by UUID with nofail, the brick the`,
    `# directory ${plan.brickDir} inside it, so an unmounted disk never lets gluster fill the root disk).`,
    'set -eu',
    `# Heat attaches a volume after the server boots: wait for ${zone.device}, at most ${DEVICE_WAIT_SECONDS} s.`,
    'i=0',
    `while [ ! -b ${dev} ]; do`,
    `  i=$((i + 1)); if [ "$i" -gt ${DEVICE_WAIT_SECONDS} ]; then echo "gluster-console-brick: ${zone.device} did not appear" >&2; exit 1; fi`,
    '  sleep 1',
    'done',
  ];
  if (zone.storage === 'volume') {
    lines.push(
      '# An attached volume is formatted only when it is empty; an XFS on it is mounted as it is (as the console does).',
      `if blkid -p ${dev} >/dev/null 2>&1; then`,
      `  if [ "$(blkid -p -o value -s TYPE ${dev})" != xfs ]; then echo "gluster-console-brick: ${zone.device} holds something that is not XFS: not formatted (see gluster-console setup)" >&2; exit 1; fi`,
      `  uuid=$(blkid -p -o value -s UUID ${dev})`,
      'else',
      '  uuid=$(cat /proc/sys/kernel/random/uuid)',
      `  ${mkfs}`,
      'fi',
    );
  } else {
    lines.push(
      '# A volume-less zone: the brick falls back to the transient disk, whose data is lost whenever the VM',
      '# stops or is resized. On a new server it holds only what cloud-init put there, so, as the console',
      '# does, its mounts are taken down, their fstab lines dropped, and it is wiped and formatted.',
      `drop=$(findmnt -n -o TARGET -S ${dev} | tr '\\n' ' ')`,
      'for m in $drop; do umount "$m"; done',
      brickWipeCommand(zone.device).text,
      'uuid=$(cat /proc/sys/kernel/random/uuid)',
      mkfs,
    );
  }
  lines.push(
    `# ${FSTAB}: this line is the only one for ${mnt}, written atomically (backup next to it).`,
    `cp -p ${FSTAB} ${FSTAB}.gluster-console.bak`,
    `awk -v m=${quote(mnt)} -v drop="\${drop:-}" 'BEGIN { n = split(drop, d, " "); for (i = 1; i <= n; i++) gone[d[i]] = 1 } $2 != m && !($2 in gone)' ${FSTAB} > ${FSTAB}.gluster-console.tmp`,
    `printf '%s\\n' ${fstabLine} >> ${FSTAB}.gluster-console.tmp`,
    `mv ${FSTAB}.gluster-console.tmp ${FSTAB}`,
    mountPoint.text,
    mount.text,
    brickDirCommand(mnt, plan.brickDir).text,
    '',
  );
  return lines.join('\n');
}

/** The user data of a zone's servers: cloud-config (installed packages, the brick script, glusterd started). */
export function cloudConfig(zone: HeatZone, plan: HeatPlan): string {
  const config = {
    package_update: true,
    packages: ['glusterfs-server', 'xfsprogs'],
    // cloud-init mounts the transient disk at /mnt (ephemeral0); the brick takes the whole disk instead.
    ...(zone.storage === 'transient' ? { mounts: [['ephemeral0', null]] } : {}),
    write_files: [{ path: BRICK_SCRIPT, permissions: '0700', owner: 'root:root', content: brickScript(zone, plan) }],
    // Each entry is an argv (no shell). glusterd starts even when the brick failed: the console's
    // bricks step then shows what is wrong on that server and prepares the brick.
    runcmd: [[BRICK_SCRIPT], [...enableGlusterdNow().argv]],
  };
  return `#cloud-config\n${YAML.stringify(config, { lineWidth: 0 })}`;
}

// The Heat template's cloud-config prepares a brick exactly as the console's
// bricks step does (issue 12). On a lab of three real nodes: the script the
// template writes runs on node1 (an attached volume) and node3 (a volume-less
// zone, the transient disk with its ext4 at /mnt); then the console's own
// bricks check (a setup dry run) finds those two bricks finished and would
// format only node2. A dry run, not the whole setup: it proves the same thing
// at a third of the lab time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { brickScript } from '../../src/heat/cloud-config.js';
import { planHeat } from '../../src/heat/plan.js';
import { startTestLab, type TestLab } from './fixture.js';
import { auditLines, BRICK, BRICK_MOUNT, onNode, runCli, setupArgs } from './setup-support.js';

/** The brick as a node has it: filesystem type and inode size, the fstab line (UUID as blkid reads it), the brick directory. */
async function brickFacts(lab: TestLab, node: string): Promise<string> {
  const host = lab.inventory.hosts.find((h) => h.name === node)!;
  const dev = host.device ?? host.transientDevice!;
  const out = await onNode(
    lab,
    node,
    [
      `uuid=$(blkid -p -o value -s UUID ${dev})`,
      `echo "type $(blkid -p -o value -s TYPE ${dev}) isize $(xfs_info ${BRICK_MOUNT} | grep -o 'isize=[0-9]*' | head -n 1)"`,
      `grep -v '^#' /etc/fstab | awk -v m=${BRICK_MOUNT} '$2 == m' | sed "s/$uuid/THE-UUID/"`,
      // The lab's devices are loop devices under VM names: the mount is the device's when their numbers agree.
      `mm=$(printf '%d:%d' "0x$(stat -L -c %t ${dev})" "0x$(stat -L -c %T ${dev})")`,
      `if [ "$(findmnt -n -o MAJ:MIN ${BRICK_MOUNT} | tr -d ' ')" = "$mm" ]; then echo "mounted $(findmnt -n -o FSTYPE ${BRICK_MOUNT}) from the device"; fi`,
      `if [ -d ${BRICK} ]; then echo brick; fi`,
      `echo "mnt $(awk '$2 == "/mnt"' /etc/fstab | wc -l) $(findmnt -n /mnt | wc -l)"`,
    ].join('; '),
  );
  return out;
}

describe.skipIf(inject('labSkipReason') !== '')("the Heat template's brick script, on the lab", () => {
  let lab: TestLab;
  let config: string;
  let script: (node: string) => string;

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    config = mkdtempSync(join(tmpdir(), 'gc-heat-brick-'));
    const plan = planHeat(lab.inventory, { glusterVersion: '10.3' });
    script = (node) => {
      const zone = plan.zones.find((z) => z.zone === lab.inventory.hosts.find((h) => h.name === node)!.zone)!;
      return brickScript(zone, plan);
    };
  });
  afterAll(async () => {
    await lab?.down();
    if (config) rmSync(config, { recursive: true, force: true });
  });

  const runScript = (node: string) => onNode(lab, node, `printf '%s' '${Buffer.from(script(node)).toString('base64')}' | base64 -d > /tmp/gluster-console-brick && sh /tmp/gluster-console-brick 2>&1`);

  it('prepares the attached volume on node1 and the transient disk on node3 (its /mnt mount and fstab line gone); a second run on node1 keeps its filesystem', async () => {
    expect(await onNode(lab, 'node3', 'findmnt -n -o FSTYPE /mnt')).toBe('ext4\n');
    await runScript('node1');
    await runScript('node3');
    const first = await onNode(lab, 'node1', `blkid -p -o value -s UUID ${lab.inventory.hosts[0]!.device}`);
    expect(first).toMatch(/^[0-9a-f-]{36}\n$/);
    for (const node of ['node1', 'node3']) {
      expect(await brickFacts(lab, node), node).toBe(
        ['type xfs isize isize=512', `UUID=THE-UUID ${BRICK_MOUNT} xfs defaults,nofail 0 0`, 'mounted xfs from the device', 'brick', 'mnt 0 0', ''].join('\n'),
      );
    }
    // cloud-init runs it once per instance; run again (a re-created server with its old volume), it formats nothing.
    await onNode(lab, 'node1', `umount ${BRICK_MOUNT}`);
    await runScript('node1');
    expect(await onNode(lab, 'node1', `blkid -p -o value -s UUID ${lab.inventory.hosts[0]!.device}`)).toBe(first);
    expect(await onNode(lab, 'node1', `grep -c ' ${BRICK_MOUNT} ' /etc/fstab`)).toBe('1\n');
  });

  it("the console's own bricks check finds those two bricks finished: its plan formats node2 only", async () => {
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--dry-run'));
    const bricks = /== step 3\/6 Bricks[\s\S]*?(?=== step 4\/6)/.exec(run.stdout)?.[0] ?? '';
    expect(bricks, run.stdout + run.stderr).toMatch(/node2:\n( {4}.*\n)*? {4}\$ mkfs\.xfs -i size=512 -m uuid=[0-9a-f-]{36} \/dev\/vdc/);
    for (const node of ['node1', 'node3']) {
      const block = new RegExp(`  ${node}:\\n((?:    .*\\n)*)`).exec(bricks)?.[1] ?? '';
      expect(block, node).not.toContain('$ ');
    }
    expect(bricks).not.toContain('BLOCKED');
    expect(await auditLines(config)).toBe(0);
  });
});

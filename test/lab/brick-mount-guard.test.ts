// Issue 11: the bricks step formats a disk and mounts it at the brick mount,
// hiding whatever that directory held. A system path (--brick-mount /home,
// --mount /usr) is refused before any host is asked; a directory that holds
// something on one host blocks the bricks step on every host, so no disk
// anywhere is formatted for a cluster that cannot be completed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestLab, type TestLab } from './fixture.js';
import { auditLines, BRICK_MOUNT, onNode, runCli, setupArgs } from './setup-support.js';

const NODES = ['node1', 'node2', 'node3'];
// The lab nodes share the machine's /home: a name of our own, removed afterwards.
const MARKER = `/home/gc-brick-guard-marker-${process.pid}`;
const STRAY = `${BRICK_MOUNT}/left-by-someone.txt`;

/** The bricks step's lines of the setup's output (later steps of a dry run are blocked by design). */
const bricksStepOutput = (stdout: string) => /== step 3\/6 Bricks[\s\S]*?(?=== step 4\/6)/.exec(stdout)?.[0] ?? '';

describe.skipIf(inject('labSkipReason') !== '')('the brick mount guard, on the lab', () => {
  let lab: TestLab;
  let config: string;

  /** What a refused setup must leave alone on a node: its disk, its fstab, its mounts. */
  const witness = (node: string) => {
    const host = lab.inventory.hosts.find((h) => h.name === node)!;
    const dev = host.device ?? host.transientDevice!;
    return onNode(lab, node, `echo "fs $(blkid -p -o export ${dev} | sort | tr '\\n' ' ')"; echo "fstab $(sha256sum < /etc/fstab)"; echo "mounts $(findmnt -rn -o TARGET | sort | sha256sum)"`);
  };
  const witnesses = () => Promise.all(NODES.map(witness));

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    config = mkdtempSync(join(tmpdir(), 'gc-brick-guard-'));
    await onNode(lab, 'node1', `echo precious > ${MARKER}`);
  });
  afterAll(async () => {
    rmSync(MARKER, { force: true });
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  });

  it('a fresh lab: the attached volumes hold nothing yet', async () => {
    for (const node of ['node1', 'node2']) expect(await witness(node)).toMatch(/^fs \n/);
  });

  it('--brick-mount /home and /usr, --mount /usr: bad arguments (exit 2), no host is touched', async () => {
    const before = await witnesses();
    const home = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--brick-mount', '/home', '--yes', '--wipe', 'node3'));
    expect(home.code, home.stdout + home.stderr).toBe(2);
    expect(home.stderr).toMatch(/--brick-mount \(brick mount\): .*\/home.*system/);
    expect(home.stdout).not.toContain('setup complete');
    const usr = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--brick-mount', '/usr', '--dry-run'));
    expect(usr.code, usr.stdout + usr.stderr).toBe(2);
    expect(usr.stdout).not.toContain('mkfs.xfs');
    const client = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--mount', '/usr', '--dry-run'));
    expect(client.code, client.stdout + client.stderr).toBe(2);
    expect(client.stderr).toMatch(/--mount \(mount path\): .*\/usr/);
    expect(await witnesses()).toEqual(before);
    expect(await onNode(lab, 'node1', `cat ${MARKER}`)).toBe('precious\n');
    expect(await auditLines(config)).toBe(0);
  });

  it('a non-empty brick mount on node2 only: the bricks step is blocked on every host, no disk is formatted anywhere', async () => {
    await onNode(lab, 'node2', `mkdir -p ${BRICK_MOUNT} && echo data > ${STRAY}`);
    const before = await witnesses();
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes', '--wipe', 'node3'));
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`node2: BLOCKED: .*${BRICK_MOUNT}.*left-by-someone\\.txt`));
    expect(run.stdout).toMatch(/node1: BLOCKED: .*node2/);
    expect(run.stdout).toMatch(/node3: BLOCKED: .*node2/);
    expect(run.stdout).toMatch(/setup stopped at "Bricks"/);
    expect(run.stdout).not.toMatch(/running: .*(brick filesystem|erase the signatures)/);
    expect(await witnesses()).toEqual(before);
    expect(await onNode(lab, 'node2', `cat ${STRAY}`)).toBe('data\n');
  });

  it('once the directory is empty again, the plan formats every brick', async () => {
    await onNode(lab, 'node2', `rm ${STRAY}`);
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--dry-run'));
    const bricks = bricksStepOutput(run.stdout);
    for (const node of ['node1', 'node2']) expect(bricks).toMatch(new RegExp(`${node}:\\n(    .*\\n)*?    \\$ mkfs\\.xfs -i size=512 -m uuid=[0-9a-f-]{36} /dev/vdc`));
    expect(bricks).not.toContain('BLOCKED');
  });
});

// Issue 9: a second volume on a cluster that already runs gv0. The setup used
// to find gv0's volume-id on the shared brick directory and advise clearing it
// (which wrecks a live brick). Now gv1 gets its own brick directory under the
// same brick mount and its own mount path; gv0 is left exactly as it was; a
// mount path that is gv0's is refused; and only a brick of a volume that no
// longer exists gets the "clear the xattrs" advice, naming brick and id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';
import { address, allNodeStates, BRICK_MOUNT, MOUNT, onNode, runCli, setupArgs, volumeSummary } from './setup-support.js';

const NODES = ['node1', 'node2', 'node3'];
const GV1_MOUNT = '/data/shared-gv1';

/** The setup's arguments for another volume (setupArgs names gv0). */
function argsFor(lab: TestLab, config: string, volume: string, ...extra: string[]): string[] {
  return setupArgs(lab, config, ...extra).map((a) => (a === 'gv0' ? volume : a));
}

async function volumeXml(lab: TestLab, volume: string): Promise<string> {
  return onNode(lab, 'node1', `gluster --mode=script volume info ${volume} --xml`);
}

const pick = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);

describe.skipIf(inject('labSkipReason') !== '')('a second volume next to a live one (issue 9)', () => {
  let lab: TestLab;
  let config: string;
  let gv0Bricks: Record<string, Record<string, string>>;
  const kept = `kept through gv0 ${Date.now()}`;

  beforeAll(async () => {
    lab = await startTestLab(3, 0);
    config = mkdtempSync(join(tmpdir(), 'gc-second-volume-'));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(config, { recursive: true, force: true });
  });

  it('sets up gv0 and writes a file through its mount', async () => {
    const run = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    await onNode(lab, 'node1', `printf '%s' '${kept}' > ${MOUNT}/kept.txt`);
    gv0Bricks = await allNodeStates(lab);
  });

  it('a dry run for gv1 plans its own brick directory and advises nothing about gv0\'s bricks', async () => {
    const run = await runCli(argsFor(lab, config, 'gv1', '--layout', 'replica 3', '--mount', GV1_MOUNT, '--dry-run'));
    const out = run.stdout + run.stderr;
    expect(out).not.toMatch(/setfattr|rm -rf|already belongs to a volume/);
    // No command of any plan names gv0's brick.
    expect(out.split('\n').filter((l) => /^\s+\$ /.test(l) && l.includes(`${BRICK_MOUNT}/brick`))).toEqual([]);
    expect(out).toContain(`mkdir -p ${BRICK_MOUNT}/gv1`);
    expect(run.code, out).toBe(3);
  });

  it('--yes creates gv1 on its own bricks and mounts it; gv0 keeps running with its data', async () => {
    const run = await runCli(argsFor(lab, config, 'gv1', '--layout', 'replica 3', '--mount', GV1_MOUNT, '--yes'));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`setup complete: gv1 is started and mounted at ${GV1_MOUNT} on every node`);
    const gv1 = await volumeXml(lab, 'gv1');
    expect(pick(gv1, 'statusStr')).toEqual(['Started']);
    expect(pick(gv1, 'name').filter((n) => n.includes(':'))).toEqual(NODES.map((n) => `${n}:${BRICK_MOUNT}/gv1`));

    const gv0 = await volumeSummary(lab);
    expect(gv0).toMatchObject({ status: 'Started', online: 3, bricks: NODES.map((n) => `${n}:${BRICK_MOUNT}/brick`) });
    expect(await onNode(lab, 'node2', `cat ${MOUNT}/kept.txt`)).toBe(kept);
    const after = await allNodeStates(lab);
    for (const node of NODES) {
      for (const key of ['fs', 'inode', 'xattrs', 'files'] as const) expect(after[node]![key], `${node} ${key}`).toBe(gv0Bricks[node]![key]);
      expect(await onNode(lab, node, `findmnt -rn -o SOURCE,FSTYPE ${GV1_MOUNT}`)).toBe('localhost:/gv1 fuse.glusterfs\n');
      expect(await onNode(lab, node, `findmnt -rn -o SOURCE,FSTYPE ${MOUNT}`)).toBe('localhost:/gv0 fuse.glusterfs\n');
    }
    const token = `gv1 from node1 ${Date.now()}`;
    await onNode(lab, 'node1', `printf '%s' '${token}' > ${GV1_MOUNT}/hello.txt`);
    const seen = await eventually(() => sshRun(lab, address(lab, 'node3'), `cat ${GV1_MOUNT}/hello.txt`), (r) => r.stdout === token, 20_000, 200);
    expect(seen.stdout).toBe(token);
  });

  it('running either setup again plans nothing', async () => {
    for (const args of [setupArgs(lab, config, '--layout', 'replica 3', '--yes'), argsFor(lab, config, 'gv1', '--layout', 'replica 3', '--mount', GV1_MOUNT, '--yes')]) {
      const run = await runCli(args);
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).not.toContain('running:');
      expect(run.stdout).not.toContain('plan:');
    }
  });

  it("refuses gv0's mount path for gv1 and changes no fstab", async () => {
    const fstabs = await Promise.all(NODES.map((n) => onNode(lab, n, 'sha256sum /etc/fstab')));
    const run = await runCli(argsFor(lab, config, 'gv1', '--layout', 'replica 3', '--yes'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`node1: BLOCKED: ${MOUNT} is gv0's mount path`));
    expect(run.stdout).not.toContain('running:');
    expect(await Promise.all(NODES.map((n) => onNode(lab, n, 'sha256sum /etc/fstab')))).toEqual(fstabs);
  });

  it('a brick left by a deleted volume gets the advice to clear it, naming the brick and its volume-id', async () => {
    const bricks = NODES.map((n) => `${n}:${BRICK_MOUNT}/gv2`).join(' ');
    await onNode(lab, 'node1', `gluster --mode=script volume create gone replica 3 ${bricks}`);
    const id = pick(await volumeXml(lab, 'gone'), 'id')[0]!;
    await onNode(lab, 'node1', 'gluster --mode=script volume delete gone');
    const run = await runCli(argsFor(lab, config, 'gv2', '--layout', 'replica 3', '--mount', '/data/shared-gv2', '--dry-run'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`node1:${BRICK_MOUNT}/gv2 carries volume-id ${id}, which no existing volume has`);
    expect(run.stdout).toContain(`setfattr -x trusted.glusterfs.volume-id ${BRICK_MOUNT}/gv2`);
    // Only the dead brick is named: never gv0's or gv1's.
    expect(run.stdout).not.toMatch(new RegExp(`setfattr[^\\n]*${BRICK_MOUNT}/(brick|gv1)\\b`));
  });
});

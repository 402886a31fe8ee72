// Issue 9, rule 3: "healthy" needs positive evidence of every part, and a
// partial answer is "unknown". One cluster made by the console's own setup
// (so the nodes have the fstab lines it writes); the scenarios run in order,
// each leaving the cluster healthy for the next. Catalogued in
// test/lab/ON-CALL-SCENARIOS.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labInventoryPath } from '../../src/lab/paths.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';
import { address, MOUNT, onNode, runCli, setupArgs, type CliRun } from './setup-support.js';

interface Status {
  code: number;
  json: any;
  run: CliRun;
}

async function status(lab: TestLab, json = true): Promise<Status> {
  const run = await runCli(['status', '--inventory', labInventoryPath(lab.dir), ...(json ? ['--json'] : [])]);
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(run.stdout) : undefined;
  } catch {
    parsed = { unparsable: run.stdout };
  }
  return { code: run.code, json: parsed, run };
}

const kinds = (s: Status): string[] => (s.json.findings ?? []).map((f: any) => f.kind);
const said = (s: Status): string => JSON.stringify(s.json.findings ?? []);

/** Until status says healthy (the cluster settles: heals, reconnects). */
async function healthy(lab: TestLab, timeoutMs = 90_000): Promise<Status> {
  const s = await eventually(() => status(lab), (x) => x.code === 0, timeoutMs, 500);
  expect(s.code, said(s)).toBe(0);
  return s;
}

/** Runs a finding's fix as shown (each step on its host), stopping at the first failure: what the operator confirms. */
async function runFix(lab: TestLab, fix: { steps: { host: string; command: string }[] }): Promise<void> {
  for (const step of fix.steps) {
    const r = await sshRun(lab, address(lab, step.host), step.command);
    expect(r.code, `${step.host}: ${step.command}\n${r.stdout}${r.stderr}`).toBe(0);
  }
}

describe.skipIf(inject('labSkipReason') !== '')('rule 3 on a real cluster: evidence of every part, partial answers unknown', () => {
  let lab: TestLab;
  let config: string;

  beforeAll(async () => {
    lab = await startTestLab(3);
    config = mkdtempSync(join(tmpdir(), 'gc-evidence-'));
    const setup = await runCli(setupArgs(lab, config, '--layout', 'replica 3', '--yes'));
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
  });
  afterAll(async () => {
    await lab?.down();
    if (config) rmSync(config, { recursive: true, force: true });
  });

  it('a cluster fresh from the setup is healthy', async () => {
    const s = await healthy(lab);
    expect(s.json.verdict).toBe('healthy');
  });

  it('client mount gone on node1 (umount -l): degraded, names node1 and /data/shared; its fix mounts it from fstab', async () => {
    await onNode(lab, 'node1', `umount -l ${MOUNT}`);
    const s = await status(lab);
    expect(s.code, said(s)).toBe(1);
    expect(s.json.verdict).toBe('degraded');
    const finding = s.json.findings.find((f: any) => f.kind === 'client-unmounted');
    expect(finding, said(s)).toMatchObject({ host: 'node1', severity: 'degraded', title: `node1: ${MOUNT} is not mounted (applications would write to the root disk)` });
    expect(finding.fix.steps.map((x: any) => [x.host, x.command])).toContainEqual(['node1', `mount ${MOUNT}`]);
    const text = await status(lab, false);
    expect(text.run.stdout).toContain(`node1: ${MOUNT} is not mounted`);

    await runFix(lab, finding.fix);
    expect(await onNode(lab, 'node1', `findmnt -rn -o FSTYPE ${MOUNT}`)).toBe('fuse.glusterfs\n');
    await healthy(lab);
  });
});

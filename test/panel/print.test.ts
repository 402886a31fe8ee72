// What `status` prints: the same model as text and as JSON.
import { describe, expect, it } from 'vitest';
import { reportToJson, reportToText } from '../../src/panel/print.js';
import { runScenario } from './replay.js';

describe('status output', () => {
  it('JSON: verdict, exit code, hosts, volumes with bricks, findings with their fix as commands', async () => {
    const { report } = await runScenario('brick-unmounted');
    const json = JSON.parse(JSON.stringify(reportToJson(report)));
    expect(json).toMatchObject({ verdict: 'degraded', exitCode: 1, queriedVia: 'node1' });
    expect(json.hosts.map((h: { name: string; ssh: string }) => [h.name, h.ssh])).toEqual([
      ['node1', 'up'],
      ['node2', 'up'],
      ['node3', 'up'],
    ]);
    expect(json.volumes[0]).toMatchObject({ name: 'datapoint', layout: '1 x 3 = 3', verdict: 'degraded', heal: { pendingAtLeast: 6, bricksNotAnswering: 1, state: 'ok' } });
    expect(json.volumes[0].heal).not.toHaveProperty('pending');
    const finding = json.findings.find((f: { kind: string }) => f.kind === 'brick-unmounted');
    expect(finding.fix.steps.at(-1)).toEqual({ host: 'node1', command: 'gluster --mode=script volume start datapoint force', why: expect.any(String) });
    expect(finding.fix.steps[2].check).toBe(true);
    expect(json.sections['volume info']).toMatchObject({ state: 'ok', ageMs: expect.any(Number), source: 'node1' });
  });

  it('text: one screen an operator can read in a terminal or a mail', async () => {
    const { report } = await runScenario('node3-crashed');
    const text = reportToText(report);
    expect(text).toMatch(/^cluster DEGRADED \(exit 1\): node3 is down: it does not answer over SSH \(and \d+ more\) · 3 hosts · 1 volume/);
    expect(text).toMatch(/heal ≥\d+ \(1 brick not answering\)/);
    expect(text).toMatch(/node3\s+127\.1\.7\.3\s+ssh down\s+glusterd unknown\s+node3: nothing accepts connections/);
    expect(text).toMatch(/node1:\/data\/glusterfs\/brick1\/brick\s+online\s+pid \d+/);
    expect(text).toMatch(/node3:\/data\/glusterfs\/brick1\/brick\s+OFFLINE/);
    expect(text).toContain('DEGRADED  node3 is down: it does not answer over SSH');
  });

  it('text for a healthy cluster says so', async () => {
    const { report } = await runScenario('healthy');
    expect(reportToText(report)).toContain('findings:\n  none: every host, brick and daemon is up and nothing waits for heal');
  });
});

// Rule 3: an answer that is partial or cannot be right is unknown, asked again,
// never a finding. Recorded lab answers (replay.ts) with the one answer that
// goes wrong swapped for what glusterd really said in that situation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { volumeStatusXml } from '../../src/gluster/commands.js';
import { parseVolumeInfo, parseVolumeStatus } from '../../src/gluster/xml/index.js';
import { startedButSilent } from '../../src/gluster/xml/volume-status.js';
import { analyze } from '../../src/panel/analyze.js';
import { classifyError } from '../../src/panel/section.js';
import { SshError } from '../../src/ssh/types.js';
import { answerOf, recorded, replay, runScenario } from './replay.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');
/** Captured on 10.3: exit 0, opRet 0, `<volumes/>` (there, no volume was started; during a `volume set` loop the same answer came for a started one). */
const EMPTY_STATUS = fixture('volume-status-all-none-started.xml');
const BUSY_STATUS = fixture('volume-status-all.xml').replace(/<opRet>0<\/opRet>\s*<opErrno>0<\/opErrno>\s*<opErrstr\s*\/>[\s\S]*<\/cliOutput>/, '<opRet>-1</opRet><opErrno>0</opErrno><opErrstr>Another transaction is in progress for datapoint. Please try again after some time.</opErrstr></cliOutput>');
const STATUS = volumeStatusXml('all').text;

describe('an answer that cannot be right', () => {
  it('a started volume missing from volume status is silence, not "nothing runs"', () => {
    const info = parseVolumeInfo(fixture('volume-info.xml'));
    expect(startedButSilent(info, parseVolumeStatus(EMPTY_STATUS))).toEqual(['datapoint']);
    expect(startedButSilent(info, parseVolumeStatus(fixture('volume-status-all.xml')))).toEqual([]);
    // A stopped volume is absent from status by right.
    expect(startedButSilent(info.map((v) => ({ ...v, status: 2 })), parseVolumeStatus(EMPTY_STATUS))).toEqual([]);
  });

  it('is asked again: an empty answer then a real one gives the real one, no finding', async () => {
    const fake = replay('healthy');
    fake.on('*', STATUS, { stdout: EMPTY_STATUS, times: 1 });
    const { report, fake: used } = await runScenario('healthy', { fake });
    expect(used.calls.filter((c) => c.command === STATUS)).toHaveLength(2);
    expect(report.verdict).toBe('healthy');
  });

  it('that stays is unknown: no self-heal daemon or brick finding, the verdict unknown', async () => {
    const fake = replay('healthy');
    fake.on('*', STATUS, { stdout: EMPTY_STATUS });
    const { report, snapshot } = await runScenario('healthy', { fake });
    expect(snapshot.status.state).toBe('unknown');
    expect(snapshot.status.error?.kind).toBe('implausible');
    expect(report.findings.filter((f) => f.severity === 'degraded' || f.severity === 'down')).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(report.volumes[0]!.selfHealDaemons).toBeUndefined();
  });

  it('judged by the model too, when the poller could not check it against volume info', async () => {
    const { snapshot } = await runScenario('healthy');
    const report = analyze({ ...snapshot, status: { ...snapshot.status, value: parseVolumeStatus(EMPTY_STATUS) } }, Date.now());
    expect(report.findings.map((f) => [f.kind, f.severity])).toEqual([['query-unknown', 'unknown']]);
    expect(report.findings[0]!.title).toBe('volume status said nothing about datapoint: its bricks and self-heal daemons are unknown');
  });

  it('"Another transaction is in progress" is asked again, and if it stays, unknown (not failed)', async () => {
    const fake = replay('healthy');
    fake.on('*', STATUS, { stdout: BUSY_STATUS });
    const { report, snapshot } = await runScenario('healthy', { fake });
    expect(fake.calls.filter((c) => c.command === STATUS)).toHaveLength(3);
    expect(snapshot.status).toMatchObject({ state: 'unknown', error: { kind: 'busy' } });
    expect(report.verdict).toBe('unknown');
    expect(report.findings.find((f) => f.id === 'query-unknown:volume status')?.title).toBe('volume status got no answer: glusterd is busy with another operation: state unknown');
  });
});

describe('glusterd frozen on a host (SSH answers)', () => {
  it('is "glusterd not answering" on that host, not an SSH timeout; cluster-wide questions go to another host', async () => {
    const fake = replay('healthy');
    // node2 answers the cluster-wide questions as node1 did when it was recorded.
    for (const r of recorded('healthy')) if (r.host === 'node1' && r.command.startsWith('gluster ')) fake.on('node2', r.command, { code: r.code ?? 0, stdout: r.stdout ?? '' });
    const script = answerOf('healthy', 'node1', /^if \[ -d/);
    // What the bounded pool list leaves when glusterd never answers: timeout killed the CLI (137), nothing printed.
    const probe = script.stdout!.slice(0, script.stdout!.indexOf('@@gc-pool'));
    fake.on('node1', script.command, { stdout: `${probe}@@gc-pool\n@@gc-rc=137\n` });
    fake.on('node1', /^gluster /, { error: new SshError('timeout', 'node1', '`gluster` did not finish within 20s; killed. If it needs longer, raise its timeout.') });
    const { report, snapshot } = await runScenario('healthy', { fake, refreshes: 2 });
    expect(report.hosts[0]).toMatchObject({ name: 'node1', ssh: 'up', glusterd: 'not answering' });
    expect(report.findings.map((f) => [f.kind, f.host])).toContainEqual(['glusterd-not-answering', 'node1']);
    expect(report.findings.map((f) => f.kind)).not.toContain('host-unknown');
    expect(JSON.stringify(report.findings)).not.toMatch(/raise/i);
    expect(snapshot.host.node1!.pool.error?.message).toBe('node1: glusterd runs, but "gluster pool list" got no answer from it within 10 s (SSH answered)');
    expect(snapshot.status, JSON.stringify(snapshot.status.error)).toMatchObject({ state: "ok", source: "node2" });
    expect(report.verdict).toBe('degraded');
  });

  it('an SSH timeout message never tells the operator to raise a timeout no setting changes', () => {
    const error = classifyError(new SshError('timeout', 'node1', '`x` did not finish within 20s; killed. If it needs longer, raise its timeout.'));
    expect(error).toEqual({ kind: 'timeout', message: '`x` did not finish within 20s; killed. (a fixed limit of the console)' });
  });
});

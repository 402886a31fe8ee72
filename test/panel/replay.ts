// Replays what the poller saw on the lab, scenario by scenario: every command
// the poller ran on each host and what came back (recorded around a real
// SshPool, GlusterFS 10.3; see test/fixtures/gluster-10.3/README.md). A
// command the recording does not have fails the test (FakeExecutor).
import { readFileSync } from 'node:fs';
import type { InventoryHost } from '../../src/config/inventory.js';
import { analyze } from '../../src/panel/analyze.js';
import { CLIENT_MOUNTS_BEGIN, CLIENT_MOUNTS_COMMAND, CLIENT_MOUNTS_END } from '../../src/panel/client-mounts.js';
import { poolListXml } from '../../src/gluster/commands.js';
import { HOST_PROBE_COMMAND } from '../../src/panel/host-probe.js';
import { POOL_TIMEOUT_S } from '../../src/panel/host-script.js';
import { ClusterPoller, type PollerOptions } from '../../src/panel/poller.js';
import type { ClusterReport } from '../../src/panel/report.js';
import type { Snapshot } from '../../src/panel/snapshot.js';
import { SshError, type SshErrorKind } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';

export type Scenario = 'healthy' | 'node3-crashed' | 'brick-unmounted' | 'shd-off-pending' | 'glusterd-down-node2' | 'split-brain' | 'volume-stopped';

export interface RecordedCommand {
  host: string;
  command: string;
  code?: number | null;
  stdout?: string;
  stderr?: string;
  error?: { kind: SshErrorKind; message: string };
}

/** The lab's three nodes as the recordings' inventory had them. */
export const LAB_HOSTS: InventoryHost[] = [1, 2, 3].map((i) => ({
  name: `node${i}`,
  address: `127.1.7.${i}`,
  ssh: { user: 'root', port: 22 },
  zone: 'zone-a',
  device: '/dev/vdc',
}));

/**
 * The probe as it was when these were recorded, before it also read the
 * client mounts. The recording's cluster (test/lab/cluster-fixture.ts) mounts
 * the volume by hand and writes no glusterfs line to fstab, so the client
 * check would have found nothing to check: that is the answer replayed.
 * The pool list inside has since been bounded by `timeout`; same answer.
 */
const PROBE_BEFORE_CLIENTS = HOST_PROBE_COMMAND.text.replace(`\n${CLIENT_MOUNTS_COMMAND.text}`, '');

/** The pool list as recorded, before it was bounded (a frozen glusterd must not hold the whole exec). */
const POOL_BEFORE = `\n${poolListXml().text} 2>&1\n`;
const POOL_NOW = `\ntimeout -s KILL ${POOL_TIMEOUT_S} ${poolListXml().text} 2>&1\n`;

function withClientCheck(r: RecordedCommand): RecordedCommand {
  if (!r.command.startsWith(PROBE_BEFORE_CLIENTS) || r.command.startsWith(HOST_PROBE_COMMAND.text)) return r;
  const command = (HOST_PROBE_COMMAND.text + r.command.slice(PROBE_BEFORE_CLIENTS.length)).replace(POOL_BEFORE, POOL_NOW);
  if (r.stdout === undefined) return { ...r, command };
  const lines = r.stdout.split('\n');
  const boot = lines.findIndex((l) => l.startsWith('boot='));
  if (boot >= 0) lines.splice(boot + 1, 0, CLIENT_MOUNTS_BEGIN, CLIENT_MOUNTS_END);
  return { ...r, command, stdout: lines.join('\n') };
}

export function recorded(scenario: Scenario): RecordedCommand[] {
  const text = readFileSync(new URL(`../fixtures/gluster-10.3/panel/${scenario}.json`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { records: RecordedCommand[] }).records.map(withClientCheck);
}

/** Answers every recorded command of the scenario (later calls to `on` override). */
export function replay(scenario: Scenario, fake = new FakeExecutor()): FakeExecutor {
  for (const r of recorded(scenario)) {
    fake.on(r.host, r.command, r.error ? { error: new SshError(r.error.kind, r.host, r.error.message) } : { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' });
  }
  return fake;
}

/** The recorded answer to a command on a host. */
export function answerOf(scenario: Scenario, host: string, command: string | RegExp): RecordedCommand {
  const found = recorded(scenario).find((r) => r.host === host && (typeof command === 'string' ? r.command === command : command.test(r.command)));
  if (!found) throw new Error(`${scenario}: nothing recorded for ${host}: ${command}`);
  return found;
}

export interface ScenarioRun {
  fake: FakeExecutor;
  poller: ClusterPoller;
  snapshot: Snapshot;
  report: ClusterReport;
}

export async function runScenario(scenario: Scenario, options: { watch?: boolean; refreshes?: number; fake?: FakeExecutor; poller?: Partial<PollerOptions> } = {}): Promise<ScenarioRun> {
  const fake = options.fake ?? replay(scenario);
  const poller = new ClusterPoller({ executor: fake, hosts: LAB_HOSTS, ...options.poller });
  if (options.watch) poller.watchEntries('datapoint', true);
  let snapshot = poller.snapshot;
  for (let i = 0; i < (options.refreshes ?? 1); i++) snapshot = await poller.refresh();
  return { fake, poller, snapshot, report: analyze(snapshot, Date.now()) };
}

// The live panel and `status` against a real replica-3 cluster: the real
// console in a terminal (tmux), real glusterd, real power cuts and reboots.
// One cluster for the file; the scenarios run in order, each leaving the
// cluster as the next one expects it (as an on-call night would).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { createSettings } from '../../src/config/settings.js';
import { labBoot, labCrash } from '../../src/lab/lab.js';
import { BRICK_MOUNT, BRICK_PATH, pendingHeal, startTestCluster, volumeStatus, waitForBricksOnline, waitForMountLinks, writeFiles, type TestCluster } from './cluster-fixture.js';
import { eventually } from './fixture.js';
import { highlight, Tui } from './tui.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

interface StatusRun {
  code: number;
  json: any;
  stderr: string;
}

function status(inventoryFile: string): Promise<StatusRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'status', '--inventory', inventoryFile, '--json'], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0;
      let json: unknown;
      try {
        json = JSON.parse(String(stdout));
      } catch {
        json = { unparsable: String(stdout) };
      }
      resolve({ code, json, stderr: String(stderr) });
    });
  });
}

const refreshOf = (screen: string) => Number(/refresh (\d+) /.exec(screen)?.[1] ?? NaN);

async function openPanel(tui: Tui): Promise<string> {
  await tui.waitFor('Saved inventory: 3 hosts');
  await highlight(tui, /Live panel/);
  await tui.keys('Enter');
  return tui.waitFor((s) => /Cluster (HEALTHY|DEGRADED|DOWN|UNKNOWN)/.test(s) && /refresh \d+ /.test(s), 60_000);
}

describe.skipIf(inject('labSkipReason') !== '')('the live panel on a real cluster', () => {
  let cluster: TestCluster;
  let work: string;
  let configDir: string;
  let tui: Tui;
  const extra: Tui[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3, volume: 'datapoint', replica: 3, mountOn: [1] });
    work = mkdtempSync(join(tmpdir(), 'gc-panel-'));
    configDir = join(work, 'config');
    createSettings({ cwd: configDir }).setInventory(cluster.inventory);
    tui = await Tui.start(['--config-dir', configDir], {}, work);
  });

  afterAll(async () => {
    await tui?.close();
    await Promise.all(extra.map((t) => t.close()));
    await cluster?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows a healthy replica-3 volume as healthy; status exits 0', async () => {
    const screen = await openPanel(tui);
    const healthy = screen.includes('Cluster HEALTHY') ? screen : await tui.waitFor('Cluster HEALTHY', 30_000);
    expect(healthy).toMatch(/datapoint\s+Replicate\s+1 x 3 = 3\s+Started\s+bricks 3\/3\s+HEALTHY\s+heal 0/);
    expect(healthy).toMatch(/node1\s+up\s+running\s+node2 ✓\s+node3 ✓/);
    expect(healthy).toContain('none: every host, brick and daemon is up');

    const run = await status(cluster.inventoryFile);
    expect(run.code).toBe(0);
    expect(run.json.verdict).toBe('healthy');
    expect(run.json.volumes[0].bricks.map((b: any) => [b.host, b.online, b.mount])).toEqual([
      ['node1', 'yes', 'mounted'],
      ['node2', 'yes', 'mounted'],
      ['node3', 'yes', 'mounted'],
    ]);
  });

  it('after a power cut of node 3 and writes on node 1: node 3 down, its brick offline, degraded, within two refreshes', async () => {
    // For the next scenario: node 3 will come back without its brick's fstab line.
    await cluster.must(3, `sed -i '\\#${BRICK_MOUNT}#d' /etc/fstab`);
    const before = refreshOf(await tui.waitFor((s) => /refresh \d+ /.test(s)));
    await labCrash(cluster.lab.dir, 3);
    await writeFiles(cluster, 1, 'after-crash', 5);

    const screen = await tui.waitFor(
      (s) => /node3\s+down/.test(s) && s.includes(`Brick node3:${BRICK_PATH} of datapoint is offline`) && s.includes('Cluster DEGRADED'),
      30_000,
    );
    expect(refreshOf(screen) - before).toBeLessThanOrEqual(2);
    expect(screen).toContain('node3 is down: it does not answer over SSH');
    expect(screen).toMatch(/bricks 2\/3\s+DEGRADED/);
    // The peers' own view comes from their pool list, asked on its own schedule: it follows within seconds.
    await tui.waitFor((s) => /node1\s+up\s+running\s+node2 ✓\s+node3 ✗/.test(s), 20_000);

    const run = await status(cluster.inventoryFile);
    expect(run.code).toBe(1);
    expect(run.json.verdict).toBe('degraded');
    expect(run.json.hosts.find((h: any) => h.name === 'node3').ssh).toBe('down');
    expect(run.json.volumes[0].bricks.find((b: any) => b.host === 'node3').online).toBe('no');
    expect(run.json.findings.map((f: any) => f.kind)).toEqual(expect.arrayContaining(['host-unreachable', 'brick-offline']));
  });

  it('after a boot without the fstab line: says the brick filesystem is not mounted, and its keys mount it and start the brick', async () => {
    await labBoot(cluster.lab.dir, 3);
    const title = `Brick filesystem not mounted on node3: ${BRICK_PATH} (datapoint)`;
    await tui.waitFor((s) => s.includes(title) && /node3\s+up\s+running/.test(s), 60_000);

    const run = await status(cluster.inventoryFile);
    expect(run.code).toBe(1);
    const finding = run.json.findings.find((f: any) => f.kind === 'brick-unmounted');
    expect(finding.title).toBe(title);
    expect(finding.fix.steps.map((s: any) => s.command)).toEqual([
      expect.stringMatching(/^grep -qs UUID=[0-9a-f-]+ \/etc\/fstab \|\| printf/),
      `mount ${BRICK_MOUNT}`,
      `mountpoint -q ${BRICK_MOUNT} && test -d ${BRICK_PATH}`,
      'gluster --mode=script volume start datapoint force',
    ]);

    await highlight(tui, /Brick filesystem not mounted on node3/);
    await tui.keys('f');
    const prompt = await tui.waitFor('Mount the brick filesystem on node3, then start the brick?');
    expect(prompt).toContain(`on node3: mount ${BRICK_MOUNT}`);
    expect(prompt).toContain('volume start datapoint force');
    await tui.keys('y');
    await tui.waitFor((s) => s.includes('✓ done: Mount the brick filesystem on node3') && /bricks 3\/3/.test(s), 60_000);

    const live = await volumeStatus(cluster);
    expect(live?.bricks.find((b) => b.hostname === 'node3')).toMatchObject({ online: true });
    expect(await cluster.must(3, `findmnt -n -o TARGET ${BRICK_MOUNT}`)).toContain(BRICK_MOUNT);
    expect(await cluster.must(3, 'cat /etc/fstab')).toContain(`${BRICK_MOUNT} xfs defaults,nofail 0 0`);
  });

  it('a backlog that stays with the self-heal daemon off: says so, offers it back; h drives pending to 0 (checked with heal info too)', async () => {
    // Let the reboot's backlog heal first, then make one that stays.
    await eventually(() => pendingHeal(cluster), (n) => n === 0, 60_000, 500);
    await cluster.must(1, 'gluster --mode=script volume set datapoint cluster.self-heal-daemon off');
    await cluster.must(3, 'pkill -KILL -x glusterfsd');
    await eventually(() => volumeStatus(cluster), (s) => s?.bricks.find((b) => b.hostname === 'node3')?.online === false, 30_000, 300);
    await writeFiles(cluster, 1, 'backlog', 8);
    await cluster.must(1, 'gluster --mode=script volume start datapoint force');
    await waitForBricksOnline(cluster, 3);
    const stuck = await eventually(() => pendingHeal(cluster), (n) => n !== undefined && n > 0, 30_000, 300);
    expect(stuck).toBeGreaterThan(0);

    const screen = await tui.waitFor((s) => s.includes('The self-heal daemon of datapoint is turned off') && /entries? of datapoint pending heal/.test(s) && /bricks 3\/3/.test(s), 30_000);
    expect(screen).toMatch(/The self-heal daemon of datapoint is turned off \[f fix\]/);

    const run = await status(cluster.inventoryFile);
    expect(run.code).toBe(1);
    const shd = run.json.findings.find((f: any) => f.kind === 'shd-disabled');
    expect(shd.fix.steps.map((s: any) => s.command)).toEqual(['gluster --mode=script volume set datapoint cluster.self-heal-daemon on']);
    expect(run.json.volumes[0].heal.pending).toBeGreaterThan(0);

    // Read-only: the same findings, no action offered and none taken.
    const readonly = await Tui.start(['--config-dir', configDir, '--readonly'], {}, work);
    extra.push(readonly);
    const ro = await openPanel(readonly);
    const roScreen = ro.includes('turned off') ? ro : await readonly.waitFor('The self-heal daemon of datapoint is turned off', 30_000);
    expect(roScreen).not.toContain('[f fix]');
    expect(roScreen).not.toMatch(/f fix|h heal/);
    const seen = refreshOf(await readonly.screen());
    await readonly.keys('h');
    await readonly.keys('f');
    // A refresh later, the keys have long been read: no question was asked.
    const later = await readonly.waitFor((s) => refreshOf(s) > seen, 30_000);
    expect(later).not.toContain('y yes');
    await readonly.keys('q');
    expect(await readonly.waitForExit()).toBe(0);

    await highlight(tui, /^❯ datapoint\s+Replicate/);
    await tui.keys('h');
    const prompt = await tui.waitFor('Heal datapoint?');
    expect(prompt).toContain('gluster --mode=script volume set datapoint cluster.self-heal-daemon on');
    expect(prompt).toContain('gluster --mode=script volume heal datapoint');
    await tui.keys('y');
    // "Done" is said once heal info, read again after the heal, has every brick at 0 (not on gluster's "successful");
    // until then the action reads what checking again shows so far.
    const healed = await tui.waitFor((s) => s.includes('✓ done: Heal datapoint') && /HEALTHY\s+heal 0/.test(s), 60_000);
    expect(healed).toContain('Cluster HEALTHY');
    expect(healed).toContain('Heal datapoint: done: 0 entries pending on every brick');
    expect(healed).toContain('checked again: 0 entries pending on every brick');
    expect(healed).not.toContain('Heal datapoint: ran');

    const pending = await eventually(() => pendingHeal(cluster), (n) => n === 0, 30_000, 300);
    expect(pending).toBe(0);
    const after = await status(cluster.inventoryFile);
    expect(after.code).toBe(0);
    expect(after.json.verdict).toBe('healthy');
  });

  it('glusterd stopped on node 2: offers to start it (no systemd here), and f starts it', async () => {
    await cluster.must(2, 'pkill -x glusterd; for i in $(seq 1 50); do pgrep -x glusterd >/dev/null || exit 0; sleep 0.1; done; exit 1');
    await tui.waitFor((s) => s.includes('glusterd is not running on node2') && /node2\s+up\s+stopped/.test(s), 30_000);
    const run = await status(cluster.inventoryFile);
    expect(run.code).toBe(1);
    expect(run.json.findings.find((f: any) => f.kind === 'glusterd-down').fix.steps).toEqual([
      { host: 'node2', command: 'glusterd -p /run/glusterd.pid', why: expect.stringContaining('no systemd on node2') },
    ]);

    await highlight(tui, /glusterd is not running on node2/);
    await tui.keys('f');
    await tui.waitFor('Start glusterd on node2?');
    await tui.keys('y');
    await tui.waitFor((s) => s.includes('✓ done: Start glusterd on node2') && s.includes('Cluster HEALTHY'), 60_000);
    expect((await cluster.run(2, 'pgrep -x glusterd')).code).toBe(0);
  });

  it('split-brain: lists the files on the brick and resolves one with b (bigger-file), one with s (source-brick)', async () => {
    // Made as in docs/GLUSTER-FACTS.md: no client quorum, no self-heal, bricks killed in turn while writing.
    // The panel polls all along and its queries hold glusterd's cluster lock for a moment: a set may
    // meet "Another transaction is in progress", and is then asked again, as an operator would.
    const gluster = (args: string) =>
      cluster.must(1, `for i in $(seq 1 40); do out=$(gluster --mode=script ${args} 2>&1) && exit 0; echo "$out" | grep -q 'Another transaction' || { echo "$out"; exit 1; }; sleep 0.25; done; echo "$out"; exit 1`);
    const set = (o: string) => gluster(`volume set datapoint ${o}`);
    for (const o of ['cluster.quorum-type none', 'cluster.self-heal-daemon off', 'cluster.data-self-heal off', 'cluster.metadata-self-heal off', 'cluster.entry-self-heal off']) await set(o);
    const writeWhenReachable = (text: string, file: string) =>
      cluster.must(1, `for i in $(seq 1 120); do echo ${text} > /data/shared/${file} 2>/dev/null && exit 0; sleep 0.25; done; exit 1`);
    await writeWhenReachable('base', 'sb1');
    await writeWhenReachable('base', 'sb2');
    // Each write waits until the mount is connected to exactly the bricks meant to take it (else it lands on fewer).
    await cluster.must(2, 'pkill -KILL -x glusterfsd');
    await cluster.must(3, 'pkill -KILL -x glusterfsd');
    await waitForMountLinks(cluster, 1, 'datapoint', [1]);
    await writeWhenReachable('the-longer-first-version', 'sb1');
    await writeWhenReachable('one', 'sb2');
    await gluster('volume start datapoint force');
    await cluster.must(1, 'pkill -KILL -x glusterfsd');
    await waitForMountLinks(cluster, 1, 'datapoint', [2, 3]);
    await writeWhenReachable('v2', 'sb1');
    await writeWhenReachable('the-longer-second-version', 'sb2');
    await gluster('volume start datapoint force');
    await tui.waitFor((s) => s.includes('2 entries of datapoint in split-brain'), 60_000);

    const run = await status(cluster.inventoryFile);
    expect(run.json.findings.find((f: any) => f.kind === 'split-brain').explanation).toContain('Files: /sb1, /sb2');

    await highlight(tui, /^❯ datapoint\s+Replicate/);
    await tui.keys('Enter');
    await tui.waitFor('Volume datapoint ·');
    await highlight(tui, /^❯ node2:/);
    await tui.keys('Enter');
    await tui.waitFor((s) => /\/sb1 SPLIT-BRAIN/.test(s) && /\/sb2 SPLIT-BRAIN/.test(s), 30_000);
    await highlight(tui, /\/sb1 SPLIT-BRAIN/);
    // The keys apply once every brick's copy of the entry has been read.
    await tui.waitFor((s) => /copies: data split-brain/.test(s) && s.includes('b keep the bigger copy'), 30_000);
    await tui.keys('b');
    await tui.waitFor('Resolve the split-brain of /sb1: keep the bigger copy?');
    await tui.keys('y');
    await tui.waitFor((s) => s.includes('✓ done: Resolve the split-brain of /sb1') && !/\/sb1 SPLIT-BRAIN/.test(s), 30_000);
    expect(await cluster.must(1, 'cat /data/shared/sb1')).toBe('the-longer-first-version\n');

    await highlight(tui, /\/sb2 SPLIT-BRAIN/);
    await tui.waitFor((s) => /❯ \/sb2 SPLIT-BRAIN/.test(s) && s.includes('s keep the copy on this brick'), 30_000);
    await tui.keys('s');
    const prompt = await tui.waitFor(`Resolve the split-brain of /sb2: keep the copy on node2:${BRICK_PATH}?`);
    expect(prompt.replace(/[│\s]+/g, ' ')).toContain(`split-brain source-brick node2:${BRICK_PATH} /sb2`);
    await tui.keys('y');
    await tui.waitFor((s) => s.includes('✓ done: Resolve the split-brain of /sb2') && !s.includes('SPLIT-BRAIN'), 30_000);
    expect(await cluster.must(1, 'cat /data/shared/sb2')).toBe('the-longer-second-version\n');
    const left = await cluster.must(1, 'gluster --mode=script volume heal datapoint info split-brain');
    expect(left.match(/Number of entries in split-brain: 0/g)).toHaveLength(3);

    for (const o of ['cluster.quorum-type', 'cluster.self-heal-daemon', 'cluster.data-self-heal', 'cluster.metadata-self-heal', 'cluster.entry-self-heal']) {
      await gluster(`volume reset datapoint ${o}`);
    }
    await tui.keys('Escape');
    await tui.waitFor('Volume datapoint ·');
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('HOST') && s.includes('Cluster HEALTHY'), 60_000);
  });

  it('status exits 2 when no host can be reached', async () => {
    const unreachable = join(work, 'unreachable.yaml');
    writeFileSync(unreachable, YAML.stringify({ hosts: cluster.inventory.hosts.map((h) => ({ ...h, ssh: { ...h.ssh, port: 1 } })) }));
    const run = await status(unreachable);
    expect(run.code).toBe(2);
    expect(run.json.verdict).toBe('unreachable');
    expect(run.json.hosts.every((h: any) => h.ssh === 'down')).toBe(true);
  });

  it('quits with q', async () => {
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

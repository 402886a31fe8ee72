// Load and capacity per zone (issue 12) on a real replica-3 volume: the three
// nodes in three inventory zones; the volume filled past the threshold (80%)
// through a client mount, then emptied again. `status --json` and the live
// panel in tmux must show the zones, raise the capacity finding naming a zone
// and the grow command, and drop it once the space is free.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import YAML from 'yaml';
import type { Inventory } from '../../src/config/inventory.js';
import { createSettings } from '../../src/config/settings.js';
import { BRICK_MOUNT, buildCluster, CLIENT_MOUNT, type TestCluster } from './cluster-fixture.js';
import { eventually, startTestLab } from './fixture.js';
import { Tui } from './tui.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const FILL = `${CLIENT_MOUNT}/capacity-fill`;

function status(inventoryFile: string): Promise<{ code: number; json: any; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'status', '--inventory', inventoryFile, '--json'], { timeout: 120_000 }, (err, stdout, stderr) => {
      let json: unknown;
      try {
        json = JSON.parse(String(stdout));
      } catch {
        json = { unparsable: String(stdout) };
      }
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, json, stderr: String(stderr) });
    });
  });
}

const capacityFinding = (json: any) => (json.findings ?? []).find((f: any) => f.kind === 'capacity');

/** Each brick filesystem's size and use in bytes, read with df on the node: a witness independent of the console. */
async function brickSpace(cluster: TestCluster): Promise<{ size: number; used: number }[]> {
  return Promise.all(
    [1, 2, 3].map(async (i) => {
      const [size, used] = (await cluster.must(i, `df -B1 --output=size,used ${BRICK_MOUNT} | tail -n 1`)).trim().split(/\s+/).map(Number);
      return { size: size!, used: used! };
    }),
  );
}

describe.skipIf(inject('labSkipReason') !== '')('capacity per zone on a real replica-3 volume', () => {
  let cluster: TestCluster;
  let work: string;
  let inventoryFile: string;
  let tui: Tui;

  beforeAll(async () => {
    const lab = await startTestLab(3);
    try {
      cluster = await buildCluster(lab, { volume: 'gv0', replica: 3, mountOn: [1] });
    } catch (err) {
      await lab.down();
      throw err;
    }
    work = mkdtempSync(join(tmpdir(), 'gc-capacity-'));
    // One node per zone, as a replica 3 across zones is planned.
    const inventory: Inventory = { hosts: lab.inventory.hosts.map((h, i) => ({ ...h, zone: ZONES[i]! })) };
    inventoryFile = join(work, 'inventory.yaml');
    writeFileSync(inventoryFile, YAML.stringify(inventory));
    const configDir = join(work, 'config');
    createSettings({ cwd: configDir }).setInventory(inventory);
    tui = await Tui.start(['--config-dir', configDir], {}, work);
  });

  afterAll(async () => {
    await tui?.close();
    await cluster?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('below the threshold: every zone with its host, brick and space; no capacity finding', async () => {
    const run = await status(inventoryFile);
    expect(run.code, run.stderr).toBe(0);
    const capacity = run.json.volumes[0].capacity;
    expect(capacity).toMatchObject({ thresholdPercent: 80, setSize: 3 });
    expect(capacity.zones.map((z: any) => [z.zone, z.hosts, z.bricks, z.unknownBricks])).toEqual([
      ['zone-a', ['node1'], 1, 0],
      ['zone-b', ['node2'], 1, 0],
      ['zone-c', ['node3'], 1, 0],
    ]);
    const df = await brickSpace(cluster);
    // Replica 3: the usable space is one brick's (the smallest), not the sum of three.
    expect(capacity.usableTotalBytes).toBe(Math.min(...df.map((d) => d.size)));
    expect(capacity.usedPercent).toBeLessThan(80);
    expect(capacityFinding(run.json)).toBeUndefined();

    await tui.waitFor('Saved inventory: 3 hosts');
    // A key sent before the console reads input is lost: move until Live panel is highlighted.
    await eventually(
      async () => {
        const screen = await tui.screen();
        if (!/❯ Live panel/.test(screen)) await tui.keys('Down');
        return screen;
      },
      (screen) => /❯ Live panel/.test(screen),
      20_000,
      300,
    );
    await tui.keys('Enter');
    // Every brick measured: the first refresh may show a zone "not measured" yet, which is true then.
    const screen = await tui.waitFor((s) => /CAPACITY/.test(s) && /zone-c: 1 host, 1 brick, .* free/.test(s) && /gv0 usable: /.test(s), 60_000);
    expect(screen).toMatch(/gv0 usable: .* used \(\d+%, threshold 80%\)/);
    expect(screen).not.toContain('will be full');
  });

  it('filled past 80% through the client mount: status and the panel raise the finding with the zone and the grow command', async () => {
    const before = (await status(inventoryFile)).json.volumes[0].capacity;
    // Up to 86% of the usable space: fallocate reserves the blocks on every brick without writing 1.7 GB three times.
    const bytes = Math.ceil(0.86 * before.usableTotalBytes - (before.usableTotalBytes - before.usableFreeBytes));
    await cluster.must(1, `fallocate -l ${bytes} ${FILL} && sync`);
    const df = await brickSpace(cluster);
    for (const d of df) expect(d.used / d.size).toBeGreaterThan(0.8);

    const run = await status(inventoryFile);
    expect(run.json.volumes[0].capacity.usedPercent).toBeGreaterThan(80);
    const finding = capacityFinding(run.json);
    expect(finding).toMatchObject({ id: 'capacity:gv0', severity: 'warning', volume: 'gv0' });
    // One refresh: no trend yet, so it names the fullest zone and no date.
    expect(finding.title).toMatch(/^gv0 is (8\d)% used, zone-[abc] the fullest: no trend yet to tell when it will be full; add 3 hosts \(one set\)$/);
    expect(finding.explanation).toEqual(expect.arrayContaining([expect.stringMatching(/^zone-b: 1 host, 1 brick, .* used \(8\d%\), .* free, no trend yet/)]));
    expect(finding.manual).toContain('gluster-console expand --inventory FILE --volume gv0 --hosts NEW1,NEW2,NEW3   (or the console\'s grow flow)');
    // A warning: health is unaffected.
    expect(run.json.verdict).toBe('healthy');
    expect(run.code).toBe(0);

    // The panel saw the space before and after: it has a rate, so it says when.
    const screen = await tui.waitFor((s) => /zone-[abc] will be full .* at the current rate \(gv0 is 8\d% used\): add 3 hosts \(one set\)/.test(s), 120_000);
    expect(screen).toMatch(/zone-[abc]: 1 host, 1 brick, .* used \(8\d%\), .* free, falling .*\/day/);
  });

  it('the space freed again: the finding goes, in status and in the panel', async () => {
    await cluster.must(1, `rm -f ${FILL} && sync`);
    const run = await eventually(() => status(inventoryFile), (r) => r.json.volumes?.[0]?.capacity?.usedPercent < 80, 60_000, 2_000);
    expect(run.json.volumes[0].capacity.usedPercent).toBeLessThan(80);
    expect(capacityFinding(run.json)).toBeUndefined();
    const screen = await tui.waitFor((s) => /gv0 usable: .* used \([1-7]?\d%, threshold 80%\)/.test(s) && !s.includes('add 3 hosts'), 120_000);
    expect(screen).toMatch(/zone-a: 1 host, 1 brick, .* used \([1-7]?\d%\), .* free/);
    expect(screen).not.toMatch(/will be full|the fullest/);
  });
});

// The free-space samples the capacity trend is made of: taken from the hosts'
// own brick check (no query of their own), one per new measurement.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/panel/analyze.js';
import { reportToJson, reportToText } from '../../src/panel/print.js';
import type { Snapshot } from '../../src/panel/snapshot.js';
import { spaceSample, withSpaceSamples } from '../../src/panel/space-history.js';
import { runScenario } from './replay.js';

/** The snapshot with every brick filesystem's free space set to `free` bytes, measured at `at`. */
function measured(s: Snapshot, free: number, at: number): Snapshot {
  const host = Object.fromEntries(
    Object.entries(s.host).map(([name, sections]) => [
      name,
      sections.mounts?.value
        ? { ...sections, mounts: { ...sections.mounts, at, value: { ...sections.mounts.value, paths: sections.mounts.value.paths.map((p) => ({ ...p, availableBytes: free })) } } }
        : sections,
    ]),
  );
  return { ...s, host };
}

describe('free space samples', () => {
  it('the recorded healthy cluster: one sample per brick, from the brick check the poller already runs', async () => {
    const { snapshot, fake } = await runScenario('healthy');
    const volume = snapshot.volumes.value![0]!;
    const sample = spaceSample(snapshot, volume)!;
    expect(Object.keys(sample.free).sort()).toEqual(volume.bricks.map((b) => b.name).sort());
    expect(Object.values(sample.free).every((n) => n > 0)).toBe(true);
    expect(snapshot.spaceHistory[volume.name]).toEqual([sample]);
    // No `volume status ... detail` or other query was added for it.
    expect(fake.calls.some((c) => / detail/.test(c.command))).toBe(false);
  });

  it('adds a sample only when a brick check measured again; a deleted volume takes its samples along', async () => {
    const { snapshot } = await runScenario('healthy');
    const first = snapshot.spaceHistory.datapoint![0]!;
    expect(withSpaceSamples(snapshot, 30)).toBe(snapshot.spaceHistory);
    const later = measured(snapshot, 1024, first.at + 30_000);
    const grown = withSpaceSamples(later, 30);
    expect(grown.datapoint!.map((x) => x.at)).toEqual([first.at, first.at + 30_000]);
    expect(withSpaceSamples({ ...later, spaceHistory: grown }, 2).datapoint).toHaveLength(2);
    expect(withSpaceSamples({ ...snapshot, volumes: { ...snapshot.volumes, value: [] } }, 30)).toEqual({});
  });

  it('a brick whose filesystem is not measured is left out of the sample, never counted as 0 or free', async () => {
    const { snapshot } = await runScenario('brick-unmounted');
    const volume = snapshot.volumes.value![0]!;
    const sample = spaceSample(snapshot, volume)!;
    expect(Object.keys(sample.free)).toHaveLength(2);
    const report = analyze(snapshot, Date.now());
    expect(report.volumes[0]!.capacity).not.toHaveProperty('usedPercent');
  });

  it('status prints the zones (text and JSON) and raises the finding past the threshold', async () => {
    const { snapshot } = await runScenario('healthy');
    const first = snapshot.spaceHistory.datapoint![0]!;
    const total = snapshot.host.node1!.mounts!.value!.paths[0]!.totalBytes!;
    // Two later checks, each finding less free space: 30%, then 10% of the disk.
    let s = measured(snapshot, Math.round(total * 0.3), first.at + 30_000);
    s = { ...s, spaceHistory: withSpaceSamples(s, 30) };
    s = measured(s, Math.round(total * 0.1), first.at + 60_000);
    s = { ...s, spaceHistory: withSpaceSamples(s, 30) };
    const report = analyze(s, first.at + 61_000);
    const json = JSON.parse(JSON.stringify(reportToJson(report)));
    expect(json.volumes[0].capacity).toMatchObject({ thresholdPercent: 80, setSize: 3, zones: [{ zone: 'zone-a', hosts: ['node1', 'node2', 'node3'], bricks: 3, unknownBricks: 0 }] });
    expect(json.volumes[0].capacity.usedPercent).toBeCloseTo(90, 0);
    const finding = json.findings.find((f: { kind: string }) => f.kind === 'capacity');
    expect(finding.title).toMatch(/^zone-a will be full within minutes at the current rate \(datapoint is 90% used\): add 3 hosts \(one set\)$/);
    expect(json.verdict).toBe('healthy');
    const text = reportToText(report);
    expect(text).toMatch(/\n {4}usable: .* used \(90%, threshold 80%\), .* free\n {6}zone-a: 3 hosts, 3 bricks, .* used \(90%\), .* free, falling .*\/day over 3 checks in 1m\n/);
    // With the threshold set higher there is none.
    expect(analyze(s, first.at + 61_000, { capacityThresholdPercent: 95 }).findings.some((f) => f.kind === 'capacity')).toBe(false);
  });
});

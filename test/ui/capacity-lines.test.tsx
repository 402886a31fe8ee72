// The cluster view's capacity lines: each volume's usable space against the
// threshold, then one line per zone.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/panel/analyze.js';
import { CapacityLines } from '../../src/ui/panel/CapacityLines.js';
import { runScenario } from '../panel/replay.js';

describe('CapacityLines', () => {
  it('shows usable space, the threshold and the zone line of a recorded cluster', async () => {
    const { snapshot } = await runScenario('healthy');
    const report = analyze(snapshot, Date.now(), { capacityThresholdPercent: 75 });
    const { lastFrame, unmount } = render(<CapacityLines volumes={report.volumes} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('CAPACITY');
    expect(frame).toMatch(/datapoint usable: .+ of .+ used \(\d+%, threshold 75%\), .+ free/);
    expect(frame).toMatch(/zone-a: 3 hosts, 3 bricks, .+ used \(\d+%\), .+ free, no trend yet \(1 check\)/);
    unmount();
  });

  it('draws nothing without volumes', () => {
    const { lastFrame, unmount } = render(<CapacityLines volumes={[]} />);
    expect(lastFrame()).toBe('');
    unmount();
  });
});

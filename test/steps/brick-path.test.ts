import { describe, expect, it } from 'vitest';
import { parseVolumeInfo, type VolumeInfo } from '../../src/gluster/xml/index.js';
import { brickCandidates, brickPlace, knownVolumes, newBrickDir } from '../../src/steps/brick-path.js';
import { intentWith } from '../../src/steps/intent.js';
import { parseSections } from '../../src/steps/sections.js';
import { fixture, LAB_INVENTORY } from './fixtures.js';

// gv0 as the finished lab's volume info has it: its bricks at /data/glusterfs/brick1/brick.
const GV0: VolumeInfo[] = parseVolumeInfo(parseSections(fixture('finished', 'volume', 'node1')).info!.text);
const intent = (volumeName: string) => intentWith({ volumeName });

describe('the brick directory of a volume', () => {
  it('is .../brick for the first volume on a brick mount, as every cluster set up before had it', () => {
    expect(newBrickDir(intent('gv0'), [])).toEqual({ path: '/data/glusterfs/brick1/brick' });
  });

  it("is the volume's own directory next to a volume that has .../brick", () => {
    expect(newBrickDir(intent('gv1'), GV0)).toEqual({ path: '/data/glusterfs/brick1/gv1' });
    expect(brickPlace('node2', intent('gv1'), GV0, LAB_INVENTORY)).toEqual({ kind: 'new', path: '/data/glusterfs/brick1/gv1' });
  });

  it('is wherever volume info says for a volume that exists, per host', () => {
    expect(brickPlace('node3', intent('gv0'), GV0, LAB_INVENTORY)).toEqual({ kind: 'existing', paths: ['/data/glusterfs/brick1/brick'] });
    expect(brickPlace('node4', intent('gv0'), GV0, LAB_INVENTORY)).toEqual({ kind: 'existing', paths: [] });
  });

  it('is not chosen while no host says which volumes exist', () => {
    expect(brickPlace('node1', intent('gv1'), null, LAB_INVENTORY)).toEqual({ kind: 'unknown' });
    expect(knownVolumes([null, undefined])).toBeNull();
    expect(knownVolumes([null, [], GV0])?.map((v) => v.name)).toEqual(['gv0']);
  });

  it('refuses a volume called "brick" next to gv0: its own directory is gv0\'s', () => {
    expect(brickCandidates(intent('brick'))).toEqual(['/data/glusterfs/brick1/brick']);
    expect(newBrickDir(intent('brick'), GV0)).toEqual({ why: expect.stringMatching(/would be or overlap gv0's brick node1:\/data\/glusterfs\/brick1\/brick/) });
  });
});

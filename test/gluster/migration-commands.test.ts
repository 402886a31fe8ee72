import { describe, expect, it } from 'vitest';
import { rebalanceStart, rebalanceStatusText, rebalanceStatusXml, removeBrick, volumeAddBrick } from '../../src/gluster/commands.js';

describe('grow and shrink command builders', () => {
  it('run in script mode, with --xml where gluster has it', () => {
    expect(volumeAddBrick('gv0', ['node4:/b/brick', 'node5:/b/brick', 'node6:/b/brick']).text).toBe(
      'gluster --mode=script volume add-brick gv0 node4:/b/brick node5:/b/brick node6:/b/brick --xml',
    );
    expect(rebalanceStart('gv0').text).toBe('gluster --mode=script volume rebalance gv0 start --xml');
    expect(rebalanceStatusXml('gv0').text).toBe('gluster --mode=script volume rebalance gv0 status --xml');
    expect(rebalanceStatusText('gv0').text).toBe('gluster --mode=script volume rebalance gv0 status');
    expect(removeBrick('gv0', ['node4:/b/brick', 'node5:/b/brick'], 'commit').text).toBe('gluster --mode=script volume remove-brick gv0 node4:/b/brick node5:/b/brick commit --xml');
  });

  it('refuses words that are not bricks, hostile names and empty brick lists', () => {
    expect(() => volumeAddBrick('gv0', ['node4:/b;reboot'])).toThrow(/brick path/);
    expect(() => volumeAddBrick('gv0', ['replica', '3'])).toThrow(/at least one/);
    expect(() => volumeAddBrick('$(id)', ['node4:/b'])).toThrow();
    expect(() => removeBrick('gv0', [], 'start')).toThrow(/at least one/);
    expect(() => removeBrick('gv0', ['node4:../x'], 'start')).toThrow();
  });
});

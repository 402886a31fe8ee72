// The builders the panel adds to src/gluster/commands.ts.
import { describe, expect, it } from 'vitest';
import { healInfoXml, healSplitBrain, validateVolumeFile, volumeGetXml } from '../../src/gluster/commands.js';

describe('panel query builders', () => {
  it('ask in script mode with --xml', () => {
    expect(volumeGetXml('datapoint').text).toBe('gluster --mode=script volume get datapoint all --xml');
    expect(volumeGetXml('datapoint', 'cluster.quorum-type').text).toBe('gluster --mode=script volume get datapoint cluster.quorum-type --xml');
    expect(healInfoXml('datapoint').text).toBe('gluster --mode=script volume heal datapoint info --xml');
  });
  it('refuse option names and volumes that are not plain', () => {
    expect(() => volumeGetXml('datapoint', 'a;b')).toThrow(/option name/);
    expect(() => healInfoXml('all')).toThrow(/reserves/);
  });
});

describe('split-brain resolution', () => {
  it('builds the three policies the CLI has', () => {
    expect(healSplitBrain('datapoint', 'bigger-file', '/sb1').text).toBe('gluster --mode=script volume heal datapoint split-brain bigger-file /sb1');
    expect(healSplitBrain('datapoint', 'latest-mtime', 'gfid:93a1d200-8d3f-4b1b-93e2-37e251ae27ac').text).toBe(
      'gluster --mode=script volume heal datapoint split-brain latest-mtime gfid:93a1d200-8d3f-4b1b-93e2-37e251ae27ac',
    );
    expect(healSplitBrain('datapoint', 'source-brick', '/dir/a b', 'node2:/data/glusterfs/brick1/brick').text).toBe(
      "gluster --mode=script volume heal datapoint split-brain source-brick node2:/data/glusterfs/brick1/brick '/dir/a b'",
    );
    expect(healSplitBrain('datapoint', 'source-brick', undefined, '10.0.0.2:/export/b').text).toBe('gluster --mode=script volume heal datapoint split-brain source-brick 10.0.0.2:/export/b');
  });
  it.each(['sb1', '../etc/passwd', '/a/../../b', '/a\nb', 'gfid:not-a-uuid', ''])('refuses the file %j', (file) => {
    expect(validateVolumeFile(file)).toEqual(expect.any(String));
    expect(() => healSplitBrain('datapoint', 'bigger-file', file)).toThrow();
  });
  it('refuses a brick that is not HOST:/path', () => {
    expect(() => healSplitBrain('datapoint', 'source-brick', '/sb1', 'node2')).toThrow(/not a brick/);
    expect(() => healSplitBrain('datapoint', 'source-brick', '/sb1', 'node2;id:/b')).toThrow(/not a brick/);
    expect(() => healSplitBrain('datapoint', 'source-brick', '/sb1', 'node2:relative')).toThrow(/not a brick/);
  });
});

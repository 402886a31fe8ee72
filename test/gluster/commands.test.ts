import { describe, expect, it } from 'vitest';
import { heal, healInfoSummaryXml, peerProbe, validateVolumeName, volumeSet, volumeStart, volumeStatusXml } from '../../src/gluster/commands.js';

describe('gluster command builders', () => {
  it('always run in script mode, with --xml where gluster has it', () => {
    expect(healInfoSummaryXml('datapoint').text).toBe('gluster --mode=script volume heal datapoint info summary --xml');
    expect(volumeStatusXml('all', true).text).toBe('gluster --mode=script volume status all detail --xml');
    expect(volumeStart('datapoint', true).text).toBe('gluster --mode=script volume start datapoint force');
    expect(heal('datapoint', true).text).toBe('gluster --mode=script volume heal datapoint full');
    expect(peerProbe('node2').text).toBe('gluster --mode=script peer probe node2');
    expect(volumeSet('v', 'cluster.self-heal-daemon', 'on').text).toBe('gluster --mode=script volume set v cluster.self-heal-daemon on');
  });

  it.each(['a b', 'v;rm -rf /', '$(id)', 'all', '-v', 'é', 'a\nb', ''])('refuses the volume name %j before building anything', (name) => {
    expect(validateVolumeName(name)).toEqual(expect.any(String));
    expect(() => heal(name)).toThrow();
  });

  it('accepts names gluster accepts, including a leading digit', () => {
    for (const name of ['datapoint', 'gvl-volume', '0vol', 'a_b']) expect(validateVolumeName(name)).toBeNull();
    // The builder and the form agree: glusterd 10.x cannot write volume files for names over 222 characters.
    expect(validateVolumeName('x'.repeat(222))).toBeNull();
    expect(validateVolumeName('x'.repeat(223))).toMatch(/at most 222/);
  });

  it('refuses hostile peer names and option values', () => {
    expect(() => peerProbe('node2;reboot')).toThrow(/not a host name/);
    expect(() => volumeSet('v', 'a b', 'on')).toThrow(/option name/);
    expect(() => volumeSet('v', 'k.x', '$(id)')).toThrow(/option value/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIntent, checkIntentField, DEFAULT_INTENT, intentWith, type IntentField } from '../../src/steps/intent.js';
import { volumeCreate } from '../../src/gluster/commands.js';
import { HOSTILE } from './hostile.js';


describe('the setup fields', () => {
  it('accepts the runbook defaults', () => {
    expect(checkIntent(intentWith({ volumeName: 'gv0', layout: 'replica 3' }))).toEqual({});
    expect(DEFAULT_INTENT.mountPath).toBe('/data/shared');
  });

  it.each([
    ['volumeName', 'gv 0', /contains a space/],
    ['volumeName', "gv'0", /contains "'", a shell character/],
    ['volumeName', 'gv"0', /a shell character/],
    ['volumeName', 'gv0;reboot', /";", a shell character/],
    ['volumeName', 'gv$(reboot)', /"\$", which a shell would expand/],
    ['volumeName', 'gv0\nreboot', /a line break/],
    ['volumeName', 'gvö', /U\+00F6.*not plain ASCII/],
    ['volumeName', '', /volume name is empty/],
    ['volumeName', 'all', /reserves/],
    ['mountPath', '/data/sh ared', /mount path .*contains a space/],
    ['mountPath', "/data/it's", /a shell character/],
    ['mountPath', '/data/$(reboot)', /shell would expand/],
    ['mountPath', '/data/a\nb', /line break/],
    ['mountPath', '/data/ünï', /not plain ASCII/],
    ['mountPath', 'data/shared', /not an absolute path/],
    ['mountPath', '/data/../etc', /"\." or "\.\." parts/],
    ['mountPath', '/', /cannot be "\/"/],
    ['brickMount', '/bricks;x', /brick mount .*a shell character/],
    ['layout', 'replica 3;reboot', /layout: word 2 .*a shell character/],
    ['layout', 'replica $(reboot)', /layout: word 2/],
    ['layout', "replica '3'", /layout: word 2/],
    ['layout', 'replica 3\nreboot', /line break/],
    ['layout', 'réplica 3', /not plain ASCII/],
    ['layout', 'stripe 2', /stripe/i],
    ['layout', 'replica 3 node1:/b node2:/b node3:/b', /places the bricks itself .*remove "node1:\/b"/],
    ['aptRepository', 'ppa:x/y; reboot', /a space|shell character/],
    ['aptRepository', 'deb http://x', /not a PPA|a space/],
  ] as Array<[IntentField, string, RegExp]>)('%s "%s" is refused with a clear message', (field, value, message) => {
    expect(checkIntentField(field, value)).toMatch(message);
  });

  it('keeps the volume mount apart from the bricks', () => {
    expect(checkIntent(intentWith({ volumeName: 'gv0', mountPath: '/data/glusterfs/brick1/x' })).mountPath).toMatch(/overlap/);
  });

  it('refuses every value with a character a shell would read, whatever surrounds it', () => {
    const bad = fc.constantFrom(' ', "'", '"', ';', '$(', '`', '\n', '|', '&', '>', 'é', '\u0000', '\\');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{0,8}$/), bad, fc.stringMatching(/^[a-z0-9]{0,8}$/), (a, b, c) => {
        for (const field of ['volumeName', 'mountPath', 'brickMount', 'aptRepository'] as IntentField[]) {
          const value = field.endsWith('Path') || field === 'brickMount' ? `/data/${a}${b}${c}` : `${a}${b}${c}`;
          if (checkIntentField(field, value) === null) return false;
        }
        return true;
      }),
    );
  });

  it('the command builder refuses what the fields refuse, even if a field check were skipped', () => {
    for (const value of HOSTILE) {
      expect(() => volumeCreate(value, ['replica', '3', 'node1:/b', 'node2:/b', 'node3:/b'])).toThrow();
      expect(() => volumeCreate('gv0', ['replica', '3', `node1:${value.startsWith('/') ? value : `/${value}`}`])).toThrow();
    }
  });
});

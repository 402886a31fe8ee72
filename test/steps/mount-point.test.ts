import { describe, expect, it } from 'vitest';
import { checkIntent, checkIntentField, intentWith } from '../../src/steps/intent.js';
import { SYSTEM_PATHS, systemPathProblem } from '../../src/steps/mount-point.js';

describe('the system-path rule for mount points', () => {
  it.each(['/', '/usr', '/etc', '/var', '/home', '/boot', '/root', '/bin', '/lib', '/lib64', '/sbin', '/opt', '/srv', '/proc', '/sys', '/dev', '/run', '/tmp', '/mnt', '/var/lib'])('refuses %s itself', (path) => {
    expect(systemPathProblem(path)).toMatch(new RegExp(`^${path.replace(/\//g, '\\/')} is a system directory`));
  });

  it('refuses anything inside the OS trees, kernel filesystems and tmpfs', () => {
    for (const path of ['/usr/local/bricks', '/etc/gluster', '/proc/x', '/run/brick1', '/boot/efi', '/lib64/x', '/var/lib/glusterd/bricks']) {
      expect(systemPathProblem(path)).toMatch(/is inside \/[a-z0-9/]+, which belongs to the system/);
    }
  });

  it('refuses a parent of a system directory', () => {
    expect(SYSTEM_PATHS).toContain('/var/lib');
    expect(systemPathProblem('/var')).toMatch(/system directory/);
    expect(systemPathProblem('/')).toMatch(/system directory/);
  });

  it('accepts a directory of its own, also below /home, /srv or /mnt', () => {
    for (const path of ['/data/glusterfs/brick1', '/data/shared', '/srv/gluster/brick1', '/mnt/brick1', '/home/gluster', '/opt/x/y', '/varnish', '/usrdata']) {
      expect(systemPathProblem(path)).toBeNull();
    }
  });
});

describe('both mount fields obey it', () => {
  it.each([
    ['brickMount', '/home', /^the brick mount: \/home is a system directory/],
    ['brickMount', '/usr', /^the brick mount: \/usr is a system directory/],
    ['brickMount', '/mnt', /^the brick mount: \/mnt is a system directory/],
    ['brickMount', '/run/bricks', /^the brick mount: \/run\/bricks is inside \/run/],
    ['mountPath', '/usr', /^the mount path: \/usr is a system directory/],
    ['mountPath', '/var', /^the mount path: \/var is a system directory/],
    ['mountPath', '/etc/shared', /^the mount path: \/etc\/shared is inside \/etc/],
    // The syntax comes first: nothing odd reaches the system-path rule.
    ['brickMount', 'home', /not an absolute path/],
    ['brickMount', '/data/../usr', /"\." or "\.\." parts/],
    ['brickMount', '/usr/', /ends with "\/"/],
    ['brickMount', '/home/.', /"\." or "\.\." parts/],
    ['brickMount', '//usr', /contains "\/\/"/],
  ] as const)('%s "%s"', (field, value, message) => {
    expect(checkIntentField(field, value)).toMatch(message);
  });

  it('is part of the whole intent check', () => {
    expect(checkIntent(intentWith({ volumeName: 'gv0', brickMount: '/home' }))).toEqual({ brickMount: expect.stringMatching(/\/home is a system directory/) });
    expect(checkIntent(intentWith({ volumeName: 'gv0', mountPath: '/usr' }))).toEqual({ mountPath: expect.stringMatching(/\/usr is a system directory/) });
  });
});

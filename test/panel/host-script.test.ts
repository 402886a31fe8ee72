// The one-exec-per-host script, split back into its parts.
import { describe, expect, it } from 'vitest';
import { hostScriptCommand, splitHostScript } from '../../src/panel/host-script.js';
import { parseHostProbe } from '../../src/panel/host-probe.js';
import { parseBrickMounts } from '../../src/panel/brick-mounts.js';
import { answerOf } from './replay.js';

describe('host script', () => {
  it('splits a host\'s answer into probe, pool list and brick check', () => {
    const { stdout } = answerOf('brick-unmounted', 'node3', /echo @@gc-mounts/);
    const parts = splitHostScript(stdout!);
    expect(parseHostProbe(parts.probe)).toEqual({ systemd: false, glusterd: 'running', glusterCli: true, clients: [], boot: expect.stringMatching(/^[0-9a-f-]{36}-[0-9]+$/) });
    expect(parts.pool).toMatchObject({ code: 0, text: expect.stringMatching(/^<\?xml[\s\S]*<\/cliOutput>$/) });
    const mounts = parseBrickMounts(parts.mounts!);
    expect(mounts.paths[0]).toMatchObject({ path: '/data/glusterfs/brick1/brick', exists: false, onRootFs: true, mountTarget: '/data' });
    // Not on its own filesystem: the check also says what the inventory's device holds.
    expect(mounts.devices).toEqual([{ device: '/dev/vdc', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), fsType: 'xfs', mountedAt: [] }]);
  });
  it('asks blkid nothing while every brick is on its own filesystem', () => {
    const { stdout } = answerOf('healthy', 'node1', /^root=\$\(stat/);
    expect(parseBrickMounts(stdout!).devices).toEqual([]);
  });
  it('keeps what gluster said when glusterd is down, with its exit status', () => {
    const { stdout } = answerOf('glusterd-down-node2', 'node2', /^if \[ -d[\s\S]*@@gc-rc=\$\?$/);
    expect(splitHostScript(stdout!).pool).toEqual({ text: 'Connection failed. Please check if gluster daemon is operational.', code: 1 });
  });
  it('leaves the brick check out until the bricks are known', () => {
    expect(hostScriptCommand().text).not.toContain('@@gc-mounts');
    expect(hostScriptCommand({ paths: ["/b"], devices: [] }).text).toContain("echo @@gc-mounts\nroot=$(stat -c %d /)\nodd=0\nfor p in /b; do");
    expect(splitHostScript('init=other\n')).toEqual({ probe: 'init=other\n' });
  });
});

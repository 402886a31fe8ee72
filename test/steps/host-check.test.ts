import { describe, expect, it } from 'vitest';
import { checkHosts, glusterVersionSpread, HOST_CHECK_COMMAND, parseHostCheck } from '../../src/steps/host-check.js';
import { SshError } from '../../src/ssh/types.js';
import { FakeExecutor } from '../support/fake-executor.js';

const DEBIAN = 'root\nos=debian|12|Debian GNU/Linux 12 (bookworm)\ngluster=glusterfs 10.3\ninit=other\n';

describe('host check', () => {
  it('reads user, OS, gluster version and init system', () => {
    expect(parseHostCheck('n1', DEBIAN)).toEqual({
      host: 'n1',
      state: 'ok',
      effectiveUser: 'root',
      os: { id: 'debian', versionId: '12', pretty: 'Debian GNU/Linux 12 (bookworm)' },
      glusterVersion: '10.3',
      systemd: false,
    });
    expect(parseHostCheck('n1', 'root\nos=ubuntu|22.04|Ubuntu 22.04.4 LTS\ngluster=none\ninit=systemd\n')).toMatchObject({ glusterVersion: null, systemd: true });
  });

  it('fails a host where commands do not run as root, saying what to do', () => {
    expect(parseHostCheck('n1', 'ubuntu\nos=ubuntu|22.04|Ubuntu\ngluster=none\ninit=systemd\n')).toMatchObject({
      state: 'failed',
      problem: expect.stringMatching(/run as ubuntu, not root: .*passwordless sudo/),
    });
  });

  it('checks every host, and one failing does not stop the others', async () => {
    const fake = new FakeExecutor()
      .on('*', HOST_CHECK_COMMAND.text, { stdout: DEBIAN })
      .on('n2', HOST_CHECK_COMMAND.text, { error: new SshError('unreachable', 'n2', 'n2: 10.0.0.2:22 refused the connection') })
      .on('n3', HOST_CHECK_COMMAND.text, { code: 127, stderr: 'sh: 1: id: not found\n' });
    const seen: string[] = [];
    const checks = await checkHosts(fake, ['n1', 'n2', 'n3'], (c) => seen.push(c.host));
    expect(checks.map((c) => c.state)).toEqual(['ok', 'failed', 'failed']);
    expect(checks[1]!.problem).toContain('refused the connection');
    expect(checks[2]!.problem).toBe('the check exited 127: sh: 1: id: not found');
    expect(seen.sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('lists differing GlusterFS versions', () => {
    expect(glusterVersionSpread([parseHostCheck('a', DEBIAN), parseHostCheck('b', DEBIAN.replace('10.3', '11.1'))])).toEqual(['10.3', '11.1']);
  });
});

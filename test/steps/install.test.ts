import { describe, expect, it } from 'vitest';
import { packageFamily, parseInstallCheck, planInstall, planInstallForHost, type InstallFacts } from '../../src/steps/install.js';
import { intentWith } from '../../src/steps/intent.js';
import { fixture, LAB_INTENT, LAB_INVENTORY } from './fixtures.js';

const commands = (f: InstallFacts, aptRepository = '') => planInstallForHost('h', f, { aptRepository }).items.map((i) => i.command.text);

const base: InstallFacts = {
  osId: 'ubuntu', osLike: ['debian'], osPretty: 'Ubuntu 22.04.4 LTS',
  tools: { aptGet: true, dnf: false, yum: false, addAptRepository: false },
  glusterVersion: null, systemd: true, running: false, enabled: false, responds: false, ppas: [],
};

describe('the install planner', () => {
  it('reads the lab: GlusterFS installed, no systemd, glusterd not running', () => {
    expect(parseInstallCheck(fixture('fresh', 'install', 'node1'))).toEqual({
      osId: 'debian', osLike: [], osPretty: 'Debian GNU/Linux 12 (bookworm)',
      tools: { aptGet: true, dnf: false, yum: false, addAptRepository: true },
      glusterVersion: '10.3', systemd: false, running: false, enabled: false, responds: false, ppas: [],
    });
  });

  it('on the lab only starts glusterd directly (installed already, no systemd)', () => {
    expect(commands(parseInstallCheck(fixture('fresh', 'install', 'node1')))).toEqual(['glusterd -p /run/glusterd.pid']);
    expect(planInstallForHost('node1', parseInstallCheck(fixture('finished', 'install', 'node1')), LAB_INTENT).items).toEqual([]);
  });

  it('installs with apt on Ubuntu, adding the PPA (and its tool) as the runbook does', () => {
    expect(commands(base, 'ppa:gluster/glusterfs-10')).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y software-properties-common',
      'add-apt-repository -y ppa:gluster/glusterfs-10',
      'apt-get update',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y glusterfs-server',
      'systemctl enable --now glusterd',
    ]);
    expect(commands({ ...base, ppas: ['gluster/glusterfs-10'] }, 'ppa:gluster/glusterfs-10')[0]).toBe('apt-get update');
    const plan = planInstallForHost('h', base, { aptRepository: '' });
    expect(plan.items.filter((i) => i.long).length).toBe(2);
  });

  it('uses dnf (or yum) on the RHEL family', () => {
    const rocky = { ...base, osId: 'rocky', osLike: ['rhel', 'centos', 'fedora'], osPretty: 'Rocky Linux 9', tools: { aptGet: false, dnf: true, yum: true, addAptRepository: false } };
    expect(packageFamily(rocky)).toBe('dnf');
    expect(commands(rocky)).toEqual(['dnf install -y glusterfs-server', 'systemctl enable --now glusterd']);
    expect(planInstallForHost('h', rocky, { aptRepository: '' }).notes.join()).toMatch(/centos-release-gluster/);
    expect(commands({ ...rocky, tools: { ...rocky.tools, dnf: false } })[0]).toBe('yum install -y glusterfs-server');
  });

  it('is blocked on a distribution it does not know', () => {
    const plan = planInstallForHost('h', { ...base, osId: 'alpine', osLike: [], osPretty: 'Alpine Linux', tools: { aptGet: false, dnf: false, yum: false, addAptRepository: false } }, { aptRepository: '' });
    expect(plan.blocked).toMatch(/Alpine Linux: no apt-get, dnf or yum.*install glusterfs-server yourself/);
  });

  it('skips an installed, running host and enables it where systemd runs', () => {
    const installed = { ...base, glusterVersion: '10.1', running: true, responds: true };
    expect(commands({ ...installed, enabled: true })).toEqual([]);
    expect(commands(installed)).toEqual(['systemctl enable --now glusterd']);
  });

  it('waits for a glusterd that runs but does not answer yet', () => {
    expect(planInstallForHost('h', { ...base, glusterVersion: '10.1', running: true, enabled: true }, { aptRepository: '' }).waiting).toMatch(/does not answer/);
  });

  it('shows the versions and warns when they differ', () => {
    const f = parseInstallCheck(fixture('finished', 'install', 'node1'));
    const plan = planInstall({ facts: { node1: f, node2: { ...f, glusterVersion: '11.1' }, node3: f }, hostErrors: {} }, intentWith({}), LAB_INVENTORY);
    expect(plan.notes.join('\n')).toMatch(/different GlusterFS versions \(10\.3, 11\.1\)/);
  });
});

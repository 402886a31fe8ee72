// Step 2, install: GlusterFS server on every host, glusterd running (and
// enabled where systemd runs). The distribution decides the package manager;
// hosts that already have it are left alone; differing versions are pointed out.
import type { Inventory } from '../config/inventory.js';
import { cmd, sh } from '../shell/command.js';
import { poolListXml } from '../gluster/commands.js';
import { enableGlusterdNow, startGlusterd } from '../gluster/glusterd.js';
import { hostNames, readHosts } from './read.js';
import { parseSections, section, sections } from './sections.js';
import type { SetupIntent } from './intent.js';
import type { CheckResult, HostPlan, PlanItem, StepDefinition, StepPlan } from './types.js';

export type PackageFamily = 'apt' | 'dnf' | 'yum' | 'unknown';

export interface InstallFacts {
  osId: string;
  osLike: string[];
  osPretty: string;
  /** The tools found on the host. */
  tools: { aptGet: boolean; dnf: boolean; yum: boolean; addAptRepository: boolean };
  /** e.g. "10.3"; null when glusterd is not installed. */
  glusterVersion: string | null;
  systemd: boolean;
  running: boolean;
  /** systemctl is-enabled glusterd said "enabled" (only asked where systemd runs). */
  enabled: boolean;
  /** The gluster CLI gets an answer from glusterd. */
  responds: boolean;
  /** PPAs already in the apt sources, as "owner/name". */
  ppas: string[];
}

export type InstallCheck = CheckResult<Record<string, InstallFacts>>;

export const INSTALL_CHECK_COMMAND = sections(
  section('os', sh`if [ -r /etc/os-release ]; then . /etc/os-release; fi; echo "id=$ID"; echo "like=$ID_LIKE"; echo "pretty=$PRETTY_NAME"`),
  section('tools', sh`for t in apt-get dnf yum add-apt-repository; do if command -v "$t" >/dev/null 2>&1; then echo "$t"; fi; done`),
  section('version', sh`if command -v glusterd >/dev/null 2>&1; then glusterd --version | head -n 1; fi`),
  section('init', sh`if [ -d /run/systemd/system ]; then echo systemd; else echo other; fi`),
  section('running', sh`if pidof glusterd >/dev/null 2>&1; then echo yes; else echo no; fi`),
  section('enabled', sh`if [ -d /run/systemd/system ]; then systemctl is-enabled glusterd 2>/dev/null || true; fi`),
  // Asked only of a running glusterd: the CLI takes seconds to give up on one that is not there, and the answer is known.
  section('responds', sh`if pidof glusterd >/dev/null 2>&1 && ${poolListXml()} >/dev/null 2>&1; then echo yes; else echo no; fi`),
  section('ppas', sh`grep -rhoE 'ppa\\.launchpad(content)?\\.net/[^/ ]+/[^/ ]+' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | sed -E 's#.*\\.net/##' || true`),
);

export function parseInstallCheck(stdout: string): InstallFacts {
  const s = parseSections(stdout);
  const os = Object.fromEntries((s.os?.text ?? '').split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const tools = new Set((s.tools?.text ?? '').split('\n').map((t) => t.trim()));
  const versionLine = (s.version?.text ?? '').trim();
  const version = versionLine ? (/([0-9]+(?:\.[0-9]+)+)/.exec(versionLine)?.[1] ?? versionLine) : null;
  return {
    osId: (os.id ?? '').trim(),
    osLike: (os.like ?? '').trim().split(/\s+/).filter(Boolean),
    osPretty: (os.pretty ?? '').trim(),
    tools: { aptGet: tools.has('apt-get'), dnf: tools.has('dnf'), yum: tools.has('yum'), addAptRepository: tools.has('add-apt-repository') },
    glusterVersion: version,
    systemd: (s.init?.text ?? '').trim() === 'systemd',
    running: (s.running?.text ?? '').trim() === 'yes',
    enabled: (s.enabled?.text ?? '').trim() === 'enabled',
    responds: (s.responds?.text ?? '').trim() === 'yes',
    ppas: (s.ppas?.text ?? '').split('\n').map((l) => l.trim()).filter(Boolean),
  };
}

export function packageFamily(facts: Pick<InstallFacts, 'osId' | 'osLike' | 'tools'>): PackageFamily {
  const ids = [facts.osId, ...facts.osLike];
  if (ids.some((i) => i === 'debian' || i === 'ubuntu') && facts.tools.aptGet) return 'apt';
  if (ids.some((i) => ['rhel', 'fedora', 'centos', 'rocky', 'almalinux', 'ol'].includes(i))) {
    if (facts.tools.dnf) return 'dnf';
    if (facts.tools.yum) return 'yum';
  }
  return 'unknown';
}

const APT_ENV = 'DEBIAN_FRONTEND=noninteractive';

export function planInstallForHost(host: string, f: InstallFacts, intent: Pick<SetupIntent, 'aptRepository'>): HostPlan {
  const plan: HostPlan = { host, items: [], notes: [] };
  const item = (command: PlanItem['command'], why: string, long = false): PlanItem => ({ host, command, why, ...(long ? { long } : {}) });
  const os = f.osPretty || f.osId || 'an unknown OS';
  if (f.glusterVersion === null) {
    const family = packageFamily(f);
    if (family === 'apt') {
      if (intent.aptRepository) {
        const ppa = intent.aptRepository.replace(/^ppa:/, '');
        if (!f.ppas.includes(ppa)) {
          if (!f.tools.addAptRepository) {
            plan.items.push(item(cmd('env', APT_ENV, 'apt-get', 'install', '-y', 'software-properties-common'), 'add-apt-repository comes with software-properties-common', true));
          }
          plan.items.push(item(cmd('add-apt-repository', '-y', intent.aptRepository), `add the repository ${intent.aptRepository} (as the runbook does)`, true));
        }
      }
      plan.items.push(item(cmd('apt-get', 'update'), 'refresh the package lists', true));
      plan.items.push(item(cmd('env', APT_ENV, 'apt-get', 'install', '-y', 'glusterfs-server'), `install GlusterFS on ${os}`, true));
    } else if (family === 'dnf' || family === 'yum') {
      plan.items.push(item(cmd(family, 'install', '-y', 'glusterfs-server'), `install GlusterFS on ${os}`, true));
      if (['centos', 'rocky', 'almalinux'].includes(f.osId)) {
        plan.notes.push(`${os}: glusterfs-server comes from the CentOS Storage SIG; if ${family} finds no such package, run "${family} install -y centos-release-gluster11" (or the release you want) first`);
      }
    } else {
      return { ...plan, blocked: `${os}: no apt-get, dnf or yum that the console knows how to use; install glusterfs-server yourself, then check again` };
    }
    if (intent.aptRepository && family !== 'apt') plan.notes.push(`the apt repository ${intent.aptRepository} is ignored on ${os}`);
  }
  if (f.systemd) {
    if (f.glusterVersion === null || !f.running || !f.enabled) {
      plan.items.push(item(enableGlusterdNow(), 'start glusterd now and at every boot'));
    }
  } else if (f.glusterVersion === null || !f.running) {
    plan.items.push(item(startGlusterd(false), 'start glusterd (no systemd here: it is started directly)'));
  }
  if (plan.items.length === 0 && !f.responds) {
    return { ...plan, waiting: 'glusterd runs but does not answer the gluster CLI yet' };
  }
  if (!f.systemd && f.glusterVersion !== null) {
    plan.notes.push('no systemd: whatever boots this host must start glusterd (the lab does)');
  }
  return plan;
}

export function planInstall(check: InstallCheck, intent: SetupIntent, inventory: Inventory): StepPlan {
  const hosts = inventory.hosts
    .filter((h) => check.hostErrors[h.name] === undefined && check.facts[h.name] !== undefined)
    .map((h) => planInstallForHost(h.name, check.facts[h.name]!, intent));
  const versions = [...new Set(Object.values(check.facts).map((f) => f.glusterVersion).filter((v): v is string => v !== null))].sort();
  const notes: string[] = [];
  const installed = Object.entries(check.facts).filter(([, f]) => f.glusterVersion !== null).map(([h, f]) => `${h} ${f.glusterVersion}`);
  if (installed.length > 0) notes.push(`installed: ${installed.join(', ')}`);
  if (versions.length > 1) notes.push(`WARNING: the hosts run different GlusterFS versions (${versions.join(', ')}): align them before probing, or the pool runs at the oldest op-version`);
  return { hosts, notes };
}

export const installStep: StepDefinition<Record<string, InstallFacts>> = {
  id: 'install',
  number: 2,
  title: 'Install',
  summary: 'GlusterFS server installed (apt, dnf or yum), glusterd running',
  settleMs: 20_000,
  async check(ctx) {
    const { results, errors } = await readHosts(ctx, hostNames(ctx), () => INSTALL_CHECK_COMMAND);
    const facts: Record<string, InstallFacts> = {};
    for (const [host, result] of Object.entries(results)) facts[host] = parseInstallCheck(result.stdout);
    return { facts, hostErrors: errors };
  },
  plan: planInstall,
};

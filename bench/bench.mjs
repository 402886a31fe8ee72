// `npm run bench`: how fast the setup and the console are, on a lab of real
// GlusterFS nodes. Not a test: it prints a table of medians over several rounds
// and the machine it ran on. Each round starts from a fresh lab (lab down, up),
// so rounds are comparable; the console's setup, the runbook typed by hand
// (bench/by-hand.sh) and Ansible (bench/ansible/, when ansible-playbook and the
// gluster.gluster collection are installed) reach the same end state, which is
// checked after every run. The machine may be busy with other work: compare the
// ratios of one run, not absolute numbers of different runs.
//
// Options: --rounds N (3), --max-minutes M (50; the bench ends by itself),
// --no-12 (skip the 12-node panel refresh), --out FILE (also write the table),
// --logs DIR (keep each setup's output with the time of every line),
// --methods console,hand,ansible (which setups to time; the other numbers need console).
// The lab's net: $GLUSTER_CONSOLE_LAB_NET, default 127.1.26 (inside 127.0.0.0/8).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli.js');
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'max-minutes': { type: 'string', default: '50' },
    'no-12': { type: 'boolean', default: false },
    out: { type: 'string' },
    logs: { type: 'string' },
    methods: { type: 'string', default: 'console,hand,ansible' },
  },
});
const ROUNDS = Math.max(1, Number(opts.rounds));
const DEADLINE = Date.now() + Number(opts['max-minutes']) * 60_000;
process.env.GLUSTER_CONSOLE_LAB_NET ||= '127.1.26';
const NET = process.env.GLUSTER_CONSOLE_LAB_NET;
const VOLUME = 'gv0';
const MOUNT = '/data/shared';

const { readInventoryFile } = await import(join(root, 'dist/config/inventory.js'));
const { SshPool } = await import(join(root, 'dist/ssh/pool.js'));
const { ClusterPoller } = await import(join(root, 'dist/panel/poller.js'));
const { sh } = await import(join(root, 'dist/shell/command.js'));
const layout = await import(join(root, 'dist/gluster/layout/index.js'));

const log = (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const left = () => DEADLINE - Date.now();
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
const msText = (ms) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : 'n/a');

/** Runs a program; its stdout lines with the time they arrived (ms since start). Killed at timeoutMs. */
function run(file, args, { timeoutMs = 300_000, env = {}, bounded = true } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lines = [];
    let partial = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      const t = Date.now() - started;
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop();
      for (const text of parts) lines.push({ t, text });
    });
    child.stderr.on('data', (d) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, bounded ? Math.max(1000, Math.min(timeoutMs, left())) : timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial) lines.push({ t: Date.now() - started, text: partial });
      resolve({ code: code ?? (signal ? 128 : 1), ms: Date.now() - started, lines, stdout: lines.map((l) => l.text).join('\n'), stderr });
    });
  });
}

function capture(file, args) {
  return new Promise((resolve) => execFile(file, args, { timeout: 30_000 }, (err, stdout) => resolve(err ? '' : String(stdout).trim())));
}

/** --logs DIR: each run's output, timed, to see where the time went. */
let logCount = 0;
function keepLog(name, text) {
  if (opts.logs) writeFileSync(join(opts.logs, `${String(++logCount).padStart(2, '0')}-${name}.log`), `${text}\n`);
}

// ---- the lab ----------------------------------------------------------------------

const labDir = mkdtempSync(join(tmpdir(), 'gc-bench-'));
const lab = (...args) => run(process.execPath, [CLI, 'lab', ...args, '--dir', labDir], { timeoutMs: 180_000, bounded: false });
let labIsUp = false;

async function freshLab(nodes, volumeless) {
  if (labIsUp) await lab('down');
  const up = await lab('up', '--nodes', String(nodes), '--volumeless', String(volumeless));
  labIsUp = true;
  if (up.code !== 0) throw new Error(`lab up --nodes ${nodes} failed: ${up.stdout.slice(-400)} ${up.stderr.slice(-400)}`);
  return readInventoryFile(join(labDir, 'inventory.yaml'));
}

function ssh(inv, host, command) {
  const h = inv.hosts.find((x) => x.name === host);
  return run('ssh', ['-i', h.ssh.identityFile, '-o', `UserKnownHostsFile=${h.ssh.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-p', String(h.ssh.port ?? 22), `root@${h.address}`, command], { timeoutMs: 60_000 });
}

/** The end state every method must reach: the volume started with every brick online, mounted on every node. */
async function endStateProblem(inv) {
  const bricks = inv.hosts.length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const problems = [];
    const status = await ssh(inv, inv.hosts[0].name, `gluster --mode=script volume status ${VOLUME} --xml`);
    const online = (status.stdout.match(/<path>\/[^<]*<\/path>[\s\S]*?<status>1<\/status>/g) ?? []).length;
    if (online !== bricks) problems.push(`${online}/${bricks} bricks online`);
    for (const h of inv.hosts) {
      const m = await ssh(inv, h.name, `findmnt -n -o FSTYPE ${MOUNT}; grep -c ' ${MOUNT} glusterfs ' /etc/fstab`);
      if (!m.stdout.startsWith('fuse.glusterfs\n1')) problems.push(`${h.name}: ${MOUNT} not mounted from fstab`);
    }
    if (problems.length === 0) return null;
    if (Date.now() > deadline) return problems.join('; ');
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---- the three ways to set up a cluster ----------------------------------------------

const STEP = /^== step (\d+)\/\d+ (.+?):/;
/** With --yes the setup runs independent steps together and says when each ends. */
const STEP_END = /^== (?:not )?done: step \d+\/\d+ (.+)$/;

async function consoleSetup(inv) {
  const config = mkdtempSync(join(tmpdir(), 'gc-bench-config-'));
  const wipe = inv.hosts.filter((h) => h.transientDevice).flatMap((h) => ['--wipe', h.name]);
  const r = await run(process.execPath, [CLI, 'setup', '--inventory', join(labDir, 'inventory.yaml'), '--volume', VOLUME, '--layout', `replica ${inv.hosts.length}`, '--yes', '--config-dir', config, ...wipe], { timeoutMs: 600_000 });
  rmSync(config, { recursive: true, force: true });
  keepLog(`setup-${inv.hosts.length}`, r.lines.map((l) => `${(l.t / 1000).toFixed(2).padStart(7)} ${l.text}`).join('\n'));
  const steps = {};
  const ends = Object.fromEntries(r.lines.map((l) => [STEP_END.exec(l.text)?.[1], l.t]).filter(([title]) => title));
  const starts = r.lines.map((l) => ({ l, m: STEP.exec(l.text) })).filter((x) => x.m);
  const end = r.lines.find((l) => /^(ok|--) {2,}/.test(l.text))?.t ?? r.ms;
  starts.forEach(({ l, m }, i) => (steps[m[2]] = (ends[m[2]] ?? starts[i + 1]?.l.t ?? end) - l.t));
  return { ms: r.ms, ok: r.code === 0, why: r.code === 0 ? '' : `exit ${r.code}: ${r.stdout.split('\n').slice(-3).join(' / ')}`, steps };
}

function handArgs(inv) {
  const h0 = inv.hosts[0];
  return [h0.ssh.identityFile, h0.ssh.knownHostsFile, VOLUME, ...inv.hosts.map((h) => `${h.name}=${h.address}=${h.device ?? h.transientDevice}${h.device ? '' : '=transient'}`)];
}

async function byHand(inv) {
  const r = await run('bash', [join(root, 'bench', 'by-hand.sh'), ...handArgs(inv)], { timeoutMs: 600_000 });
  return { ms: r.ms, ok: r.code === 0, why: r.code === 0 ? '' : `exit ${r.code}: ${r.stderr.split('\n').slice(-3).join(' / ')}` };
}

const ANSIBLE_COLLECTION = ['/usr/lib/python3/dist-packages/ansible_collections/gluster/gluster', '/usr/share/ansible/collections/ansible_collections/gluster/gluster'];

async function ansibleAvailable() {
  const which = await capture('sh', ['-c', 'command -v ansible-playbook']);
  if (!which) return 'ansible-playbook is not installed (Debian: apt-get install ansible, which carries gluster.gluster)';
  if (!ANSIBLE_COLLECTION.some(existsSync)) return 'the gluster.gluster collection is not installed';
  return null;
}

async function ansible(inv) {
  const dir = mkdtempSync(join(tmpdir(), 'gc-bench-ansible-'));
  const lines = ['[gluster]'];
  for (const h of inv.hosts) {
    lines.push(
      `${h.name} ansible_host=${h.address} ansible_user=root ansible_port=${h.ssh.port ?? 22} ansible_ssh_private_key_file=${h.ssh.identityFile} ` +
        `ansible_ssh_common_args='-o UserKnownHostsFile=${h.ssh.knownHostsFile} -o StrictHostKeyChecking=yes' brick_device=${h.device ?? h.transientDevice} transient=${h.device ? 'false' : 'true'}`,
    );
  }
  writeFileSync(join(dir, 'hosts.ini'), `${lines.join('\n')}\n`);
  const r = await run('ansible-playbook', ['-i', join(dir, 'hosts.ini'), join(root, 'bench', 'ansible', 'setup.yml'), '-e', `volume=${VOLUME}`], {
    timeoutMs: 600_000,
    env: { ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_FORKS: '20', ANSIBLE_PIPELINING: 'True', ANSIBLE_NOCOLOR: '1' },
  });
  rmSync(dir, { recursive: true, force: true });
  return { ms: r.ms, ok: r.code === 0, why: r.code === 0 ? '' : `exit ${r.code}: ${r.stdout.split('\n').filter((l) => /fatal|FAILED|ERROR/.test(l)).slice(0, 2).join(' / ').slice(0, 300)}` };
}

// ---- the console's other numbers ------------------------------------------------------

async function statusOneShot() {
  const times = [];
  let code = -1;
  for (let i = 0; i < 5; i++) {
    const r = await run(process.execPath, [CLI, 'status', '--inventory', join(labDir, 'inventory.yaml')], { timeoutMs: 60_000 });
    code = r.code;
    times.push(r.ms);
  }
  return { ms: median(times), healthy: code === 0 };
}

/** One refresh of the live panel's poller vs each host's own gluster queries over the same warm connection. */
async function panelRefresh(inv) {
  const pool = new SshPool(inv.hosts);
  const poller = new ClusterPoller({ executor: pool, hosts: inv.hosts });
  try {
    await poller.refresh();
    await poller.refresh();
    const refresh = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await poller.refresh();
      refresh.push(Date.now() - t);
    }
    const raw = [];
    const queries = sh`gluster --mode=script pool list --xml >/dev/null; gluster --mode=script volume info --xml >/dev/null; gluster --mode=script volume status --xml >/dev/null; gluster --mode=script volume heal ${VOLUME} info summary --xml >/dev/null`;
    for (let i = 0; i < 5; i++) {
      const each = await Promise.all(inv.hosts.map(async (h) => {
        const s = Date.now();
        await pool.exec(h.name, queries, { timeoutMs: 60_000 });
        return Date.now() - s;
      }));
      raw.push(Math.max(...each));
    }
    return { refresh: median(refresh), raw: median(raw) };
  } finally {
    poller.stop();
    await pool.close();
  }
}

function validatorTime() {
  const hosts = Array.from({ length: 16 }, (_, i) => `node${i + 1}`);
  const bricks = hosts.flatMap((h) => [1, 2, 3].map((b) => ({ host: h, path: `/data/glusterfs/b${b}/brick`, zone: `zone-${hosts.indexOf(h) % 3}`, storage: 'volume', sizeBytes: 2 ** 40, isMountPoint: false, partOfVolume: false, parentExists: true })));
  const words = ['replica', '3', ...bricks.map((b) => `${b.host}:${b.path}`)];
  const peers = hosts.map((h) => ({ name: h, aliases: [], connected: true, inCluster: true }));
  const time = (f) => {
    f();
    const xs = [];
    for (let i = 0; i < 9; i++) {
      const t = process.hrtime.bigint();
      f();
      xs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(xs);
  };
  return {
    check: time(() => layout.checkCreateWords(words, {})),
    suggest: time(() => layout.suggestLayouts({ bricks, peers, existingVolumes: [], zones: ['zone-0', 'zone-1', 'zone-2'], volumeName: VOLUME })),
    words,
  };
}

// ---- the run ------------------------------------------------------------------------------

async function machine() {
  const gluster = (await capture('glusterd', ['--version'])).split('\n')[0] ?? '';
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    gluster: gluster.replace(/^glusterfs\s*/i, '') || 'not found',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: loadavg().map((x) => x.toFixed(1)).join(' '),
  };
}

async function main() {
  const m = await machine();
  log(`lab net ${NET}, ${ROUNDS} rounds, at most ${opts['max-minutes']} min; lab dir ${labDir}`);
  const noAnsible = await ansibleAvailable();
  const runs = { console: [], hand: [], ansible: [] };
  const stepTimes = {};
  let status = null;
  let panel3 = null;
  for (let round = 1; round <= ROUNDS && left() > 0; round++) {
    const wanted = opts.methods.split(',');
    const methods = [
      ['console', consoleSetup],
      ['hand', byHand],
      ...(noAnsible ? [] : [['ansible', ansible]]),
    ].filter(([name]) => wanted.includes(name));
    for (const [name, fn] of methods) {
      if (left() < 60_000) break;
      const inv = await freshLab(3, 1);
      log(`round ${round}: ${name}`);
      const r = await fn(inv);
      const problem = r.ok ? await endStateProblem(inv) : r.why;
      if (problem) log(`round ${round}: ${name} did not reach the end state: ${problem}`);
      log(`round ${round}: ${name} ${secs(r.ms)}${problem ? ' (not counted)' : ''}`);
      runs[name].push({ round, ms: problem ? NaN : r.ms, problem });
      if (name === 'console' && !problem) for (const [step, ms] of Object.entries(r.steps)) (stepTimes[step] ??= []).push(ms);
      if (name === 'console' && !problem && round === 1) {
        status = await statusOneShot();
        log(`status one-shot ${msText(status.ms)}`);
        panel3 = await panelRefresh(inv);
        log(`panel refresh (3 nodes) ${msText(panel3.refresh)} vs raw ${msText(panel3.raw)}`);
      }
    }
  }
  let panel12 = null;
  let why12 = opts['no-12'] ? 'skipped (--no-12)' : !panel3 ? 'not measured (no 3-node panel run)' : '';
  if (!why12 && left() > 8 * 60_000) {
    try {
      const inv = await freshLab(12, 0);
      log('12 nodes: setup');
      const r = await consoleSetup(inv);
      if (!r.ok) throw new Error(`setup on 12 nodes: ${r.why}`);
      panel12 = await panelRefresh(inv);
      log(`panel refresh (12 nodes) ${msText(panel12.refresh)} vs raw ${msText(panel12.raw)}`);
    } catch (err) {
      why12 = `not measured: ${err.message.slice(0, 200)}`;
    }
  } else if (!why12) why12 = 'not measured: too little time left in --max-minutes';
  if (labIsUp) await lab('down');
  rmSync(labDir, { recursive: true, force: true });
  labIsUp = false;
  const v = validatorTime();

  // Ratios per round (the same load for both), then their median.
  const ratio = (a, b) => median(runs[a].map((x) => x.ms / (runs[b].find((y) => y.round === x.round)?.ms ?? NaN)));
  const med = (name) => median(runs[name].map((x) => x.ms));
  const counted = (name) => `${runs[name].filter((x) => Number.isFinite(x.ms)).length}/${runs[name].length}`;
  const rows = [
    ['`setup --yes`, 3 bare nodes → replica 3 mounted everywhere', `${secs(med('console'))} (${counted('console')} rounds)`],
    ['the runbook by hand (bench/by-hand.sh, & and 0.2 s polling)', `${secs(med('hand'))} (${counted('hand')} rounds)`],
    ['Ansible + gluster.gluster (bench/ansible/setup.yml)', noAnsible ? `not measured: ${noAnsible}` : `${secs(med('ansible'))} (${counted('ansible')} rounds)`],
    ['setup ÷ by hand (median of per-round ratios; goal ≤ 0.8)', Number.isFinite(ratio('console', 'hand')) ? ratio('console', 'hand').toFixed(2) : 'n/a'],
    ['Ansible ÷ by hand', noAnsible ? 'n/a' : Number.isFinite(ratio('ansible', 'hand')) ? ratio('ansible', 'hand').toFixed(2) : 'n/a'],
    ['setup ÷ Ansible (goal ≤ 0.5)', noAnsible ? 'n/a' : Number.isFinite(ratio('console', 'ansible')) ? ratio('console', 'ansible').toFixed(2) : 'n/a'],
    ...Object.entries(stepTimes).map(([step, xs]) => [`setup step: ${step}`, secs(median(xs))]),
    ['`status` one-shot, healthy 3-node lab (process start to exit; goal ≤ 0.7 s)', status ? `${msText(status.ms)}${status.healthy ? '' : ' (exit not 0!)'}` : 'not measured (no healthy lab)'],
    ['panel refresh, 3 nodes / slowest host\'s raw queries (goal ≤ 1.1x)', panel3 ? `${msText(panel3.refresh)} / ${msText(panel3.raw)} = ${(panel3.refresh / panel3.raw).toFixed(2)}x` : 'not measured'],
    ['panel refresh, 12 nodes / raw queries', panel12 ? `${msText(panel12.refresh)} / ${msText(panel12.raw)} = ${(panel12.refresh / panel12.raw).toFixed(2)}x` : why12],
    ['panel refresh, 12 nodes ÷ 3 nodes (goal ≤ 1.2x)', panel12 && panel3 ? `${(panel12.refresh / panel3.refresh).toFixed(2)}x` : 'n/a'],
    ['layout validator, `replica 3` with 48 bricks on 16 hosts (in process)', `check ${v.check.toFixed(1)} ms, suggest ${v.suggest.toFixed(1)} ms`],
    ['first frame; RSS after 10 min of panel', 'not measured by this script yet'],
  ];
  const table = [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memory}, node ${m.node}, GlusterFS ${m.gluster}; ${m.date}; load average at start ${m.load}`,
    '',
    '| what | median |',
    '|---|---|',
    ...rows.map(([a, b]) => `| ${a} | ${b} |`),
    '',
    `Rounds (s): setup ${runs.console.map((x) => (x.ms / 1000).toFixed(1)).join(', ')}; by hand ${runs.hand.map((x) => (x.ms / 1000).toFixed(1)).join(', ')}${noAnsible ? '' : `; Ansible ${runs.ansible.map((x) => (x.ms / 1000).toFixed(1)).join(', ')}`}`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (opts.out) writeFileSync(opts.out, `${table}\n`);
}

async function cleanup() {
  if (labIsUp) await lab('down');
  rmSync(labDir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void cleanup().finally(() => process.exit(130)));
try {
  await main();
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  await cleanup();
  process.exitCode = 1;
}

// Gathers the snapshot: every host in parallel over the pooled connections,
// each section on its own. A section whose query is still running is not
// started again, and nothing waits for it: a slow `heal info` keeps its old
// value (and its age) while everything else refreshes. Cluster-wide queries go
// to one host whose glusterd answers, falling back to the next.
//
// Cost per refresh, once the volumes are known: one exec per host (probe;
// pool list on up to POOL_VIEWS_PER_REFRESH hosts; brick filesystems and their
// space when due, see mountsDue), and on one host volume info, plain volume
// status (bricks and self-heal daemons; `detail` would make every glusterd
// stat its bricks, which the hosts' own check already does) and heal info per
// volume, all at once; volume options are re-read every OPTIONS_MAX_AGE_MS or
// when volume info changes.
//
// Why not every host's pool list every time: each is a gluster CLI run (about
// 50 ms of CPU on the host, and all of it on the one machine of a lab). The
// cluster-wide view comes from the primary every refresh, and SSH and glusterd
// liveness from every host every refresh; the other hosts' own views of their
// peers take turns, oldest first, each shown with its age. Up to
// POOL_VIEWS_PER_REFRESH hosts, every view is fresh every refresh.
import { setMaxListeners } from 'node:events';
import type { InventoryHost } from '../config/inventory.js';
import { healInfoSummaryXml, healInfoSplitBrainXml, healInfoXml, volumeGetXml, volumeInfoXml, volumeStatusXml } from '../gluster/commands.js';
import { parseHealInfo } from '../gluster/xml/heal-info.js';
import { parseHealSummary } from '../gluster/xml/heal-summary.js';
import { parsePoolList, type Peer } from '../gluster/xml/peer-status.js';
import { parseVolumeGet } from '../gluster/xml/volume-get.js';
import { parseVolumeInfo, type VolumeInfo } from '../gluster/xml/volume-info.js';
import { parseVolumeStatus, startedButSilent, type VolumeStatus } from '../gluster/xml/volume-status.js';
import type { Command } from '../shell/command.js';
import type { Executor } from '../ssh/types.js';
import { brickMountsCommand, parseBrickMounts, type HostMounts } from './brick-mounts.js';
import { copyCommand, parseCopy, type CopyRead, type EntryRef } from './copies.js';
import { parseHostProbe } from './host-probe.js';
import { hostScriptCommand, KILLED_BY_TIMEOUT, POOL_TIMEOUT_S, splitHostScript } from './host-script.js';
import { inventoryHostFor, isHealed, volumeCount } from './names.js';
import {
  busySection, classifyError, current, failedSection, isCancelled, isGlusterdDownText, QueryFailure, succeeded, type QueryError, type Section,
} from './section.js';
import { emptySnapshot, type HealSample, type Snapshot } from './snapshot.js';
import { withSpaceSamples } from './space-history.js';

export interface PollerTimeouts {
  /** The per-host exec (probe, pool list, brick filesystems). */
  host: number;
  /** Cluster-wide gluster queries: volume info/status/get. */
  query: number;
  /** heal info, which can take long on a big volume. */
  heal: number;
}

export const DEFAULT_TIMEOUTS: Readonly<PollerTimeouts> = { host: 20_000, query: 20_000, heal: 60_000 };
const HISTORY = 30;
const OPTIONS_MAX_AGE_MS = 30_000;
/** A mounted brick filesystem cannot go away while its brick runs (umount: busy), so it is re-checked this often, and whenever something changes. */
const MOUNTS_MAX_AGE_MS = 30_000;
export const POOL_VIEWS_PER_REFRESH = 3;
/**
 * A cluster-wide answer that is no answer (glusterd busy with another
 * transaction, or an answer that cannot be right) is asked again after these
 * pauses, then left unknown: another operator's transaction is short.
 */
const RETRY_PAUSES_MS = [300, 1000];

export interface PollerOptions {
  executor: Executor;
  hosts: InventoryHost[];
  timeouts?: Partial<PollerTimeouts>;
  now?: () => number;
  /** After every change of the snapshot (many per refresh). */
  onChange?: (snapshot: Snapshot) => void;
}

type SectionKey = string;

/** Text from gluster that should be XML: the XML, or why there is none. */
function xmlOrFailure(host: string, what: string, text: string, code: number | null): string {
  const start = text.search(/<\?xml|<cliOutput/);
  if (start >= 0) return text.slice(start);
  const said = text.trim();
  if (isGlusterdDownText(said)) throw new QueryFailure('glusterd-down', `${host}: glusterd does not answer (${said.split('\n')[0]})`);
  throw new QueryFailure('failed', `${host}: ${what} exited ${code}: ${said.split('\n').slice(-2).join(' ') || 'no output'}`);
}

export class ClusterPoller {
  private snap: Snapshot;
  private readonly inflight = new Map<SectionKey, Promise<void>>();
  private readonly controller = new AbortController();
  private readonly timeouts: PollerTimeouts;
  private readonly now: () => number;
  private readonly watched = new Set<string>();
  /** "host command" pairs that timed out lately: that host is asked that question last. */
  private readonly slow = new Set<string>();
  /** The brick paths each host's brick check last covered, and the host's boot then. */
  private readonly mountsAsked = new Map<string, string>();
  private readonly mountsBoot = new Map<string, string | undefined>();
  /** volume info's options when `volume get` was last asked, per volume. */
  private readonly optionsBasis = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** This refresh's volume info (or the one still running): what a status answer is checked against. */
  private volumeInfoDone: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PollerOptions) {
    this.snap = emptySnapshot(options.hosts);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.now = options.now ?? Date.now;
    // Every running query listens on it; with many hosts that is more than Node's default warning limit.
    setMaxListeners(0, this.controller.signal);
  }

  get snapshot(): Snapshot {
    return this.snap;
  }

  /** Refreshes every section not already being refreshed; resolves when all of them (including running ones) have answered. */
  async refresh(): Promise<Snapshot> {
    if (this.stopped) return this.snap;
    const started = this.now();
    const tasks: Promise<void>[] = [];
    // What the last volume info said lets everything start at once; volume info then adds what is new.
    const known = this.snap.volumes.value ?? [];
    const views = this.poolViewsDue();
    for (const host of this.options.hosts) tasks.push(this.run(`host:${host.name}`, () => this.hostExec(host, known, views.has(host.name))));
    tasks.push(this.run('volumes', () => this.volumesAndDependents()));
    tasks.push(this.run('status', () => this.statusOf()));
    tasks.push(...this.volumeJobs(known));
    await Promise.all(tasks);
    if (!this.stopped) {
      const end = this.now();
      this.update({ refreshes: this.snap.refreshes + 1, lastRefreshAt: end, lastRefreshMs: end - started, spaceHistory: withSpaceSamples(this.snap, HISTORY) });
    }
    return this.snap;
  }

  /** Refreshes now and then every intervalMs; a tick never waits for a slow section. */
  start(intervalMs: number): void {
    const tick = () => {
      if (this.stopped) return;
      void this.refresh();
      this.timer = setTimeout(tick, intervalMs);
    };
    tick();
  }

  /** Stops the timer and kills the queries still running on the hosts. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller.abort();
  }

  /** While a volume's heal entries are on screen, they are fetched with every refresh. */
  watchEntries(volume: string, on: boolean): void {
    if (on) this.watched.add(volume);
    else this.watched.delete(volume);
  }

  /**
   * Every brick's copy of one entry of a volume (for the operator choosing a
   * split-brain's source): asked on demand, not on every refresh. A brick whose
   * host does not answer gives its error, never an absent copy.
   */
  async readCopies(volume: VolumeInfo, entry: EntryRef): Promise<CopyRead[]> {
    return Promise.all(
      volume.bricks.map(async (b, index): Promise<CopyRead> => {
        const name = `${b.host}:${b.path}`;
        const host = inventoryHostFor(this.options.hosts, b.host)?.name;
        if (!host) return { brick: name, error: `${b.host} is not in the inventory` };
        try {
          const result = await this.options.executor.exec(host, copyCommand(b.path, entry), { timeoutMs: this.timeouts.host, signal: this.controller.signal });
          if (result.code !== 0) return { brick: name, error: (result.stderr || result.stdout).trim().split('\n')[0] || `exit ${result.code}` };
          return { brick: name, copy: parseCopy(name, index, volume.name, result.stdout) };
        } catch (err) {
          return { brick: name, error: classifyError(err).message };
        }
      }),
    );
  }

  // --- sections ---------------------------------------------------------

  private run(key: SectionKey, job: () => Promise<void>): Promise<void> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = job()
      .catch(() => {})
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private update(patch: Partial<Snapshot>): void {
    if (this.stopped) return;
    this.snap = { ...this.snap, ...patch };
    this.options.onChange?.(this.snap);
  }

  private setHost<K extends 'probe' | 'pool' | 'mounts'>(host: string, key: K, section: Snapshot['host'][string][K]): void {
    const sections = this.snap.host[host] ?? { probe: { state: 'pending' }, pool: { state: 'pending' } };
    this.update({ host: { ...this.snap.host, [host]: { ...sections, [key]: section } } });
  }

  private setKeyed(field: 'options' | 'heal' | 'splitBrain' | 'entries', volume: string, section: Section<unknown>): void {
    this.update({ [field]: { ...this.snap[field], [volume]: section } } as Partial<Snapshot>);
  }

  /** Runs one query as a section: busy, then ok or failed/unknown. Cancelled queries change nothing. */
  private async section<T>(
    get: () => Section<T> | undefined,
    set: (s: Section<T>) => void,
    query: () => Promise<{ value: T; source?: string }>,
  ): Promise<T | undefined> {
    set(busySection(get(), this.now()));
    try {
      const { value, source } = await query();
      set(succeeded(get(), value, this.now(), source));
      return value;
    } catch (err) {
      if (this.stopped || isCancelled(err)) return undefined;
      set(failedSection(get(), classifyError(err), this.now(), (err as { source?: string }).source));
      return undefined;
    }
  }

  /** A gluster --xml query: its XML, or a QueryFailure saying why there is none. */
  private async exec(host: string, command: Command, timeoutMs: number): Promise<string> {
    const result = await this.options.executor.exec(host, command, { timeoutMs, signal: this.controller.signal });
    return xmlOrFailure(host, command.text.split('\n')[0] ?? command.text, `${result.stdout}${result.stdout.trim().startsWith('<') ? '' : `\n${result.stderr}`}`, result.code);
  }

  // --- per host ---------------------------------------------------------

  private brickPaths(host: InventoryHost, volumes: readonly VolumeInfo[]): string[] {
    return [...new Set(volumes.flatMap((v) => v.bricks).filter((b) => inventoryHostFor(this.options.hosts, b.host)?.name === host.name).map((b) => b.path))];
  }

  /** Devices that may hold this host's bricks: the inventory's and those gluster reported for its bricks. */
  private devicesOf(host: InventoryHost, volumes: readonly VolumeInfo[]): string[] {
    const remembered = volumes
      .flatMap((v) => v.bricks)
      .filter((b) => inventoryHostFor(this.options.hosts, b.host)?.name === host.name)
      .map((b) => this.snap.brickDevices[b.name]);
    return [...new Set([host.device, host.transientDevice, ...remembered].filter((d): d is string => typeof d === 'string' && d.startsWith('/dev/')))];
  }

  /** Whose pool list to ask this refresh: all, up to the budget; else the primary and those asked longest ago. */
  private poolViewsDue(): Set<string> {
    const names = this.options.hosts.map((h) => h.name);
    if (names.length <= POOL_VIEWS_PER_REFRESH) return new Set(names);
    const first = this.snap.primary ?? names[0]!;
    const asked = (name: string) => this.snap.host[name]?.pool.checkedAt ?? this.snap.host[name]?.pool.busySince ?? -1;
    const rest = names.filter((n) => n !== first);
    // A view that is not current (never asked, failed, timed out) is asked again at once; current ones take turns.
    const stale = rest.filter((n) => this.snap.host[n]?.pool.state !== 'ok');
    const turns = rest.filter((n) => this.snap.host[n]?.pool.state === 'ok').sort((a, b) => asked(a) - asked(b));
    return new Set([first, ...stale, ...turns.slice(0, Math.max(0, POOL_VIEWS_PER_REFRESH - 1 - stale.length))]);
  }

  /**
   * Whether a host's brick filesystems need checking now: never checked or not
   * current, older than MOUNTS_MAX_AGE_MS, other bricks than last time, a
   * reboot since, or one of its bricks not known to be online.
   */
  private mountsDue(host: InventoryHost, paths: readonly string[], volumes: readonly VolumeInfo[]): boolean {
    if (paths.length === 0) return false;
    const mounts = this.snap.host[host.name]?.mounts;
    if (mounts?.state !== 'ok' || mounts.at === undefined || this.now() - mounts.at >= MOUNTS_MAX_AGE_MS) return true;
    if (this.mountsAsked.get(host.name) !== paths.join('\n')) return true;
    const checkedAt = this.mountsBoot.get(host.name);
    const boot = this.snap.host[host.name]?.probe.value?.boot;
    if (checkedAt !== undefined && boot !== undefined && checkedAt !== boot) return true;
    const status = this.snap.status.state === 'ok' ? this.snap.status.value : undefined;
    if (!status) return true;
    return volumes.some(
      (v) =>
        v.status === 1 &&
        v.bricks.some(
          (b) =>
            inventoryHostFor(this.options.hosts, b.host)?.name === host.name &&
            status.find((s) => s.name === v.name)?.bricks.find((x) => x.hostname === b.host && x.path === b.path)?.online !== true,
        ),
    );
  }

  /** Probe, pool list (when due) and brick filesystems (when due), in one exec. */
  private async hostExec(host: InventoryHost, volumes: readonly VolumeInfo[], withPool: boolean): Promise<void> {
    const name = host.name;
    const due = this.mountsDue(host, this.brickPaths(host, volumes), volumes);
    const paths = due ? this.brickPaths(host, volumes) : [];
    const devices = this.devicesOf(host, volumes);
    if (due) {
      this.mountsAsked.set(name, paths.join('\n'));
      this.mountsBoot.set(name, this.snap.host[name]?.probe.value?.boot);
    }
    const since = this.now();
    this.setHost(name, 'probe', busySection(this.snap.host[name]?.probe, since));
    if (withPool) this.setHost(name, 'pool', busySection(this.snap.host[name]?.pool, since));
    if (paths.length > 0) this.setHost(name, 'mounts', busySection(this.snap.host[name]?.mounts, since));
    let stdout: string;
    try {
      const result = await this.options.executor.exec(name, hostScriptCommand(paths.length > 0 ? { paths, devices } : undefined, { pool: withPool }), {
        timeoutMs: this.timeouts.host,
        signal: this.controller.signal,
      });
      stdout = result.stdout;
    } catch (err) {
      if (this.stopped || isCancelled(err)) return;
      const error = classifyError(err);
      const at = this.now();
      this.setHost(name, 'probe', failedSection(this.snap.host[name]?.probe, error, at, name));
      // Unreachable says as much about its pool view as any query would.
      if (withPool || error.kind !== 'timeout') this.setHost(name, 'pool', failedSection(this.snap.host[name]?.pool, error, at, name));
      // A host that cannot be reached has no current brick check either, due or not.
      if (this.snap.host[name]?.mounts) this.setHost(name, 'mounts', failedSection(this.snap.host[name]?.mounts, error, at, name));
      return;
    }
    const parts = splitHostScript(stdout);
    const at = this.now();
    const probe = parseHostProbe(parts.probe);
    const before = this.snap.host[name]?.probe.value?.boot;
    const rebooted = before !== undefined && probe.boot !== before;
    this.setHost(name, 'probe', succeeded(this.snap.host[name]?.probe, probe, at, name));
    // A check that ran before this host's first probe answered belongs to this boot.
    if (due || this.mountsBoot.get(name) === undefined) this.mountsBoot.set(name, probe.boot);
    if (withPool) this.readPool(name, parts.pool, at);
    else if (probe.glusterd === 'stopped' && this.snap.host[name]?.pool.state === 'ok') {
      // Not asked this time; but glusterd stopped is news the old view must not hide.
      this.setHost(name, 'pool', failedSection(this.snap.host[name]?.pool, { kind: 'glusterd-down', message: `${name}: glusterd is not running` }, at, name));
    }
    if (paths.length > 0) {
      if (parts.mounts !== undefined) {
        const mounts = parseBrickMounts(parts.mounts);
        this.setHost(name, 'mounts', succeeded(this.snap.host[name]?.mounts, mounts, at, name));
        this.rememberDevices(name, mounts);
      }
      else this.setHost(name, 'mounts', failedSection(this.snap.host[name]?.mounts, { kind: 'failed', message: `${name}: the brick check did not run` }, at, name));
    } else if (rebooted && this.brickPaths(host, volumes).length > 0) {
      // Booted again since the last check: what fstab mounted (or did not) may have changed.
      await this.run(`mounts:${name}`, () => this.mountsOf(host, this.snap.volumes.value ?? volumes));
    }
  }

  private readPool(name: string, pool: { text: string; code: number } | undefined, at: number): void {
    try {
      if (!pool) throw new QueryFailure('failed', `${name}: the pool list did not run`);
      if (pool.code === KILLED_BY_TIMEOUT) throw new QueryFailure('timeout', `${name}: glusterd runs, but "gluster pool list" got no answer from it within ${POOL_TIMEOUT_S} s (SSH answered)`);
      const peers: Peer[] = parsePoolList(xmlOrFailure(name, 'gluster pool list', pool.text, pool.code));
      this.setHost(name, 'pool', succeeded(this.snap.host[name]?.pool, peers, at, name));
    } catch (err) {
      this.setHost(name, 'pool', failedSection(this.snap.host[name]?.pool, classifyError(err), at, name));
    }
  }

  /** The brick check alone: for bricks volume info revealed after the host's exec had started. */
  private mountsOf(host: InventoryHost, volumes: readonly VolumeInfo[]): Promise<void> {
    const paths = this.brickPaths(host, volumes);
    this.mountsAsked.set(host.name, paths.join('\n'));
    this.mountsBoot.set(host.name, this.snap.host[host.name]?.probe.value?.boot);
    return this.section<HostMounts>(
      () => this.snap.host[host.name]?.mounts,
      (s) => this.setHost(host.name, 'mounts', s),
      async () => {
        const result = await this.options.executor.exec(host.name, brickMountsCommand(paths, this.devicesOf(host, volumes)), { timeoutMs: this.timeouts.host, signal: this.controller.signal });
        if (result.code !== 0) throw new QueryFailure('failed', `${host.name}: the brick check exited ${result.code}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
        const mounts = parseBrickMounts(result.stdout);
        this.rememberDevices(host.name, mounts);
        return { value: mounts, source: host.name };
      },
    ).then(() => undefined);
  }

  // --- cluster-wide ---------------------------------------------------------

  /** Hosts to ask a cluster-wide question, best first: the last one that answered, then those whose glusterd answers. */
  private candidates(command: Command): string[] {
    const names = this.options.hosts.map((h) => h.name);
    const rank = (name: string): number => {
      const sections = this.snap.host[name];
      let score = 0;
      if (name === this.snap.primary) score -= 4;
      if (sections?.pool.state === 'ok') score -= 2;
      else if (sections?.pool.state === 'failed' || sections?.probe.state === 'failed' || this.glusterdNotAnswering(name)) score += 4;
      if (this.slow.has(`${name} ${command.text}`)) score += 8;
      return score;
    };
    return names.map((name, i) => ({ name, i, r: rank(name) })).sort((a, b) => a.r - b.r || a.i - b.i).map((c) => c.name);
  }

  /**
   * `check` says why a parsed answer cannot be right (or nothing): such an
   * answer, like "another transaction is in progress", is asked again after a
   * pause and, if it stays, is unknown: never a finding.
   */
  private async onPrimary<T>(command: Command, parse: (xml: string) => T, timeoutMs: number, check?: (value: T) => Promise<string | undefined>): Promise<{ value: T; source: string }> {
    let lastError: unknown = new QueryFailure('unreachable', 'no host to ask');
    for (const host of this.candidates(command)) {
      for (let attempt = 0; ; attempt++) {
        try {
          const value = parse(await this.exec(host, command, timeoutMs));
          const wrong = check ? await check(value) : undefined;
          if (wrong) throw new QueryFailure('implausible', `${host}: ${wrong}`);
          this.slow.delete(`${host} ${command.text}`);
          if (this.snap.primary !== host) this.update({ primary: host });
          return { value, source: host };
        } catch (err) {
          if (this.stopped || isCancelled(err)) throw err;
          const kind = classifyError(err).kind;
          const pause = RETRY_PAUSES_MS[attempt];
          if ((kind === 'busy' || kind === 'implausible') && pause !== undefined) {
            await this.pause(pause);
            continue;
          }
          if (kind === 'timeout') this.slow.add(`${host} ${command.text}`);
          // This host's own probe found its glusterd running but not answering: the timeout is about it, ask another.
          if (kind === 'timeout' && this.glusterdNotAnswering(host)) {
            lastError = Object.assign(err as object, { source: host });
            break;
          }
          // A definite answer from glusterd (opRet) is the cluster's answer; anything about this host is not.
          // A busy or impossible answer is about the cluster too: another host would say the same.
          if (kind === 'failed' || kind === 'busy' || kind === 'implausible') throw Object.assign(err as object, { source: host });
          lastError = Object.assign(err as object, { source: host });
          if (kind === 'timeout') throw lastError;
          break;
        }
      }
    }
    throw lastError;
  }

  /** SSH answers and glusterd runs there, but its CLI got no answer from it. */
  private glusterdNotAnswering(host: string): boolean {
    const sections = this.snap.host[host];
    return sections?.probe.state === 'ok' && sections.probe.value?.glusterd === 'running' && sections.pool.state === 'unknown';
  }

  /** Waits, unless the poller stops meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(done, ms);
      this.controller.signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
    });
  }

  /** Why a status answer cannot be right, judged against this refresh's volume info (nothing when that is not current). */
  private async statusCheck(status: VolumeStatus[]): Promise<string | undefined> {
    await this.volumeInfoDone;
    const volumes = current(this.snap.volumes);
    if (!volumes) return undefined;
    const silent = startedButSilent(volumes, status);
    return silent.length > 0 ? `volume status lists no brick or daemon of started volume${silent.length === 1 ? '' : 's'} ${silent.join(', ')} (glusterd busy with another operation?)` : undefined;
  }

  private async statusOf(): Promise<void> {
    await this.section(
      () => this.snap.status,
      (s) => this.update({ status: s }),
      () => this.onPrimary(volumeStatusXml('all'), parseVolumeStatus, this.timeouts.query, (status) => this.statusCheck(status)),
    );
  }

  /** The device each mounted brick lives on, from a host's own check: what to mount if it goes missing after a reboot. */
  private rememberDevices(host: string, mounts: HostMounts): void {
    const devices = { ...this.snap.brickDevices };
    let changed = false;
    for (const v of this.snap.volumes.value ?? []) {
      for (const brick of v.bricks) {
        if (inventoryHostFor(this.options.hosts, brick.host)?.name !== host) continue;
        const path = mounts.paths.find((p) => p.path === brick.path);
        if (!path?.exists || path.onRootFs || !path.mountSource.startsWith('/dev/')) continue;
        if (devices[brick.name] !== path.mountSource) {
          devices[brick.name] = path.mountSource;
          changed = true;
        }
      }
    }
    if (changed) this.update({ brickDevices: devices });
  }

  /** Per volume: options (when stale), heal info (replicate/disperse, started), split-brain files and entries when wanted. */
  private volumeJobs(volumes: readonly VolumeInfo[]): Promise<void>[] {
    const jobs: Promise<void>[] = [];
    for (const v of volumes) {
      const options = this.snap.options[v.name];
      const basis = JSON.stringify(v.options);
      const stale = options?.state !== 'ok' || options.at === undefined || this.now() - options.at >= OPTIONS_MAX_AGE_MS || this.optionsBasis.get(v.name) !== basis;
      if (stale && options?.busySince === undefined) {
        jobs.push(
          this.run(`options:${v.name}`, () => {
            this.optionsBasis.set(v.name, basis);
            return this.keyed('options', v.name, volumeGetXml(v.name), parseVolumeGet, this.timeouts.query);
          }),
        );
      }
      if (v.status === 1 && isHealed(v)) {
        jobs.push(this.run(`heal:${v.name}`, () => this.healOf(v)));
        if (this.watched.has(v.name)) {
          jobs.push(this.splitBrainOf(v.name));
          jobs.push(this.run(`entries:${v.name}`, () => this.keyed('entries', v.name, healInfoXml(v.name), parseHealInfo, this.timeouts.heal)));
        }
      }
    }
    return jobs;
  }

  /** volume info, then what it reveals that the refresh did not start with: new volumes, new bricks. */
  private async volumesAndDependents(): Promise<void> {
    const before = new Map((this.snap.volumes.value ?? []).map((v) => [v.name, JSON.stringify(v)]));
    const info = this.section(
      () => this.snap.volumes,
      (s) => this.update({ volumes: s }),
      () => this.onPrimary(volumeInfoXml(), parseVolumeInfo, this.timeouts.query),
    );
    this.volumeInfoDone = info;
    await info;
    const volumes = this.snap.volumes.value ?? [];
    const jobs = this.volumeJobs(volumes.filter((v) => before.get(v.name) !== JSON.stringify(v)));
    for (const host of this.options.hosts) {
      const paths = this.brickPaths(host, volumes);
      if (paths.length > 0 && this.mountsAsked.get(host.name) !== paths.join('\n')) jobs.push(this.run(`mounts:${host.name}`, () => this.mountsOf(host, volumes)));
    }
    await Promise.all(jobs);
  }

  private keyed<T>(field: 'options' | 'heal' | 'splitBrain' | 'entries', volume: string, command: Command, parse: (xml: string) => T, timeoutMs: number): Promise<void> {
    return this.section(
      () => this.snap[field][volume] as Section<T> | undefined,
      (s) => this.setKeyed(field, volume, s as Section<unknown>),
      () => this.onPrimary(command, parse, timeoutMs),
    ).then(() => undefined);
  }

  private async healOf(volume: VolumeInfo): Promise<void> {
    const bricks = await this.section(
      () => this.snap.heal[volume.name],
      (s) => this.setKeyed('heal', volume.name, s as Section<unknown>),
      () => this.onPrimary(healInfoSummaryXml(volume.name), parseHealSummary, this.timeouts.heal),
    );
    if (!bricks) return;
    // Counts from bricks that did not answer are unknown: a partial sum is no sample for the trend.
    if (volume.bricks.some((b) => bricks.find((x) => x.name === b.name)?.pending === undefined)) return;
    const sample: HealSample = { at: this.now(), pending: 0, splitBrain: 0, perBrick: {} };
    const pending = new Map<string, number>();
    const split = new Map<string, number>();
    for (const b of bricks) {
      if (b.pending !== undefined) {
        pending.set(b.name, b.pending);
        sample.perBrick[b.name] = b.pending;
      }
      if (b.splitBrain !== undefined) split.set(b.name, b.splitBrain);
    }
    sample.pending = volumeCount(volume, pending);
    sample.splitBrain = volumeCount(volume, split);
    const history = [...(this.snap.healHistory[volume.name] ?? []), sample].slice(-HISTORY);
    this.update({ healHistory: { ...this.snap.healHistory, [volume.name]: history } });
    // Which files: asked as soon as there are any, so one refresh can name them.
    if (sample.splitBrain > 0) await this.splitBrainOf(volume.name);
  }

  private splitBrainOf(volume: string): Promise<void> {
    return this.run(`split-brain:${volume}`, () => this.keyed('splitBrain', volume, healInfoSplitBrainXml(volume), parseHealInfo, this.timeouts.heal));
  }
}

export type { QueryError };

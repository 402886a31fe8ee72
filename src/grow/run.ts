// Growing a volume, end to end, for `gluster-console expand` and the console's
// grow screen alike: the setup steps for the new hosts only (host entries on
// every node old and new, install, bricks, probe from a member), then the
// add-brick the grow plan proposes (shown, run through the one runner, checked
// in volume info again), then a rebalance followed until gluster says
// completed, then the new hosts' mounts. Nothing here decides "done" from a
// command's exit: every phase ends by reading the cluster again.
import type { Inventory } from '../config/inventory.js';
import { poolListXml, rebalanceStart, rebalanceStatusText, rebalanceStatusXml, volumeAddBrick, volumeInfoXml } from '../gluster/commands.js';
import type { PeerFacts } from '../gluster/layout/types.js';
import { migrationOutcome, parseMigrationEstimate, type MigrationOutcome } from '../gluster/migration.js';
import { parseCliOutput, parseMigrationStatus, parsePoolList, parseVolumeInfo, type MigrationStatus, type VolumeInfo } from '../gluster/xml/index.js';
import type { PlanItem } from '../plan/item.js';
import { runItems } from '../plan/runner.js';
import { GLUSTERD_BUSY_RETRY } from '../steps/busy.js';
import { runStep, type RunOptions, type StepOutcome } from '../steps/engine.js';
import { bricksStep } from '../steps/bricks.js';
import { hostsStep } from '../steps/hosts.js';
import { installStep } from '../steps/install.js';
import { intentWith, type SetupIntent } from '../steps/intent.js';
import { mountStep } from '../steps/mount.js';
import { probeStep } from '../steps/probe.js';
import { readHosts } from '../steps/read.js';
import type { StepContext, StepDefinition } from '../steps/types.js';
import { inventoryHostOf } from '../shrink/plan.js';
import { growBrickMount, planGrow, type GrowDecision, type GrowPlan } from './plan.js';
import { PEER_IN_CLUSTER } from '../gluster/xml/peer-status.js';

/** The audit log's source for what the grow runs itself (the steps record their own ids). */
export const GROW_SOURCE = 'expand';

export interface GrowRequest {
  inventory: Inventory;
  volume: string;
  /** Inventory names of the joining hosts. */
  hosts: readonly string[];
  mountPath?: string;
  dryRun?: boolean;
}

export interface GrowEvents extends RunOptions {
  /** A phase starts: a setup step's title, "Add bricks", "Rebalance", "Mount". */
  onPhase?(title: string, summary: string): void;
  onStepEnd?(title: string, outcome: StepOutcome): void;
  /** The add-brick as proposed (before it runs; again after the probe with the pool's facts). */
  onProposal?(plan: GrowDecision, anchor: string): void;
  /** The exact commands of a grow phase, before approval. */
  approveItems?(title: string, items: readonly PlanItem[]): Promise<boolean>;
  onProgress?(status: MigrationStatus, outcome: MigrationOutcome): void;
  /** Something worth a line that is not a host's state. */
  onNote?(line: string): void;
  /** How often the rebalance status is read. */
  progressIntervalMs?: number;
}

export type GrowResult =
  | { state: 'done'; volume: VolumeInfo; added: string[]; rebalance?: MigrationStatus }
  | { state: 'dry-run'; pending: boolean }
  | { state: 'declined' }
  | { state: 'failed'; phase: string; reason: string };

interface Ctx extends Omit<StepContext, 'inventory' | 'intent'> {}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** `volume info VOL --xml` from the first member that answers it; the member is the anchor the grow runs gluster on. */
export async function readVolumeFromMembers(ctx: Ctx, members: readonly string[], volume: string): Promise<{ host: string; volume: VolumeInfo } | { reason: string }> {
  const answers = await readHosts(ctx, members, () => volumeInfoXml(volume), (r) => r.stdout.trim().startsWith('<'));
  const why: string[] = [];
  for (const host of members) {
    const r = answers.results[host];
    if (!r) {
      why.push(`${host}: ${answers.errors[host] ?? 'no answer'}`);
      continue;
    }
    try {
      const info = parseVolumeInfo(r.stdout).find((v) => v.name === volume);
      if (info) return { host, volume: info };
      why.push(`${host}: no volume ${volume}`);
    } catch (err) {
      why.push(`${host}: ${(err as Error).message}`);
    }
  }
  return { reason: `no member answered volume info for ${volume}: ${why.join('; ')}` };
}

/** The pool as the anchor sees it, for the validator (its own entry, "localhost", under its name). */
async function readPeers(ctx: Ctx, anchor: string): Promise<PeerFacts[] | undefined> {
  const answers = await readHosts(ctx, [anchor], () => poolListXml());
  const r = answers.results[anchor];
  if (!r) return undefined;
  try {
    return parsePoolList(r.stdout).map((p) => {
      const self = p.hostname === 'localhost';
      return { name: self ? anchor : p.hostname, aliases: self ? [] : p.hostnames, connected: p.connected, inCluster: p.state === PEER_IN_CLUSTER };
    });
  } catch {
    return undefined;
  }
}

async function readMigration(ctx: Ctx, anchor: string, volume: string): Promise<MigrationStatus | { reason: string }> {
  const answers = await readHosts(ctx, [anchor], () => rebalanceStatusXml(volume), (r) => r.stdout.trim().startsWith('<'));
  const r = answers.results[anchor];
  if (!r) return { reason: answers.errors[anchor] ?? 'no answer' };
  try {
    const status = parseMigrationStatus(r.stdout, 'rebalance');
    const named = { ...status, nodes: status.nodes.map((n) => (n.local ? { ...n, name: anchor } : n)) };
    // 10.3 gives its estimate in plain text only, after 10 minutes: ask for it only then.
    if (named.started && (named.aggregate?.runtimeSeconds ?? 0) >= 600 && named.estimatedSecondsLeft === undefined) {
      const text = await readHosts(ctx, [anchor], () => rebalanceStatusText(volume), () => true);
      const est = parseMigrationEstimate(text.results[anchor]?.stdout ?? '');
      if (est !== undefined) return { ...named, estimatedSecondsLeft: est };
    }
    return named;
  } catch (err) {
    return { reason: (err as Error).message };
  }
}

/** Runs a grow phase's items through the one runner (audited); gluster's --xml verdict (opRet) decides, not the exit status. */
async function runGlusterItems(ctx: Ctx, items: PlanItem[], events: GrowEvents): Promise<string | null> {
  const outcome = await runItems(items, {
    executor: ctx.executor,
    source: GROW_SOURCE,
    ...(ctx.audit ? { audit: ctx.audit } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.commandTimeout ? { timeoutMs: ctx.commandTimeout.ms, timeoutHint: ctx.commandTimeout.hint } : {}),
    onOutput: (item, chunk) => events.onOutput?.(item.host, chunk),
  });
  if (outcome.failed) return outcome.failed.cancelled ? 'cancelled' : (outcome.failed.error ?? 'failed');
  for (const o of outcome.outcomes) {
    try {
      const out = parseCliOutput(o.result?.stdout ?? '');
      if (!out.ok) return out.opErrstr || `opRet ${out.opRet}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  return null;
}

/** The members: inventory hosts holding bricks of the volume (the new hosts aside). */
export function volumeMembers(volume: VolumeInfo, inventory: Inventory, joining: readonly string[]): string[] {
  const names = new Set(volume.bricks.map((b) => inventoryHostOf(b.host, inventory)?.name).filter((n): n is string => n !== undefined));
  return inventory.hosts.map((h) => h.name).filter((n) => names.has(n) && !joining.includes(n));
}

export async function runGrow(ctx: Ctx, req: GrowRequest, events: GrowEvents = {}): Promise<GrowResult> {
  const { inventory } = req;
  const fail = (phase: string, reason: string): GrowResult => ({ state: 'failed', phase, reason });
  const joining = [...req.hosts];
  const candidates = inventory.hosts.map((h) => h.name).filter((n) => !joining.includes(n));
  const first = await readVolumeFromMembers(ctx, candidates, req.volume);
  if ('reason' in first) return fail('Volume', first.reason);
  const anchor = first.host;
  const proposal = planGrow({ volume: first.volume, inventory, hosts: joining });
  events.onProposal?.(proposal, anchor);
  if (!proposal.ok) return fail('Add bricks', proposal.reasons.join('; '));

  const members = volumeMembers(first.volume, inventory, joining);
  const pick = (names: readonly string[]): Inventory => ({ hosts: inventory.hosts.filter((h) => names.includes(h.name)) });
  const everyone = pick([...members, ...joining]);
  const brickMount = growBrickMount(first.volume)!;
  const intent: SetupIntent = intentWith({ volumeName: req.volume, brickMount, ...(req.mountPath ? { mountPath: req.mountPath } : {}) });
  const stepOptions: RunOptions = { ...events, ...(req.dryRun ? { dryRun: true } : {}) };
  let pending = proposal.words.length > 0;

  // The setup's steps, each on the hosts it concerns: every node learns the new names; only the new ones are installed and given bricks; a member probes them.
  const steps: Array<[StepDefinition<any>, Inventory]> = [
    [hostsStep, everyone],
    [installStep, pick(joining)],
    [bricksStep, pick(joining)],
    [probeStep, everyone],
  ];
  for (const [step, inv] of steps) {
    if (ctx.signal?.aborted) return fail(step.title, 'cancelled');
    events.onPhase?.(step.title, step.summary);
    const outcome = await runStep(step, { ...ctx, inventory: inv, intent }, stepOptions);
    events.onStepEnd?.(step.title, outcome);
    if (outcome.declined) return { state: 'declined' };
    if (!outcome.done) {
      if (req.dryRun) pending = true;
      else return fail(step.title, outcome.hosts.filter((h) => h.status !== 'done').map((h) => `${h.host}: ${h.message ?? h.status}`).join('; '));
    }
  }

  events.onPhase?.('Add bricks', `whole sets on the new hosts, checked by the layout validator, run on ${anchor}`);
  let added: string[] = [];
  if (proposal.words.length > 0) {
    // Again with the pool as it is now (the new hosts probed): the validator checks they are peers.
    const now = req.dryRun ? first : await readVolumeFromMembers(ctx, [anchor, ...members.filter((m) => m !== anchor)], req.volume);
    if ('reason' in now) return fail('Add bricks', now.reason);
    const peers = req.dryRun ? undefined : await readPeers(ctx, anchor);
    const checked = planGrow({ volume: now.volume, inventory, hosts: joining, ...(peers ? { peers } : {}) });
    if (!req.dryRun) events.onProposal?.(checked, anchor);
    if (!checked.ok) return fail('Add bricks', checked.reasons.join('; '));
    if (checked.words.length > 0) {
      if (checked.verdict && !checked.verdict.accepted) {
        return fail('Add bricks', `the layout validator refuses it: ${checked.verdict.errors.map((e) => `${e.message} (${e.fix})`).join('; ')}`);
      }
      const items: PlanItem[] = [{ host: anchor, command: volumeAddBrick(req.volume, checked.words), why: `add ${checked.sets.length} set${checked.sets.length === 1 ? '' : 's'}: ${checked.layoutBefore} becomes ${checked.layoutAfter}`, retry: GLUSTERD_BUSY_RETRY }];
      if (req.dryRun) return { state: 'dry-run', pending: true };
      if (events.approveItems && !(await events.approveItems('Add bricks', items))) return { state: 'declined' };
      const problem = await runGlusterItems(ctx, items, events);
      if (problem) return fail('Add bricks', `gluster refused the add-brick: ${problem}`);
      const after = await readVolumeFromMembers(ctx, [anchor], req.volume);
      if ('reason' in after) return fail('Add bricks', after.reason);
      const missing = checked.words.filter((w) => !after.volume.bricks.some((b) => b.name === w));
      if (missing.length > 0) return fail('Add bricks', `volume info does not list ${missing.join(', ')} after the add-brick`);
      events.onNote?.(`volume info: ${req.volume} is ${checkedLayout(after.volume)}`);
      added = checked.words;
    }
  } else {
    events.onNote?.(proposal.notes.join('; ') || 'nothing to add');
  }
  if (req.dryRun) return { state: 'dry-run', pending };

  // Rebalance: started when bricks were added now, or when an earlier run added them and no rebalance finished since.
  events.onPhase?.('Rebalance', `spread the files over the new sets (gluster volume rebalance ${req.volume} start), followed until completed`);
  const latest = await readVolumeFromMembers(ctx, [anchor], req.volume);
  if ('reason' in latest) return fail('Rebalance', latest.reason);
  let rebalance: MigrationStatus | undefined;
  if (Math.max(latest.volume.distCount, 1) > 1 || added.length > 0) {
    const before = await readMigration(ctx, anchor, req.volume);
    if ('reason' in before) return fail('Rebalance', before.reason);
    const state = migrationOutcome(before).state;
    if (added.length > 0 || state === 'not-started' || state === 'failed' || state === 'stopped') {
      const items: PlanItem[] = [{ host: anchor, command: rebalanceStart(req.volume), why: `move files onto the new sets of ${req.volume}`, retry: GLUSTERD_BUSY_RETRY }];
      if (events.approveItems && !(await events.approveItems('Rebalance', items))) return { state: 'declined' };
      const problem = await runGlusterItems(ctx, items, events);
      if (problem) return fail('Rebalance', `gluster refused the rebalance: ${problem}`);
    } else {
      events.onNote?.(`rebalance: ${migrationOutcome(before).reason}`);
    }
    const result = await followRebalance(ctx, anchor, req.volume, events);
    if ('reason' in result) return fail('Rebalance', result.reason);
    rebalance = result;
  }

  events.onPhase?.(mountStep.title, `the new hosts mount ${req.volume} at ${intent.mountPath}`);
  const mounted = await runStep(mountStep, { ...ctx, inventory: pick(joining), intent }, stepOptions);
  events.onStepEnd?.(mountStep.title, mounted);
  if (mounted.declined) return { state: 'declined' };
  if (!mounted.done) return fail(mountStep.title, mounted.hosts.filter((h) => h.status !== 'done').map((h) => `${h.host}: ${h.message ?? h.status}`).join('; '));
  const final = await readVolumeFromMembers(ctx, [anchor], req.volume);
  if ('reason' in final) return fail('Mount', final.reason);
  return { state: 'done', volume: final.volume, added, ...(rebalance ? { rebalance } : {}) };
}

const checkedLayout = (v: VolumeInfo) => `${v.typeStr}, ${v.brickCount} bricks in ${Math.max(v.distCount, 1)} set${v.distCount > 1 ? 's' : ''}`;

/** Reads the rebalance status until it is no longer running; completed needs zero failures on every node. */
export async function followRebalance(ctx: Ctx, anchor: string, volume: string, events: GrowEvents): Promise<MigrationStatus | { reason: string }> {
  const interval = events.progressIntervalMs ?? 2000;
  let misses = 0;
  for (;;) {
    if (ctx.signal?.aborted) return { reason: 'cancelled (the rebalance goes on in glusterd: see gluster volume rebalance VOL status)' };
    const status = await readMigration(ctx, anchor, volume);
    if ('reason' in status) {
      // glusterd may be busy for a moment (another transaction): a few misses in a row are tolerated.
      if (++misses >= 5) return status;
    } else {
      misses = 0;
      const outcome = migrationOutcome(status);
      events.onProgress?.(status, outcome);
      if (outcome.state === 'completed') return status;
      if (outcome.state !== 'running') return { reason: outcome.reason };
    }
    await sleep(interval, ctx.signal);
  }
}

export type { GrowPlan };

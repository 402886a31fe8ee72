// The same checks for `gluster volume add-brick VOL [replica N [arbiter 1]]
// BRICK... [force]` (cli_cmd_volume_add_brick_parse, __glusterd_handle_add_brick,
// glusterd_op_stage_add_brick in 10.3): new bricks come in whole sets, or raise
// the replica count by exactly one brick per set and step; the result is
// summarized as the volume it will become.
import { checkBrickList } from './brick-checks.js';
import { canonicalPath, isSameOrParent } from './bricks.js';
import type { ResolvedLayout } from './resolve.js';
import { forceWarning, notChecked, rulesOrError, unusableVerdict } from './rules.js';
import { groupSets, hostIdentity } from './sets.js';
import { stageBricks } from './staging.js';
import { summarize } from './summary.js';
import { layoutWarnings, sameHostProblems } from './warnings.js';
import type { BrickInput, HostFacts, NotCheckedCode, Problem, Verdict, Warning } from './types.js';

export interface ExistingVolume {
  name: string;
  /** replicaCount as volume info reports it (1 for distribute and disperse); with an arbiter, 3. */
  replica: number;
  arbiter: number;
  disperse: number;
  redundancy: number;
  thinArbiter?: boolean;
  /** The volume's bricks in order. */
  bricks: BrickInput[];
  status: 'created' | 'started' | 'stopped';
  /** Bricks of the volume that are down now; unknown means not checked. */
  bricksDown?: number;
}

export interface AddBrickInput extends HostFacts {
  glusterVersion?: string;
  volume: ExistingVolume;
  replica?: number;
  arbiter?: number;
  bricks: BrickInput[];
  force?: boolean;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function layoutOf(v: { replica: number; arbiter: number; disperse: number; redundancy: number; thinArbiter?: boolean }): ResolvedLayout {
  const kind = v.disperse > 0 ? 'disperse' : v.replica > 1 ? 'replicate' : 'distribute';
  return {
    kind,
    replica: kind === 'disperse' ? 1 : v.replica,
    arbiter: v.arbiter,
    thinArbiter: v.thinArbiter === true,
    disperse: v.disperse,
    redundancy: v.redundancy,
    stripe: 1,
    transport: 'tcp',
    setSize: kind === 'disperse' ? v.disperse : Math.max(1, v.replica),
  };
}

/** The volume's bricks after the add, in gluster's order: new sets at the end, or new replicas inside each set. */
function resultingBricks(old: readonly BrickInput[], added: readonly BrickInput[], oldSet: number, newSet: number): BrickInput[] {
  if (newSet === oldSet) return [...old, ...added];
  const perSet = newSet - oldSet;
  return groupSets(old.length, oldSet).flatMap((set, s) => [...set.map((i) => old[i]!), ...added.slice(s * perSet, (s + 1) * perSet)]);
}

export function validateAddBrick(input: AddBrickInput): Verdict {
  const rules = rulesOrError(input.glusterVersion);
  if (!('opwords' in rules)) return unusableVerdict([rules]);
  const v = input.volume;
  const force = input.force === true;
  const id = hostIdentity(input.peers);
  const errors: Problem[] = [];
  const warnings: Warning[] = [];
  const unchecked: NotCheckedCode[] = [];
  const current = layoutOf(v);
  const leaf = current.setSize;
  const count = input.bricks.length;
  const total = v.bricks.length + count;
  let target = current;

  if (count === 0) errors.push({ code: 'no-bricks', message: 'no new bricks are given', fix: 'list the new bricks as HOST:/PATH', gluster: 'No bricks specified' });
  if (input.replica !== undefined && input.replica < 2) {
    errors.push({ code: 'replica-too-small', message: `replica ${input.replica} is not replication`, fix: 'leave replica out to add whole sets, or give the new, higher replica count', gluster: 'replica count should be greater than 1' });
  } else if (input.arbiter !== undefined && (input.arbiter !== 1 || input.replica !== 3)) {
    errors.push({
      code: 'arbiter-invalid',
      message: 'add-brick takes an arbiter only as "replica 3 arbiter 1" (turning replica 2 into 2 + 1)',
      fix: 'write "replica 3 arbiter 1" followed by one arbiter brick per set',
      gluster: 'For arbiter configuration, replica count must be 3 and arbiter count must be 1. The 3rd brick of the replica will be the arbiter',
    });
  } else if (input.replica === undefined || (current.kind === 'replicate' && input.replica === current.replica && !(input.arbiter && !v.arbiter))) {
    if (current.kind !== 'distribute' && !(v.bricks.length < leaf && total <= leaf) && count % leaf !== 0) {
      errors.push({
        code: 'add-brick-count',
        message: `${plural(count, 'new brick')} do not make whole sets of ${leaf}`,
        fix: `add ${plural(leaf - (count % leaf), 'more brick')}${count > leaf ? ` or ${plural(count % leaf, 'brick')} fewer` : ''}: each new set needs ${leaf}`,
        gluster: `Incorrect number of bricks supplied ${count} with count ${leaf}`,
      });
    }
  } else if (current.kind === 'disperse') {
    errors.push({ code: 'add-brick-disperse', message: 'a dispersed volume cannot take a replica count', fix: 'add whole disperse sets without "replica"', gluster: `Volume ${v.name} cannot be converted from dispersed to replicated-dispersed` });
  } else if (current.kind === 'replicate' && input.replica < current.replica) {
    errors.push({ code: 'add-brick-replica', message: `replica ${input.replica} is lower than the volume's replica ${current.replica}`, fix: 'lowering the replica count is remove-brick\'s job', gluster: `Incorrect replica count (${input.replica}) supplied. Volume already has (${current.replica})` });
  } else if (current.kind === 'replicate' && input.replica === current.replica) {
    errors.push({ code: 'add-brick-arbiter', message: `a replica ${current.replica} volume cannot be turned into an arbiter volume`, fix: 'only replica 2 becomes 2 + 1 with "replica 3 arbiter 1"', gluster: 'Cannot convert replica 3 volume to arbiter volume.' });
  } else {
    const sets = v.bricks.length / leaf;
    const need = sets * (input.replica - current.replica);
    if (count !== need) {
      errors.push({
        code: 'add-brick-count',
        message: `raising replica ${current.replica} to ${input.replica} on ${plural(sets, 'set')} takes exactly ${plural(need, 'brick')} (one per set and step), not ${count}`,
        fix: `give ${plural(need, 'new brick')}, in set order`,
        gluster: current.kind === 'distribute' ? `Incorrect number of bricks (${count}) supplied for replica count (${input.replica}).` : 'Operation failed',
      });
    } else {
      if (v.status === 'stopped' && current.kind === 'replicate') {
        errors.push({ code: 'add-brick-stopped', message: `${v.name} is stopped: its replica count can only be raised while it runs`, fix: `start it first: gluster volume start ${v.name}`, gluster: 'Volume must not be in stopped state when replica-count needs to be increased.' });
      }
      if (v.arbiter > 0) {
        errors.push({ code: 'add-brick-arbiter', message: `${v.name} has an arbiter: its replica count cannot be raised`, fix: 'add whole 2 + 1 sets instead', gluster: 'Increasing replica count for arbiter volumes is not supported.' });
      }
      if (!force) {
        if (v.bricksDown === undefined) unchecked.push('bricks-up');
        else if (v.bricksDown > 0 && current.kind === 'replicate') {
          errors.push({ code: 'add-brick-replica', message: `${plural(v.bricksDown, 'brick')} of ${v.name} ${v.bricksDown === 1 ? 'is' : 'are'} down: changing the replica count needs every brick up`, fix: 'bring the bricks up (gluster volume start VOL force) and wait for heals first', gluster: "Brick ... is down, changing replica count needs all the bricks to be up to avoid data loss", forceable: true });
        }
      }
      target = layoutOf({ replica: input.replica, arbiter: input.arbiter ?? 0, disperse: 0, redundancy: 0 });
    }
  }

  const list = checkBrickList(input.bricks, undefined, rules, v.name);
  errors.push(...list.errors);
  const forced: Problem[] = [];
  // glusterd refuses a new brick that is, contains or lies in a brick of any volume, this one included.
  input.bricks.forEach((b, i) => {
    if (!list.valid[i]) return;
    const path = canonicalPath(b.path);
    const hit = v.bricks.find((o) => id(o.host) === id(b.host) && (isSameOrParent(canonicalPath(o.path), path) || isSameOrParent(path, canonicalPath(o.path))));
    if (hit) {
      errors.push({
        code: 'overlaps-existing-brick',
        message: `brick ${i + 1} (${b.host}:${path}) ${canonicalPath(hit.path) === path ? 'is already a brick' : `overlaps the brick ${hit.host}:${hit.path}`} of ${v.name}`,
        fix: 'use a new directory beside the existing bricks',
        gluster: `Brick: ${b.host}:${path} not available. Brick may be containing or be contained by an existing brick.`,
        bricks: [i],
      });
    }
  });

  if (target !== current) {
    // Raising the replica count: glusterd wants every new brick on a host that holds none of the volume's bricks.
    const used = new Set(v.bricks.map((b) => id(b.host)));
    input.bricks.forEach((b, i) => {
      if (!list.valid[i] || !used.has(id(b.host))) return;
      (force ? forced : errors).push({
        code: 'same-host',
        message: `new brick ${i + 1} (${b.host}:${b.path}) is on ${b.host}, which already holds bricks of ${v.name}`,
        fix: 'put the new replicas on hosts that hold none of the volume\'s bricks',
        gluster: "Multiple bricks of a replicate volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior.",
        bricks: [i],
        forceable: true,
      });
    });
  }
  if (target === current) {
    for (const p of sameHostProblems(current, input.bricks, list.valid, id)) (force ? forced : errors).push(p);
  }

  const staged = stageBricks(input.bricks, list.valid, { force, ...(input.peers ? { peers: input.peers } : {}), id });
  errors.push(...staged.errors);
  forced.push(...staged.forced);
  warnings.push(...staged.warnings);
  unchecked.push(...staged.notChecked);

  let summary = null;
  if (!errors.some((e) => e.code.startsWith('add-brick') || e.code === 'replica-too-small' || e.code === 'arbiter-invalid' || e.code === 'no-bricks')) {
    const bricks = resultingBricks(v.bricks, input.bricks, current.setSize, target.setSize);
    if (bricks.length % target.setSize === 0) {
      summary = summarize(target, bricks, undefined, id);
      warnings.push(...layoutWarnings(target, bricks, rules, id, input.zones));
    }
  }
  const hidden = forceWarning(forced);
  if (hidden) warnings.push(hidden);
  return { accepted: errors.length === 0, usable: true, glusterVersion: rules.version.text, errors, warnings, notChecked: notChecked(unchecked), summary };
}

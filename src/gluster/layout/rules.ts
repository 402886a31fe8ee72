// The verdict on a `gluster volume create`: every rule the CLI and glusterd of
// the given version enforce (resolve.ts for the counts, brick-checks.ts for the
// brick words, staging.ts for what each host checks), the warnings beyond
// them, and the layout as gluster will report it. Pure: no I/O, no clock.
import { checkBrickList } from './brick-checks.js';
import { resolveLayout } from './resolve.js';
import { hostIdentity } from './sets.js';
import { stageBricks } from './staging.js';
import { summarize } from './summary.js';
import { defaultRules, parseGlusterVersion, rulesFor, type GlusterRules } from './version.js';
import { checkVolumeName } from './volume-name.js';
import { layoutWarnings, sameHostProblems } from './warnings.js';
import type { CreateInput, NotChecked, NotCheckedCode, Problem, Verdict, Warning } from './types.js';

const NOT_CHECKED: Record<NotCheckedCode, string> = {
  peers: 'every brick host is a connected peer in the pool',
  'root-partition': 'no brick is on the root partition',
  'mount-point': 'no brick directory is itself a mount point',
  'in-volume': 'no brick directory already belongs to a volume',
  'existing-bricks': 'no brick overlaps a brick of an existing volume',
  'parent-directory': "each brick's parent directory exists",
  'existing-volume': 'no volume of this name exists yet',
  'bricks-up': 'every brick of the volume is up (a replica change needs them all)',
  capacity: 'the usable capacity: some brick sizes are unknown',
};

export function notChecked(codes: Iterable<NotCheckedCode>): NotChecked[] {
  return [...new Set(codes)].map((code) => ({ code, message: NOT_CHECKED[code] }));
}

export function rulesOrError(version: string | undefined): GlusterRules | Problem {
  if (version === undefined) return defaultRules();
  const parsed = parseGlusterVersion(version);
  if (!parsed) {
    return { code: 'bad-version', message: `"${version}" is not a GlusterFS version`, fix: 'give it as MAJOR.MINOR, e.g. 10.3 or 3.4' };
  }
  return rulesFor(parsed);
}

export function unusableVerdict(problems: Problem[], version = ''): Verdict {
  return { accepted: false, usable: false, glusterVersion: version, errors: problems, warnings: [], notChecked: [], summary: null };
}

/** Turns the problems force lets through into one warning that names them. */
export function forceWarning(forced: readonly Problem[]): Warning | null {
  if (forced.length === 0) return null;
  return {
    code: 'force-hides',
    message: `force hides ${forced.length === 1 ? 'a real problem' : `${forced.length} real problems`}: ${forced.map((p) => p.message).join('; ')}`,
    fix: forced.map((p) => p.fix).filter((f, i, all) => all.indexOf(f) === i).join('; '),
    bricks: [...new Set(forced.flatMap((p) => p.bricks ?? []))],
  };
}

export function validateCreate(input: CreateInput): Verdict {
  const rules = rulesOrError(input.glusterVersion);
  if (!('opwords' in rules)) return unusableVerdict([rules]);
  const force = input.force === true;
  const id = hostIdentity(input.peers);
  const errors: Problem[] = [];
  const warnings: Warning[] = [];
  const unchecked: NotCheckedCode[] = [];
  const transport = input.layout.transport ?? 'tcp';

  let nameOk = true;
  if (input.volumeName !== undefined) {
    const nameProblems = checkVolumeName(input.volumeName, rules, transport);
    nameOk = nameProblems.length === 0;
    errors.push(...nameProblems);
    if (input.existingVolumes === undefined) unchecked.push('existing-volume');
    else if (input.existingVolumes.includes(input.volumeName)) {
      errors.push({
        code: 'volume-exists',
        message: `a volume named ${input.volumeName} exists already`,
        fix: `choose another name, or look at the existing volume: gluster volume info ${input.volumeName}`,
        gluster: `Volume ${input.volumeName} already exists`,
      });
    }
  }

  const resolution = resolveLayout(input.layout, input.bricks.length, rules);
  errors.push(...resolution.errors);
  warnings.push(...resolution.warnings);
  if (input.layout.thinArbiter === 1 && input.thinArbiterBrick === undefined && resolution.layout?.thinArbiter) {
    errors.push({ code: 'no-bricks', message: 'replica 2 thin-arbiter 1 needs the thin-arbiter brick as the last brick', fix: 'add the thin-arbiter brick (on a third host) after the data bricks' });
  }

  const list = checkBrickList(input.bricks, input.thinArbiterBrick, rules, nameOk ? input.volumeName : undefined);
  errors.push(...list.errors);

  const forced: Problem[] = [];
  const layout = resolution.layout;
  if (layout) {
    for (const p of sameHostProblems(layout, input.bricks, list.valid, id)) {
      if (rules.sameHost === 'question') {
        warnings.push({ code: 'same-host-question', message: `${p.message} (GlusterFS ${rules.version.text} asks before it goes on; --mode=script says yes)`, fix: p.fix, ...(p.bricks ? { bricks: p.bricks } : {}) });
      } else (force ? forced : errors).push(p);
    }
  }
  const staged = stageBricks(input.bricks, list.valid, { force, ...(input.peers ? { peers: input.peers } : {}), id });
  errors.push(...staged.errors);
  forced.push(...staged.forced);
  warnings.push(...staged.warnings);
  unchecked.push(...staged.notChecked);

  const summary = layout ? summarize(layout, input.bricks, input.thinArbiterBrick, id) : null;
  if (layout) warnings.push(...layoutWarnings(layout, input.bricks, rules, id, input.zones));
  const hidden = forceWarning(forced);
  if (hidden) warnings.push(hidden);
  if (summary && summary.capacityBytes === null && input.bricks.some((b) => b.sizeBytes !== undefined)) unchecked.push('capacity');

  return {
    accepted: errors.length === 0,
    usable: true,
    glusterVersion: rules.version.text,
    errors,
    warnings,
    notChecked: notChecked(unchecked),
    summary,
  };
}

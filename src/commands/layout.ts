// `gluster-console layout check [--gluster-version V] [--json] WORDS...`: the
// offline verdict on a `gluster volume create`, for operators who paste the
// command they are about to run. Exit 0: glusterd would accept it; 1: it
// would refuse it; 2: the input is unusable.
import { formatBytes } from '../format-bytes.js';
import { checkCreateWords, NEWEST_GLUSTER, type Verdict } from '../gluster/layout/index.js';

export const LAYOUT_USAGE = `Usage: gluster-console layout check [--gluster-version V] [--json] WORDS...
  WORDS are what follows the volume name in "gluster volume create", e.g.
    gluster-console layout check replica 3 arbiter 1 node1:/bricks/b node2:/bricks/b node3:/bricks/b
  or the whole command as you would run it:
    gluster-console layout check sudo gluster volume create gv0 replica 3 node1:/bricks/b ...
  --gluster-version V   the GlusterFS version to check against (default: newest, ${NEWEST_GLUSTER})
  --json                the verdict as JSON
  Exit status: 0 glusterd would accept it, 1 it would refuse it, 2 unusable input.
  Checks that need the hosts (root partition, existing bricks, peers) are listed as not checked.`;

export function formatVerdict(v: Verdict): string {
  const lines: string[] = [];
  const version = `GlusterFS ${v.glusterVersion}`;
  lines.push(v.accepted ? `ACCEPTED: ${version} would create this volume` : `REFUSED: ${version} would refuse this command`);
  if (v.summary) {
    const s = v.summary;
    lines.push('', `Layout: ${s.type}, ${s.text}${s.transport === 'tcp' ? '' : ` (transport ${s.transport})`}`);
    for (const set of s.sets) {
      const bricks = set.bricks.map((b) => `${b.host}:${b.path}${b.zone ? ` [${b.zone}]` : ''}${b.role === 'arbiter' ? ' (arbiter)' : ''}`).join('  ');
      lines.push(`  ${s.setSize > 1 ? `set ${set.index + 1}` : `brick ${set.index + 1}`}: ${bricks}`);
    }
    if (s.thinArbiterBrick) lines.push(`  thin-arbiter: ${s.thinArbiterBrick.host}:${s.thinArbiterBrick.path}`);
    lines.push(`Survives: ${s.survives.text}`);
    if (s.capacityBytes !== null && s.rawBytes !== null) lines.push(`Capacity: ${formatBytes(s.capacityBytes)} usable of ${formatBytes(s.rawBytes)} raw`);
  }
  if (v.errors.length > 0) {
    lines.push('', v.accepted ? 'Problems:' : 'Why it is refused:');
    for (const e of v.errors) {
      lines.push(`  x ${e.message}`, `    fix: ${e.fix}`);
      if (e.gluster) lines.push(`    gluster says: ${e.gluster}`);
    }
  }
  if (v.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of v.warnings) {
      lines.push(`  ! ${w.message}`);
      if (w.fix) lines.push(`    fix: ${w.fix}`);
    }
  }
  if (v.notChecked.length > 0) {
    lines.push('', 'Not checked offline (needs the hosts):');
    for (const n of v.notChecked) lines.push(`  - ${n.message}`);
  }
  return `${lines.join('\n')}\n`;
}

interface LayoutArgs {
  json: boolean;
  help: boolean;
  glusterVersion?: string;
  words: string[];
}

function parseLayoutArgs(argv: readonly string[]): LayoutArgs | string {
  const args: LayoutArgs = { json: false, help: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--gluster-version') {
      const value = argv[i + 1];
      if (value === undefined) return '--gluster-version needs a version, e.g. --gluster-version 10.3';
      args.glusterVersion = value;
      i++;
    } else if (a.startsWith('--gluster-version=')) args.glusterVersion = a.slice('--gluster-version='.length);
    else args.words.push(a);
  }
  return args;
}

export async function layoutMain(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${LAYOUT_USAGE}\n`);
    return 0;
  }
  if (sub !== 'check') {
    process.stderr.write(`layout: ${sub === undefined ? 'which layout command?' : `unknown command "${sub}"`}\n${LAYOUT_USAGE}\n`);
    return 2;
  }
  const args = parseLayoutArgs(rest);
  if (typeof args === 'string') {
    process.stderr.write(`layout check: ${args}\n${LAYOUT_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${LAYOUT_USAGE}\n`);
    return 0;
  }
  const verdict = checkCreateWords(args.words, args.glusterVersion === undefined ? {} : { glusterVersion: args.glusterVersion });
  if (args.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  else if (!verdict.usable) {
    const lines = verdict.errors.map((e) => `layout check: ${e.message}\n  fix: ${e.fix}`);
    process.stderr.write(`${lines.join('\n')}\n`);
  } else process.stdout.write(formatVerdict(verdict));
  return !verdict.usable ? 2 : verdict.accepted ? 0 : 1;
}

// `gluster-console heat --inventory F [--min-per-zone N] [--max-per-zone M] [--output FILE] [--gluster-version X]`:
// writes the OpenStack Heat (HOT) template of the cluster the inventory plans,
// and next to it the server template its groups are made of. Both files are
// written whole or not at all (temporary file + rename). Exit 0 written; 2 bad
// input (nothing written).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InventoryError, readInventoryFile } from '../config/inventory.js';
import { printable } from '../config/validate.js';
import { NEWEST_GLUSTER } from '../gluster/layout/index.js';
import { HeatInputError, planHeat, type HeatOptions } from '../heat/plan.js';
import { heatTemplates, hotText } from '../heat/template.js';

export const HEAT_USAGE = `Usage: gluster-console heat --inventory FILE [--min-per-zone N] [--max-per-zone M] [--output FILE] [--gluster-version X]
  Writes an OpenStack Heat (HOT) template of the cluster the inventory plans: one server group per zone
  (size, minimum and maximum as parameters, in whole sets of the layout), an attached volume per server
  where the zone has volumes, a flavour with ephemeral storage where it has none (transientDevice),
  cloud-config that installs GlusterFS and prepares the brick as the bricks step does, scaling policies.
  --output FILE          the stack template (default gluster-cluster.yaml); the server template goes
                         next to it (FILE without .yaml, plus .server.yaml)
  --min-per-zone N       fewest servers per zone (default: the smallest size that keeps whole sets)
  --max-per-zone M       most servers per zone (default: two steps above the inventory's count)
  --gluster-version X    the GlusterFS the servers run (default ${NEWEST_GLUSTER}); decides whether stripe exists
  Create the stack with: openstack stack create -t FILE --parameter image=... --parameter key_name=... --parameter network=... NAME
  Exit status: 0 written, 2 bad input (nothing written).`;

interface HeatArgs extends HeatOptions {
  inventory?: string;
  output: string;
  help: boolean;
}

function wholeNumber(flag: string, value: string | undefined): number | string {
  if (value === undefined || !/^[0-9]{1,4}$/.test(value)) return `${flag} needs a whole number, e.g. ${flag} 3`;
  return Number(value);
}

function parseHeatArgs(argv: readonly string[]): HeatArgs | string {
  const args: HeatArgs = { output: 'gluster-cluster.yaml', help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      i++;
      return argv[i];
    };
    if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--inventory' || flag === '--output' || flag === '--gluster-version') {
      const v = value();
      if (v === undefined || v === '') return `${flag} needs a value`;
      if (flag === '--inventory') args.inventory = v;
      else if (flag === '--output') args.output = v;
      else args.glusterVersion = v;
    } else if (flag === '--min-per-zone' || flag === '--max-per-zone') {
      const n = wholeNumber(flag, value());
      if (typeof n === 'string') return n;
      if (flag === '--min-per-zone') args.minPerZone = n;
      else args.maxPerZone = n;
    } else return `unknown argument "${printable(a)}"`;
  }
  return args;
}

/** Writes every file to a temporary name first, then renames them: a failure leaves no half-written template. */
function writeWhole(files: Array<[path: string, text: string]>): void {
  const temps = files.map(([path]) => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`));
  try {
    files.forEach(([, text], i) => writeFileSync(temps[i]!, text, { mode: 0o644, flag: 'wx' }));
    // The server template first: a stack template on disk always finds the server template it names.
    files.forEach(([path], i) => renameSync(temps[i]!, path));
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
}

export async function heatMain(argv: string[]): Promise<number> {
  const args = parseHeatArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`heat: ${args}\n${HEAT_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HEAT_USAGE}\n`);
    return 0;
  }
  if (args.inventory === undefined) {
    process.stderr.write(`heat: --inventory FILE is needed (the hosts and zones to plan)\n${HEAT_USAGE}\n`);
    return 2;
  }
  if (resolve(args.output) === resolve(args.inventory)) {
    process.stderr.write('heat: --output is the inventory itself: give the template another file name\n');
    return 2;
  }
  try {
    const inventory = readInventoryFile(args.inventory);
    const plan = planHeat(inventory, args);
    const t = heatTemplates(plan, basename(args.inventory), basename(args.output));
    const serverPath = join(dirname(args.output), t.serverFile);
    writeWhole([[serverPath, hotText(t.server)], [args.output, hotText(t.stack)]]);
    const zones = plan.zones.map((z) => `  ${z.zone}: ${z.size} server${z.size === 1 ? '' : 's'} (${z.min}..${z.max}, steps of ${z.step}), ${z.storage === 'volume' ? `attached volume ${z.device}` : `transient disk ${z.device}`}`);
    process.stdout.write(
      [`wrote ${printable(args.output)} and ${printable(serverPath)}`, `layout: ${plan.layoutTitle} (GlusterFS ${plan.glusterVersion.text})`, ...zones, `stripe: ${plan.stripe}`, ''].join('\n'),
    );
    return 0;
  } catch (err) {
    if (err instanceof InventoryError || err instanceof HeatInputError) {
      process.stderr.write(`heat: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code === 'string') {
      process.stderr.write(`heat: cannot write the template: ${printable(e.message)}\n`);
      return 2;
    }
    throw err;
  }
}

// `gluster-console lab ...`: the command-line face of the lab.
import { parseArgs } from 'node:util';
import { defaultLabDir } from './paths.js';
import { labAdd } from './add.js';
import { LabError, labBoot, labCrash, labDown, labSilence, labStatus, labUp, type LabStatus } from './lab.js';

const LAB_USAGE = `Usage: gluster-console lab <up|add|status|crash|boot|silence|unsilence|down> [options]
  lab up [--nodes N] [--volumeless K]   start N bare nodes (default 3); the last K have no attached volume
  lab add [--volumeless]                one more bare node in the running lab (the next number), added to its inventory
  lab status [--json]                   what runs, per node
  lab crash I                           power cut of node I
  lab boot I                            start node I again, as after a reboot
  lab silence I                         drop every packet to and from node I: connections time out (pulled cable)
  lab unsilence I                       node I answers again
  lab down                              stop every node, remove its rules, free its disks, remove the lab's files
Lab commands may run at the same time (e.g. "lab boot 2 & lab boot 3"); commands on one node wait for each other.
Options: --dir DIR (default $GLUSTER_CONSOLE_LAB_DIR or /var/lib/gluster-console/lab)`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text)) throw new LabError(`${name} must be a whole number, not "${text}"`);
  return Number(text);
}

export function formatStatus(status: LabStatus): string {
  const rows = status.nodes.map((n) => {
    const disk = n.disks.map((d) => `${d.name}=${d.loop}${d.attached ? '' : ' (detached!)'}`).join(' ');
    const state = n.running ? `running (init pid ${n.initPid})` : 'stopped';
    const services = n.running ? `sshd ${n.sshd ? 'up' : 'down'}, glusterd ${n.glusterd ? 'up' : 'not running'}` : '';
    const network = n.silenced ? 'silent' : n.silenceRulesMissing ? 'silence rules missing!' : '';
    return `  ${n.name.padEnd(7)} ${`${n.address}:${n.sshPort}`.padEnd(16)} ${n.zone.padEnd(7)} ${state.padEnd(24)} ${services.padEnd(30)} ${network.padEnd(6)} ${disk}`;
  });
  return [
    `lab in ${status.dir}`,
    ...rows,
    `inventory: ${status.inventory}`,
    `log in:    ssh -i ${status.key} -p ${status.nodes[0]?.sshPort ?? 22} root@${status.nodes[0]?.address ?? '127.1.1.1'}`,
  ].join('\n');
}

/** `lab add --volumeless` is a flag, where `lab up --volumeless K` takes a count. */
function parseAddArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { dir: { type: 'string' }, volumeless: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}

function isAdd(argv: string[]): boolean {
  const at = argv.indexOf('add');
  return at >= 0 && argv[at - 1] !== '--dir';
}

function parseLabArgs(argv: string[]) {
  if (isAdd(argv)) {
    const { values, positionals } = parseAddArgs(argv);
    return { values: { ...values, volumeless: values.volumeless ? 'yes' : undefined, nodes: undefined as string | undefined }, positionals };
  }
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      nodes: { type: 'string' },
      volumeless: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function labMain(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseLabArgs>;
  try {
    parsed = parseLabArgs(argv);
  } catch (err) {
    process.stderr.write(`lab: ${(err as Error).message}\n${LAB_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || command === undefined) {
    (values.help ? process.stdout : process.stderr).write(`${LAB_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dir = values.dir ?? defaultLabDir();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const nodeIndex = (): number => {
      if (args.length !== 1) throw new LabError(`lab ${command} takes one node number, e.g. "lab ${command} 2"`);
      return wholeNumber('the node number', args[0], 0);
    };
    switch (command) {
      case 'up': {
        if (args.length > 0) throw new LabError(`lab up takes no positional arguments (got "${args.join(' ')}")`);
        const nodes = wholeNumber('--nodes', values.nodes, 3);
        const volumeless = wholeNumber('--volumeless', values.volumeless, 0);
        const { alreadyUp } = await labUp({ dir, nodes, volumeless, log });
        const status = await labStatus(dir);
        log(alreadyUp ? 'the lab is already up:' : 'lab is up:');
        if (status) log(formatStatus(status));
        return 0;
      }
      case 'add': {
        if (args.length > 0) throw new LabError(`lab add takes no positional arguments (got "${args.join(' ')}")`);
        const { node } = await labAdd({ dir, volumeless: values.volumeless !== undefined, log });
        log(`${node.name} is up at ${node.address}:${node.sshPort} (${node.zone}), bare: glusterd not started, not in any pool`);
        const status = await labStatus(dir);
        if (status) log(formatStatus(status));
        return 0;
      }
      case 'status': {
        const status = await labStatus(dir);
        if (values.json) {
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        } else {
          log(status ? formatStatus(status) : `no lab in ${dir}`);
        }
        return status ? 0 : 1;
      }
      case 'crash': {
        const index = nodeIndex();
        const { wasRunning } = await labCrash(dir, index);
        log(wasRunning ? `node${index}: power cut, every process killed` : `node${index} was not running`);
        return 0;
      }
      case 'boot': {
        const index = nodeIndex();
        const { wasRunning } = await labBoot(dir, index);
        log(wasRunning ? `node${index} is already running` : `node${index} booted`);
        return 0;
      }
      case 'silence':
      case 'unsilence': {
        const index = nodeIndex();
        const silent = command === 'silence';
        const { wasSilenced } = await labSilence(dir, index, silent);
        if (silent) log(wasSilenced ? `node${index} was already silent` : `node${index} is silent: every packet to and from it is dropped`);
        else log(wasSilenced ? `node${index} answers again` : `node${index} was not silent`);
        return 0;
      }
      case 'down': {
        if (args.length > 0) throw new LabError('lab down takes no arguments');
        const { stopped } = await labDown(dir, log);
        if (stopped === 0) log(`no running lab nodes in ${dir}`);
        return 0;
      }
      default:
        process.stderr.write(`lab: unknown command "${command}"\n${LAB_USAGE}\n`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`lab ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}

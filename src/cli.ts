#!/usr/bin/env node
// Entry point: decides between the interactive console and a non-interactive
// subcommand. Subcommands are imported lazily so that `--help`, `lab` and the
// scripts operators write do not pay for loading React and Ink.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NON_INTERACTIVE_HINT, USAGE } from './usage.js';

function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === 'lab') {
    const { labMain } = await import('./lab/cli.js');
    return labMain(rest);
  }
  if (first === 'setup') return (await import('./commands/setup.js')).setupMain(rest);
  if (first === 'layout') return (await import('./commands/layout.js')).layoutMain(rest);
  if (first === 'expand') return (await import('./commands/expand.js')).expandMain(rest);
  if (first === 'replace') return (await import('./commands/replace.js')).replaceMain(rest);
  if (first === 'shrink') return (await import('./commands/shrink.js')).shrinkMain(rest);
  if (first === 'heat') return (await import('./commands/heat.js')).heatMain(rest);
  if (first === 'status') {
    const { statusMain } = await import('./commands/status.js');
    return statusMain(rest);
  }
  if (first !== undefined && !first.startsWith('--')) {
    process.stderr.write(`gluster-console: unknown command "${first}"\n\n${USAGE}`);
    return 2;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${NON_INTERACTIVE_HINT}\n`);
    return 2;
  }
  // Both ends are terminals: every frame and colour as this terminal allows,
  // whatever CI says. Ink and chalk read the environment when they are loaded.
  (await import('./ui/terminal-env.js')).prepareTerminalEnv();
  const { runInteractive } = await import('./ui/run.js');
  return runInteractive(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gluster-console: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

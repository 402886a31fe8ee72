// The package as an operator gets it: `npm pack` makes the tarball, which is
// installed into an empty directory offline, and the installed
// `npx gluster-console` answers --help, --version and `lab status`, and draws
// the console's Welcome screen in a terminal. The dependencies come from the
// npm cache that `npm ci` filled: the empty directory gets a lock file whose
// entries (and integrity hashes) are this repository's own runtime ones, so
// `npm ci --offline` finds every tarball in the cache and asks no registry.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tui } from './tui.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * package.json and package-lock.json of a directory that depends on the tarball
 * alone. The lock's other entries are this repository's runtime packages
 * (development ones left out), at the same places in node_modules.
 */
function writeConsumer(dir: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { dependencies: { [PKG.name]: spec } },
    [`node_modules/${PKG.name}`]: { version: PKG.version, resolved: spec, dependencies: PKG.dependencies, bin: { [PKG.name]: 'dist/cli.js' } },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'empty', private: true, dependencies: { [PKG.name]: spec } }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'empty', lockfileVersion: 3, requires: true, packages }, null, 2));
}

const tmuxMissing = (await run('tmux', ['-V'], ROOT)).code !== 0;

describe.skipIf(tmuxMissing && process.env.CI !== 'true')('the npm package, installed offline into an empty directory', () => {
  let work: string;
  let consumer: string;
  let files: string[] = [];
  const tuis: Tui[] = [];
  const npx = (args: string[], env: Record<string, string> = {}) => run('npx', ['--offline', PKG.name, ...args], consumer, env, 60_000);

  beforeAll(async () => {
    const started = Date.now();
    work = mkdtempSync(join(tmpdir(), 'gc-package-'));
    consumer = join(work, 'empty');
    mkdirSync(consumer);
    // The test runs after the build (npm test builds first): pack what is built instead of building again.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
    files = info!.files.map((f) => f.path);
    process.stderr.write(`[package] ${info!.filename}: ${(info!.size / 1024).toFixed(0)} KiB packed, ${(info!.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files\n`);
    writeConsumer(consumer, info!.filename);
    // Install scripts off: ssh2's optional native crypto and cpu-features would be compiled (ssh2 runs without them).
    const installed = await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], consumer);
    expect(installed.code, installed.stderr).toBe(0);
    process.stderr.write(`[package] packed and installed offline in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }, 600_000);
  afterAll(async () => {
    await Promise.all(tuis.map((t) => t.close()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships only what runs: the built JavaScript and the lab script, no tests, sources or source maps', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('package.json');
    expect(files.some((f) => /^dist\/lab\/.+\.sh$/.test(f))).toBe(true);
    const unexpected = files.filter((f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !/^dist\/.+\.(js|sh)$/.test(f));
    expect(unexpected).toEqual([]);
  });

  it('answers --help, --version and lab status', async () => {
    const help = await npx(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('lab status');
    const version = await npx(['--version']);
    expect(version.stdout.trim()).toBe(PKG.version);
    const labDir = join(work, 'no-lab');
    const status = await npx(['lab', 'status'], { GLUSTER_CONSOLE_LAB_DIR: labDir });
    expect(status.stderr + status.stdout).toContain(`no lab in ${labDir}`);
  });

  it('draws the Welcome screen in a terminal and quits with q', async () => {
    const program = ['sh', '-c', 'cd "$0" && exec npx --offline gluster-console "$@"', consumer];
    const tui = await Tui.start(['--config-dir', join(work, 'config')], {}, work, { program });
    tuis.push(tui);
    const welcome = await tui.waitFor((s) => s.includes('No hosts saved yet') && /❯ Check hosts/.test(s), 60_000);
    expect(welcome).toContain('gluster-console · Welcome');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});

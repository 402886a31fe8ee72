// The scaffolding every host-changing subcommand shares (src/commands/context.ts):
// exit 2 before anything connects, and the cleanup that runs however the body ends.
import { afterEach, describe, expect, it } from 'vitest';
import { argsExit, hasHosts, namedHosts, parseCommandTimeout, parseRunWords, TIMEOUT_OPTION, usableFiles, withCommandContext, type ContextDeps } from '../../src/commands/context.js';
import { SettingsError } from '../../src/config/settings.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { SAMPLE_INVENTORY_YAML, tempDir, writeFile } from '../ui/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dir(): string {
  const { dir, cleanup } = tempDir('gc-context-');
  cleanups.push(cleanup);
  return dir;
}

function harness() {
  const fake = new FakeExecutor();
  const err: string[] = [];
  const out: string[] = [];
  let made = 0;
  const deps: ContextDeps = {
    executorFor: () => {
      made++;
      return fake;
    },
    terminal: false,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { fake, err, out, deps, made: () => made };
}

const signalCounts = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];

describe('withCommandContext', () => {
  it('removes the signal handlers and closes the pool when the body throws', async () => {
    const h = harness();
    const config = dir();
    const inventoryFile = writeFile(config, 'inv.yaml', SAMPLE_INVENTORY_YAML);
    const before = signalCounts();
    let during: number[] = [];
    const run = withCommandContext(
      'test',
      { inventoryFile, checks: [hasHosts, usableFiles(inventoryFile)], configDir: config },
      async (ctx) => {
        during = signalCounts();
        expect(ctx.inventory.hosts.map((host) => host.name)).toEqual(['node1', 'node2.lab.example']);
        expect(ctx.executor).toBe(h.fake);
        expect(ctx.ask).toBeUndefined();
        expect(ctx.audit.path.startsWith(config)).toBe(true);
        throw new Error('the body broke');
      },
      h.deps,
    );
    await expect(run).rejects.toThrow('the body broke');
    expect(during).toEqual(before.map((n) => n + 1));
    expect(signalCounts()).toEqual(before);
    expect(h.fake.closed).toBe(true);
  });

  it('turns SIGINT into the abort signal, and cleans up after a normal end', async () => {
    const h = harness();
    const config = dir();
    const inventoryFile = writeFile(config, 'inv.yaml', SAMPLE_INVENTORY_YAML);
    const before = process.listeners('SIGINT');
    const code = await withCommandContext(
      'test',
      { inventoryFile, checks: [], configDir: config, read: (settings) => settings.getSetting('commandTimeoutMs') },
      async (ctx) => {
        expect(ctx.values).toBe(120_000);
        const ours = process.listeners('SIGINT').filter((l) => !before.includes(l));
        expect(ours).toHaveLength(1);
        expect(ctx.signal.aborted).toBe(false);
        (ours[0] as () => void)();
        expect(ctx.signal.aborted).toBe(true);
        return 7;
      },
      h.deps,
    );
    expect(code).toBe(7);
    expect(process.listeners('SIGINT')).toEqual(before);
    expect(h.fake.closed).toBe(true);
  });

  it('exits 2 with "NAME: problem" before making a pool: unreadable file, a failed check in order, a SettingsError', async () => {
    const config = dir();
    const inventoryFile = writeFile(config, 'inv.yaml', SAMPLE_INVENTORY_YAML);
    const body = async () => 0;

    const missing = harness();
    expect(await withCommandContext('setup', { inventoryFile: `${config}/nope.yaml`, checks: [], configDir: config }, body, missing.deps)).toBe(2);
    expect(missing.err).toHaveLength(1);
    expect(missing.err[0]).toMatch(/^setup: /);

    const unknown = harness();
    const checks = [namedHosts(['NODE1', 'node9'], (u) => `--hosts ${u.join(', ')}: not in the inventory`, { ignoreCase: true }), () => 'never asked'];
    expect(await withCommandContext('shrink', { inventoryFile, checks, configDir: config }, body, unknown.deps)).toBe(2);
    expect(unknown.err).toEqual(['shrink: --hosts node9: not in the inventory']);

    const settings = harness();
    const read = () => {
      throw new SettingsError('commandTimeoutMs: not a number', '/conf/settings.json');
    };
    expect(await withCommandContext('expand', { inventoryFile, checks: [], configDir: config, read }, body, settings.deps)).toBe(2);
    expect(settings.err).toEqual(['expand: /conf/settings.json: commandTimeoutMs: not a number']);

    for (const h of [missing, unknown, settings]) expect(h.made()).toBe(0);
  });

  it('lets an error that is not a SettingsError through', async () => {
    const h = harness();
    const config = dir();
    const inventoryFile = writeFile(config, 'inv.yaml', SAMPLE_INVENTORY_YAML);
    const read = () => {
      throw new TypeError('a bug');
    };
    await expect(withCommandContext('setup', { inventoryFile, checks: [], configDir: config, read }, async () => 0, h.deps)).rejects.toThrow('a bug');
    expect(h.made()).toBe(0);
  });

  it('an empty inventory fails hasHosts', () => {
    expect(hasHosts({ hosts: [] })).toBe('the inventory has no hosts');
  });
});

describe('the shared arguments', () => {
  it('parses the shared options with the command\'s own, in the order the commands check them', () => {
    expect(parseRunWords(['--volume', 'gv0'], { volume: { type: 'string' } })).toBe('--inventory FILE is required');
    expect(parseRunWords(['--help'], {})).toBe('help');
    expect(parseRunWords(['--bogus'], {})).toMatch(/Unknown option '--bogus'/);
    expect(parseRunWords(['x'], {})).toMatch(/Unexpected argument 'x'/);
    expect(parseRunWords(['--inventory', 'i.yaml', '--yes', '--command-timeout', '5'], TIMEOUT_OPTION)).toMatchObject({ inventory: 'i.yaml', yes: true, 'dry-run': false, 'command-timeout': '5' });
  });

  it('--command-timeout: whole seconds from 1 to 86400, in milliseconds', () => {
    expect(parseCommandTimeout(undefined)).toBeUndefined();
    expect(parseCommandTimeout('5')).toBe(5000);
    expect(parseCommandTimeout('86400')).toBe(86_400_000);
    for (const bad of ['0', '-3', '1.5', '5s', '86401', '']) expect(parseCommandTimeout(bad)).toMatch(/^--command-timeout: whole seconds from 1 to 86400, not "/);
  });

  it('help is the usage on stdout, exit 0', () => {
    const writes: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      writes.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(argsExit('setup', 'Usage: x', 'help')).toBe(0);
    } finally {
      process.stdout.write = original;
    }
    expect(writes).toEqual(['Usage: x\n']);
  });
});

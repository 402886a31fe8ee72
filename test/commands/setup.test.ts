import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/config/audit.js';
import { parseSetupArgs, runSetupCommand, type SetupArgs } from '../../src/commands/setup.js';
import { intentWith } from '../../src/steps/intent.js';
import { CHECK_PATTERNS, LAB_INVENTORY, labExecutor } from '../steps/fixtures.js';
import { HOSTILE } from '../steps/hostile.js';
import { tempDir } from '../ui/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function audit(): AuditLog {
  const { dir, cleanup } = tempDir('gc-setup-cmd-');
  cleanups.push(cleanup);
  return new AuditLog(join(dir, 'audit.log'));
}

const args = (over: Partial<SetupArgs> = {}): SetupArgs => ({ inventory: 'x.yaml', intent: intentWith({ volumeName: 'gv0', layout: 'replica 3' }), dryRun: false, yes: true, ...over });
const isCheck = (command: string) => Object.values(CHECK_PATTERNS).some((p) => p.test(command));

describe('setup arguments', () => {
  it('takes the documented options', () => {
    const parsed = parseSetupArgs(['--inventory', 'inv.yaml', '--volume', 'gv0', '--layout', 'replica 3', '--mount', '/srv/gv0', '--dry-run', '--wipe', 'node3']);
    expect(parsed).toMatchObject({ inventory: 'inv.yaml', dryRun: true, yes: false, intent: { volumeName: 'gv0', layout: 'replica 3', mountPath: '/srv/gv0', wipeHosts: ['node3'] } });
  });

  it('needs an inventory and a volume', () => {
    expect(parseSetupArgs(['--volume', 'gv0'])).toBe('--inventory FILE is required');
    expect(parseSetupArgs(['--inventory', 'x'])).toBe('--volume NAME is required');
    expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--bogus'])).toMatch(/Unknown option '--bogus'/);
  });

  it('--command-timeout: whole seconds, kept in milliseconds; absent means the setting decides', () => {
    const base = ['--inventory', 'x', '--volume', 'gv0'];
    expect(parseSetupArgs([...base, '--command-timeout', '5'])).toMatchObject({ commandTimeoutMs: 5000 });
    expect(parseSetupArgs(base)).not.toHaveProperty('commandTimeoutMs');
    for (const bad of ['0', '-3', '1.5', '5s', '86401', '']) {
      expect(parseSetupArgs([...base, `--command-timeout=${bad}`])).toMatch(/^--command-timeout: whole seconds from 1 to 86400, not "/);
    }
  });

  it('refuses hostile values in every field, naming the option', () => {
    for (const value of HOSTILE) {
      const name = value.replace(/^\/data\//, '');
      const path = value.startsWith('/') ? value : `/data/${value}`;
      expect(parseSetupArgs(['--inventory', 'x', '--volume', name])).toMatch(/^--volume \(volume name\): /);
      expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--mount', path])).toMatch(/^--mount \(mount path\): /);
      expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--brick-mount', path])).toMatch(/^--brick-mount \(brick mount\): /);
      expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--layout', `replica 3 ${name}`])).toMatch(/^--layout \(layout\): /);
      expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--apt-repo', `ppa:${name}`])).toMatch(/^--apt-repo \(apt repository\): /);
      expect(parseSetupArgs(['--inventory', 'x', '--volume', 'gv0', '--wipe', name])).toMatch(/^--wipe: /);
    }
  });
});

describe('setup on a scripted cluster', () => {
  it('on a finished cluster plans nothing, changes nothing, and exits 0', async () => {
    const fake = labExecutor('finished');
    const lines: string[] = [];
    const log = audit();
    const code = await runSetupCommand(args(), LAB_INVENTORY, fake, log, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(fake.calls.every((c) => isCheck(c.command))).toBe(true);
    expect(log.read()).toEqual([]);
    expect(lines.filter((l) => /^ok {3}/.test(l))).toHaveLength(7);
    expect(lines.at(-1)).toBe('setup complete: gv0 is started and mounted at /data/shared on every node');
  });

  it('--dry-run on fresh hosts shows the plans, runs only checks, and exits 3', async () => {
    const fake = labExecutor('fresh');
    const lines: string[] = [];
    const log = audit();
    const code = await runSetupCommand(args({ dryRun: true }), LAB_INVENTORY, fake, log, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(3);
    expect(fake.calls.every((c) => isCheck(c.command))).toBe(true);
    expect(log.read()).toEqual([]);
    const text = lines.join('\n');
    expect(text).toContain('plan (dry run: nothing runs):');
    expect(text).toContain('    $ glusterd -p /run/glusterd.pid');
    expect(text).toMatch(/! destroys data on \/dev\/vdb: ext4 "ephemeral0", mounted at \/mnt/);
    expect(text).toContain('dry run: nothing was changed');
  });

  it('without --yes and without a terminal changes nothing and says how to apply', async () => {
    const fake = labExecutor('fresh');
    const lines: string[] = [];
    const code = await runSetupCommand(args({ yes: false }), LAB_INVENTORY, fake, audit(), { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(3);
    expect(fake.calls.every((c) => isCheck(c.command))).toBe(true);
    expect(lines.at(-1)).toBe('nothing was changed: no terminal to ask; pass --yes to apply');
  });
});

import { describe, expect, it } from 'vitest';
import { parseReplaceArgs } from '../../src/commands/replace.js';

describe('replace: arguments', () => {
  it('takes the old and the new host, with the defaults of the setup', () => {
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3', '--new', 'node4', '--yes'])).toEqual({
      inventory: 'i.yaml',
      oldHost: 'node3',
      newHost: 'node4',
      mountPath: '/data/shared',
      healTimeoutMs: 1_800_000,
      dryRun: false,
      yes: true,
    });
  });

  it('refuses what cannot be a replace, before anything connects', () => {
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3'])).toBe('--old HOST and --new HOST are required');
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3', '--new', 'node3'])).toBe('--old and --new name the same host');
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3;rm', '--new', 'node4'])).toMatch(/^--old: /);
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3', '--new', 'node4', '--heal-timeout', '0'])).toMatch(/^--heal-timeout: whole seconds/);
    expect(parseReplaceArgs(['--inventory', 'i.yaml', '--old', 'node3', '--new', 'node4', '--mount', 'rel/path'])).toMatch(/^--mount: /);
  });
});

// `gluster-console layout check` as operators run it: the built bin, no TTY.
// `npm test` builds dist/ before vitest runs.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';

const BIN = new URL('../../dist/cli.js', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const check = (...words: string[]) => run(['layout', 'check', ...words]);

describe('gluster-console layout check', () => {
  it('exits 0 and shows the layout when glusterd would accept it', async () => {
    const r = await check('replica', '3', 'arbiter', '1', 'node1:/bricks/b', 'node2:/bricks/b', 'node3:/bricks/b');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ACCEPTED: GlusterFS \S+ would create this volume/);
    expect(r.stdout).toContain('Layout: Replicate, 1 x (2 + 1) = 3');
    expect(r.stdout).toContain('node3:/bricks/b (arbiter)');
    expect(r.stdout).toContain('Survives: ');
    expect(r.stdout).toContain('Not checked offline (needs the hosts):');
    expect(r.stdout).toMatch(/- no brick is on the root partition/);
  });

  it('exits 1 with the reason, the fix and gluster\'s own words when it would refuse it', async () => {
    const r = await check('replica', '3', 'node1:/b', 'node2:/b', 'node3:/b', 'node4:/b');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REFUSED');
    expect(r.stdout).toContain('x 4 bricks do not split into sets of 3');
    expect(r.stdout).toMatch(/fix: add 2 bricks, .*or use replica 2/);
    expect(r.stdout).toContain('gluster says: Failed to create volume files');
  });

  it('checks against the version asked for: stripe works in 3.4, not in 10.3', async () => {
    const words = ['stripe', '2', 'replica', '2', 'node1:/b', 'node2:/b', 'node3:/b', 'node4:/b'];
    const old = await run(['layout', 'check', '--gluster-version', '3.4', ...words]);
    expect(old.code).toBe(0);
    expect(old.stdout).toContain('1 x 2 x 2 = 4');
    const now = await run(['layout', 'check', '--gluster-version=10.3', ...words]);
    expect(now.code).toBe(1);
    expect(now.stdout).toContain('stripe no longer exists in GlusterFS ≥ 6');
    expect(now.stdout).toMatch(/fix: use disperse .*or enable sharding for large files/);
  });

  it('takes the whole pasted command and checks the volume name too', async () => {
    const ok = await check('sudo', 'gluster', '--mode=script', 'volume', 'create', 'datapoint', 'replica', '3', 'transport', 'tcp', 'gluster0:/data/gluster', 'gluster1:/data/gluster', 'gluster2:/data/gluster', 'force');
    expect(ok.code).toBe(0);
    const bad = await check('gluster', 'volume', 'create', 'all', 'node1:/b');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('"all" is a word gluster reserves');
  });

  it('prints the verdict as JSON for scripts', async () => {
    const r = await run(['layout', 'check', '--json', 'disperse', '6', 'redundancy', '2', 'h1:/b', 'h2:/b', 'h3:/b', 'h4:/b', 'h5:/b', 'h6:/b']);
    expect(r.code).toBe(0);
    const verdict = JSON.parse(r.stdout) as { accepted: boolean; summary: { text: string; survives: { perSet: number } } };
    expect(verdict).toMatchObject({ accepted: true, summary: { text: '1 x (4 + 2) = 6', survives: { perSet: 2 } } });
    const refused = await run(['layout', 'check', '--json', 'replica', '1', 'h1:/b']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ accepted: false, usable: true, errors: [{ code: 'replica-too-small' }] });
  });

  it.each([
    [['replica', '3', 'h1:/b;reboot', 'h2:/b', 'h3:/b'], 'contains ";", a shell character'],
    [['replica', '3', '$(id)', 'h2:/b', 'h3:/b'], 'contains "$", a shell character'],
    [['replica', '3', 'h1:/b\nh2:/b'], 'contains a line break'],
    [['"replica"', '3'], `contains """, a shell character`],
    [['gluster', 'volume', 'create', 'donnée', 'h1:/b'], 'which is not plain ASCII'],
    [['h1:/brick-ü'], 'which is not plain ASCII'],
  ])('exits 2 with a clear message for hostile input %j', async (words, message) => {
    const r = await check(...words);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('fix:');
  });

  it('exits 2 for unusable arguments', async () => {
    expect((await check()).code).toBe(2);
    expect((await run(['layout'])).code).toBe(2);
    expect((await run(['layout', 'frob'])).code).toBe(2);
    expect((await run(['layout', 'check', '--gluster-version'])).code).toBe(2);
    const version = await run(['layout', 'check', '--gluster-version', 'latest', 'h1:/b']);
    expect(version).toMatchObject({ code: 2, stderr: expect.stringContaining('"latest" is not a GlusterFS version') });
    const other = await check('gluster', 'volume', 'add-brick', 'gv0', 'h4:/b');
    expect(other).toMatchObject({ code: 2, stderr: expect.stringContaining('only "gluster volume create ..." can be checked') });
  });

  it('has help, and a line in the main usage', async () => {
    const help = await run(['layout', 'check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit status: 0 glusterd would accept it, 1 it would refuse it, 2 unusable input,');
    expect(help.stdout).toContain('3 nothing found against it but some hosts did not answer');
    expect((await run(['--help'])).stdout).toContain('gluster-console layout check');
  });
});

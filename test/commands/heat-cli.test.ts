// `gluster-console heat` as operators run it: the built bin, no TTY. Both
// templates are written whole or not at all; bad input exits 2 with the reason
// and writes nothing. `npm test` builds dist/ before vitest runs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';

const BIN = new URL('../../dist/cli.js', import.meta.url).pathname;

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const INVENTORY = `hosts:
  - { name: node1, address: 127.1.24.1, zone: zone-a, device: /dev/vdc }
  - { name: node2, address: 127.1.24.2, zone: zone-b, device: /dev/vdc }
  - { name: node3, address: 127.1.24.3, zone: zone-c, transientDevice: /dev/vdb }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gc-heat-'));
  writeFileSync(join(dir, 'inventory.yaml'), INVENTORY);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Generous: each case starts node, and the machine may be busy with other test files.
describe('gluster-console heat', { timeout: 90_000 }, () => {
  it('writes the stack template and the server template next to it, and says what it planned', async () => {
    const r = await run(['heat', '--inventory', 'inventory.yaml', '--output', 'stack.yaml', '--gluster-version', '10.3'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote stack.yaml and stack.server.yaml');
    expect(r.stdout).toContain('layout: replica 3: 1 x 3 = 3 (GlusterFS 10.3)');
    expect(readdirSync(dir).sort()).toEqual(['inventory.yaml', 'stack.server.yaml', 'stack.yaml']);
    const stack = YAML.parse(readFileSync(join(dir, 'stack.yaml'), 'utf8')) as { resources: Record<string, { properties: { resource?: { type: string } } }> };
    expect(stack.resources.zone_a_servers!.properties.resource!.type).toBe('stack.server.yaml');
  });

  it.each([
    [['heat'], /--inventory FILE is needed/],
    [['heat', '--inventory', 'missing.yaml'], /missing\.yaml: cannot read/],
    [['heat', '--inventory', 'inventory.yaml', '--min-per-zone', 'two'], /--min-per-zone needs a whole number/],
    [['heat', '--inventory', 'inventory.yaml', '--min-per-zone', '2'], /zone-a has 1 host in the inventory, below its minimum of 2/],
    [['heat', '--inventory', 'inventory.yaml', '--gluster-version', '2.0'], /not a GlusterFS version/],
    [['heat', '--inventory', 'inventory.yaml', '--output', 'inventory.yaml'], /--output is the inventory itself/],
    [['heat', '--inventory', 'inventory.yaml', '--output', 'no/such/dir/stack.yaml'], /cannot write the template/],
    [['heat', '--inventory', 'inventory.yaml', '--replicas', '4'], /unknown argument "--replicas"/],
  ])('%j exits 2 with the reason and writes nothing', async (args, why) => {
    const r = await run(args, dir);
    expect(r.stderr).toMatch(why);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['inventory.yaml']);
    expect(readFileSync(join(dir, 'inventory.yaml'), 'utf8')).toBe(INVENTORY);
  });

  it('replaces an existing template whole, leaving no temporary file behind', async () => {
    writeFileSync(join(dir, 'stack.yaml'), 'old');
    const r = await run(['heat', '--inventory', 'inventory.yaml', '--output', 'stack.yaml'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'stack.yaml'), 'utf8')).toMatch(/^heat_template_version: 2018-08-31\n/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is listed in --help', async () => {
    const r = await run(['--help'], dir);
    expect(r.stdout).toContain('gluster-console heat --inventory FILE');
  });
});

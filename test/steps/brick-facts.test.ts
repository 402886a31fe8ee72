// The layout check's questions to the hosts: the answers parsed (captured
// shapes, the XML of test/fixtures/gluster-10.3), turned into the validator's
// facts, and a host that does not answer leaving its bricks not checked.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { layoutExitCode, layoutMain } from '../../src/commands/layout.js';
import type { Inventory } from '../../src/config/inventory.js';
import { checkCreateWords } from '../../src/gluster/layout/index.js';
import { SshError } from '../../src/ssh/types.js';
import { brickFactsCommand, parseBrickFacts, readLayoutFacts } from '../../src/steps/brick-facts.js';
import { intentWith, type SetupIntent } from '../../src/steps/intent.js';
import { parseSections } from '../../src/steps/sections.js';
import { parseVolumeCheck, planVolume, volumeCheckCommand, type VolumeCheck } from '../../src/steps/volume.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { fixture, HOSTS, LAB_INTENT, LAB_INVENTORY } from './fixtures.js';

const xml = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');
const M = '/data/glusterfs/brick1';

const INVENTORY: Inventory = {
  hosts: [1, 2, 3].map((n) => ({ name: `node${n}`, address: `127.1.66.${n}`, ssh: { user: 'root' }, zone: 'zone-a', device: '/dev/vdc' })),
};

/** What one host prints for the bundled check: version, pool, volumes, then one section per brick directory. */
function answer(bricks: string[], glusterd = true): string {
  return [
    '\n@@version\nglusterfs 10.3\n',
    `\n@@peers\n${glusterd ? xml('peer-status.xml') : ''}`,
    `\n@@info\n${glusterd ? xml('volume-info.xml') : ''}`,
    ...bricks.map((b, i) => `\n@@b${i}\n${b}`),
  ].join('');
}

const GOOD = `parent\nsize 10724835328\n`;
const ROOT = `parent\nrootfs\nsize 41943040000\n`;

describe('the bundled brick questions', () => {
  it('asks every brick directory in one command, read only', () => {
    const c = brickFactsCommand([`${M}/gv1/`, '/gv1']);
    expect(c.text).toMatch(/ b0\b/);
    expect(c.text).toMatch(/ b1\b/);
    expect(c.text).toContain(`b=${M}/gv1;`);
    expect(c.text).toContain('stat -c %d /');
    expect(c.text).toContain('trusted.gfid');
    expect(c.text).not.toMatch(/\bmkdir\b|setfattr|rm -rf "\$b"/);
  });

  it('parses each directory: parent, root filesystem, mount point, a volume mark on it or a parent', () => {
    const a = parseBrickFacts(answer([GOOD, ROOT, `exists\nparent\nmountpoint\nsize 5\n`, `exists\nparent\nsize 5\nmarked ${M}/old\n`, '']), [`${M}/gv1/`, '/gv1', `${M}`, `${M}/old/x`, `${M}/none/x`]);
    expect(a.glusterVersion).toBe('10.3');
    expect(a.peers?.map((p) => p.hostname)).toEqual(['node2', 'node3']);
    expect(a.volumes?.map((v) => v.name)).toEqual(['datapoint']);
    expect(a.bricks[`${M}/gv1`]).toEqual({ exists: false, parentExists: true, rootFs: false, mountPoint: false, markedAt: null, sizeBytes: 10724835328 });
    expect(a.bricks['/gv1']).toMatchObject({ rootFs: true });
    expect(a.bricks[M]).toMatchObject({ exists: true, mountPoint: true });
    expect(a.bricks[`${M}/old/x`]).toMatchObject({ markedAt: `${M}/old` });
    expect(a.bricks[`${M}/none/x`]).toMatchObject({ parentExists: false, sizeBytes: null });
  });

  it('reads no pool where glusterd does not answer', () => {
    const a = parseBrickFacts(answer([GOOD], false), ['/b']);
    expect(a.peers).toBeNull();
    expect(a.volumes).toBeNull();
  });
});

describe('readLayoutFacts', () => {
  it('refuses the issue\'s node3:/gv1/ beside bricks on the brick mount, with glusterd\'s reason', async () => {
    const fake = new FakeExecutor()
      .on('node1', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node2', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node3', /glusterd --version/, { stdout: answer([ROOT]) });
    const words = ['replica', '3', `node1:${M}/gv1/`, `node2:${M}/gv1/`, 'node3:/gv1/'];
    const facts = await readLayoutFacts(fake, INVENTORY, [{ host: 'node1', path: `${M}/gv1/` }, { host: 'node2', path: `${M}/gv1/` }, { host: 'node3', path: '/gv1/' }]);
    expect(fake.calls).toHaveLength(3);
    expect(checkCreateWords(words).accepted).toBe(true);
    const v = checkCreateWords(words, { describeBrick: facts.describe, peers: facts.peers!, glusterVersion: facts.glusterVersion! });
    expect(v.accepted).toBe(false);
    expect(v.errors).toEqual([expect.objectContaining({ code: 'root-partition', bricks: [2], gluster: expect.stringContaining('The brick node3:/gv1 is being created in the root partition') })]);
    expect(v.notChecked.map((n) => n.code)).toEqual([]);
  });

  it('finds a brick inside an existing volume\'s brick, by the address the word names', async () => {
    const fake = new FakeExecutor().on('*', /glusterd --version/, { stdout: answer([`exists\nparent\nsize 5\nmarked ${M}/brick\n`]) });
    const facts = await readLayoutFacts(fake, INVENTORY, [{ host: '127.1.66.1', path: `${M}/brick/inner` }]);
    expect(facts.describe('127.1.66.1', `${M}/brick/inner`)).toMatchObject({ overlapsExistingBrick: true, partOfVolume: true });
    expect(facts.describe('node9', '/b')).toEqual({});
  });

  it('leaves the bricks of a host that does not answer not checked, with the reason, never ok', async () => {
    const fake = new FakeExecutor()
      .on('node1', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node2', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node3', /glusterd --version/, { error: new SshError('timeout', 'node3', 'node3: SSH did not answer in time') });
    const bricks = [1, 2, 3].map((n) => ({ host: `node${n}`, path: `${M}/gv6` }));
    const facts = await readLayoutFacts(fake, INVENTORY, [...bricks, { host: 'elsewhere', path: '/b' }]);
    expect(facts.unanswered).toEqual([{ host: 'node3', reason: expect.any(String), bricks: [`node3:${M}/gv6`] }]);
    expect(facts.unanswered[0]!.reason).not.toBe('');
    expect(facts.notInInventory).toEqual(['elsewhere:/b']);
    expect(facts.describe('node3', `${M}/gv6`)).toEqual({});
    const v = checkCreateWords(['replica', '3', ...bricks.map((b) => `${b.host}:${b.path}`)], { describeBrick: facts.describe, peers: facts.peers! });
    expect(v.accepted).toBe(true);
    expect(v.notChecked.map((n) => n.code)).toContain('root-partition');
    expect(layoutExitCode(v, { asked: facts.anchor, unanswered: facts.unanswered, notInInventory: [] })).toBe(3);
    expect(layoutExitCode(v)).toBe(0);
  });
});

describe('layout check --inventory', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(argv: string[], fake: FakeExecutor): Promise<{ code: number; out: string }> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((t) => {
      out += String(t);
      return true;
    });
    const code = await layoutMain(argv, { executorFor: () => fake });
    vi.restoreAllMocks();
    return { code, out };
  }

  const inventoryFile = new URL('../fixtures/setup/layout-inventory.yaml', import.meta.url).pathname;

  it('says a silent host\'s bricks are not checked and exits 3', async () => {
    const fake = new FakeExecutor()
      .on('node1', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node2', /glusterd --version/, { stdout: answer([GOOD]) })
      .on('node3', /glusterd --version/, { error: new SshError('timeout', 'node3', 'node3: SSH did not answer in time') });
    const r = await run(['check', '--inventory', inventoryFile, `gluster volume create gv6 replica 3 node1:${M}/gv6 node2:${M}/gv6 node3:${M}/gv6`], fake);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^ACCEPTED SO FAR \(not fully checked\)/);
    expect(r.out).toContain('GlusterFS 10.3 as node1 reports it');
    expect(r.out).toMatch(new RegExp(`- node3:${M}/gv6: not checked \\(root partition, .*\\): .+`));
  });

  it('exits 0 when every host answered and nothing is against it', async () => {
    const fake = new FakeExecutor().on('*', /glusterd --version/, { stdout: answer([GOOD]) });
    const r = await run(['check', '--inventory', inventoryFile, 'replica', '3', `node1:${M}/gv5`, `node2:${M}/gv5`, `node3:${M}/gv5`], fake);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ACCEPTED: GlusterFS 10.3/);
    expect(r.out).not.toContain('Not checked');
  });

  it('says which version it assumes offline, and why', async () => {
    const r = await run(['check', 'replica', '3', 'h1:/b', 'h2:/b', 'h3:/b'], new FakeExecutor());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Assumed GlusterFS \S+, the newest this check knows, because neither --gluster-version nor --inventory says which version runs/);
    const given = await run(['check', '--gluster-version', '10.3', 'replica', '3', 'h1:/b', 'h2:/b', 'h3:/b'], new FakeExecutor());
    expect(given.out).not.toContain('Assumed');
  });

  it('reads a pasted command given as one quoted argument like the same words unquoted', async () => {
    const words = 'sudo gluster volume create gv0 replica 3 h1:/b h2:/b h3:/b';
    const quoted = await run(['check', '--json', words], new FakeExecutor());
    const plain = await run(['check', '--json', ...words.split(' ')], new FakeExecutor());
    expect(quoted.code).toBe(0);
    expect(quoted.out).toBe(plain.out);
    const hostile = await run(['check', 'replica 3 h1:/b;reboot h2:/b h3:/b'], new FakeExecutor());
    expect(hostile.code).toBe(2);
  });
});

describe('the volume step with bricks the operator names', () => {
  const NO_VOLUMES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes><count>0</count></volumes></volInfo></cliOutput>\n';
  const B = `${M}/brick`;

  /** The finished lab before create, plus the named directory's answer on each host. */
  function checkWith(intent: SetupIntent, named: (host: string) => string): VolumeCheck {
    const facts = Object.fromEntries(HOSTS.map((h) => {
      const parts = parseSections(fixture('finished', 'volume', h));
      const text = Object.keys(parts).map((name) => `\n@@${name}\n${name === 'info' ? NO_VOLUMES : name === 'status' ? 'Volume gv0 does not exist\n' : name === 'brick' ? parts[name]!.text.replace(/^volid .*$/m, 'volid ') : parts[name]!.text}`).join('');
      return [h, parseVolumeCheck(`${text}\n@@named0\n${named(h)}`, intent)];
    }));
    return { facts, hostErrors: {} };
  }

  it('asks the hosts about a named directory outside the brick mount and refuses the root partition', () => {
    const intent = intentWith({ volumeName: 'gv0', layout: `replica 3 node1:${B} node2:${B} node3:/gv1/` });
    expect(volumeCheckCommand(intent).text).toContain('b=/gv1;');
    const plan = planVolume(checkWith(intent, (h) => (h === 'node3' ? ROOT : GOOD)), intent, LAB_INVENTORY);
    expect(plan.hosts[0]!.items).toEqual([]);
    expect(plan.hosts[0]!.blocked).toMatch(/brick 3 \(node3:\/gv1\) is on the root partition/);
  });

  it('asks nothing more when the layout names no brick', () => {
    expect(volumeCheckCommand(LAB_INTENT).text).not.toContain('trusted.gfid');
  });
});

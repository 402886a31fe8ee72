import { describe, expect, it } from 'vitest';
import { checkCreateWords, validateCreate, type BrickInput, type CreateInput } from '../../../src/gluster/layout/index.js';

const words = (text: string, glusterVersion?: string) => checkCreateWords(text.split(' '), glusterVersion ? { glusterVersion } : {});
const on = (hosts: string[], extra: Partial<BrickInput> = {}): BrickInput[] => hosts.map((host, i) => ({ host, path: `/bricks/gv0/b${i}`, ...extra }));
const codes = (v: { errors: { code: string }[] }) => v.errors.map((e) => e.code);
/** Every host fact known and harmless: what is left is the layout itself. */
const clean: Partial<BrickInput> = { storage: 'volume', isMountPoint: false, partOfVolume: false, overlapsExistingBrick: false, parentExists: true };
const create = (input: Partial<CreateInput> & Pick<CreateInput, 'layout' | 'bricks'>) => validateCreate({ glusterVersion: '10.3', ...input });

describe('brick counts and set sizes', () => {
  it('says how to fix a count that does not split into sets', () => {
    const v = words('replica 3 h1:/b h2:/b h3:/b h4:/b');
    expect(v.accepted).toBe(false);
    expect(v.errors).toEqual([expect.objectContaining({
      code: 'count-not-multiple',
      message: '4 bricks do not split into sets of 3: replica 3 needs a multiple of 3 bricks',
      fix: expect.stringMatching(/^add 2 bricks, .*or use replica 2$/),
      gluster: 'Failed to create volume files',
    })]);
  });

  it('quotes the CLI where the CLI checks the count', () => {
    expect(words('disperse 3 h1:/b h2:/b h3:/b h4:/b').errors[0]).toMatchObject({ code: 'count-not-multiple', gluster: 'number of bricks is not a multiple of disperse count' });
    expect(words('replica 2 h1:/b h2:/b h3:/b', '3.4').errors[0]).toMatchObject({ gluster: 'number of bricks is not a multiple of replica count' });
    expect(words('stripe 2 replica 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b', '3.4').errors[0]).toMatchObject({ message: expect.stringContaining('sets of 4'), gluster: "number of bricks given doesn't match required count" });
  });

  it('refuses replica 1 and explains what replica means', () => {
    expect(words('replica 1 h1:/b').errors[0]).toMatchObject({ code: 'replica-too-small', gluster: 'replica count should be greater than 1', fix: expect.stringContaining('replica 3') });
  });

  it('knows the arbiter forms 10.x accepts', () => {
    expect(words('replica 3 arbiter 1 h1:/b h2:/b h3:/b').summary?.text).toBe('1 x (2 + 1) = 3');
    expect(words('replica 2 arbiter 1 h1:/b h2:/b h3:/b').summary?.text).toBe('1 x (2 + 1) = 3');
    expect(codes(words('replica 4 arbiter 1 h1:/b h2:/b h3:/b h4:/b'))).toEqual(['arbiter-invalid']);
    expect(codes(words('replica 3 arbiter 2 h1:/b h2:/b h3:/b'))).toEqual(['arbiter-invalid']);
    // Before 7.0 only replica 3 arbiter 1.
    expect(codes(words('replica 2 arbiter 1 h1:/b h2:/b h3:/b', '3.12'))).toEqual(['arbiter-invalid']);
  });

  it('takes a thin-arbiter set as two data bricks and a thin-arbiter', () => {
    const v = words('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/ta');
    expect(v.accepted).toBe(true);
    expect(v.summary).toMatchObject({ text: '1 x 2 = 2', thinArbiter: true, thinArbiterBrick: { host: 'h3', role: 'thin-arbiter' } });
    expect(words('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/b h4:/ta').errors[0]).toMatchObject({ code: 'count-not-multiple', message: expect.stringContaining('not counting the thin-arbiter') });
    expect(codes(words('replica 3 thin-arbiter 1 h1:/b h2:/b h3:/b h4:/ta'))).toEqual(['thin-arbiter-invalid']);
    expect(codes(words('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/ta', '6.0'))).toEqual(['thin-arbiter-unsupported']);
  });
});

describe('disperse', () => {
  it('fills in the redundancy the way the CLI does', () => {
    expect(words('disperse 6 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b').summary?.text).toBe('1 x (4 + 2) = 6');
    expect(words('disperse 4 h1:/b h2:/b h3:/b h4:/b').summary?.text).toBe('1 x (3 + 1) = 4');
    expect(words('redundancy 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b').summary?.text).toBe('1 x (4 + 2) = 6');
    expect(words('disperse-data 4 redundancy 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b').summary?.text).toBe('1 x (4 + 2) = 6');
    expect(words('disperse h1:/b h2:/b h3:/b h4:/b h5:/b').summary?.text).toBe('1 x (4 + 1) = 5');
  });

  it('tells where gluster will ask a question and what script mode answers', () => {
    expect(words('disperse 4 h1:/b h2:/b h3:/b h4:/b').warnings).toEqual([
      expect.objectContaining({ code: 'disperse-default-redundancy', message: expect.stringMatching(/no optimal redundancy; gluster asks and then uses redundancy 1/) }),
    ]);
    expect(words('disperse 4 redundancy 1 h1:/b h2:/b h3:/b h4:/b').warnings).toEqual([
      expect.objectContaining({ code: 'disperse-not-optimal', message: expect.stringMatching(/^3 data bricks per set is not a power of two/) }),
    ]);
    expect(words('disperse 6 redundancy 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b').warnings).toEqual([]);
  });

  it('refuses redundancy of half the set or more, with the CLI words', () => {
    expect(words('disperse 4 redundancy 2 h1:/b h2:/b h3:/b h4:/b').errors[0]).toMatchObject({
      code: 'redundancy-out-of-range',
      gluster: 'redundancy must be greater than or equal to 1 and less than 2 for a disperse 4 volume',
      fix: expect.stringContaining('disperse 4 redundancy 1'),
    });
    expect(codes(words('disperse 2 h1:/b h2:/b h3:/b'))).toEqual(['disperse-too-small']);
    expect(codes(words('disperse h1:/b h2:/b'))).toEqual(['disperse-too-small']);
    expect(codes(words('disperse 6 disperse-data 3 redundancy 2 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b'))).toEqual(['disperse-mismatch']);
    expect(codes(words('disperse-data 3 h1:/b h2:/b h3:/b h4:/b h5:/b h6:/b'))).toEqual(['disperse-data-needs-redundancy']);
  });

  it('came with 3.6', () => {
    expect(codes(words('disperse 3 h1:/b h2:/b h3:/b', '3.4'))).toEqual(['disperse-unsupported']);
  });

  it('is spelled in lower case: the CLI takes "Disperse" for a brick', () => {
    expect(codes(words('Disperse 3 h1:/b h2:/b h3:/b'))).toEqual(['bad-brick', 'bad-brick']);
    expect(codes(words('Stripe 2 h1:/b h2:/b'))).toEqual(['bad-brick', 'bad-brick']);
  });
});

describe('stripe, version by version', () => {
  it('10.x: gone, with what replaces it', () => {
    const v = words('stripe 2 replica 2 h1:/b h2:/b h3:/b h4:/b');
    expect(v.errors).toEqual([expect.objectContaining({
      code: 'stripe-removed',
      message: expect.stringMatching(/^stripe no longer exists in GlusterFS ≥ 6/),
      fix: expect.stringMatching(/^use disperse .*or enable sharding for large files/),
      gluster: 'Wrong brick type: stripe, use <HOSTNAME>:<export-dir-abs-path>',
    })]);
  });

  it('6 to 9: the CLI says it is not supported', () => {
    expect(words('stripe 2 h1:/b h2:/b', '7.9').errors[0]).toMatchObject({ code: 'stripe-removed', gluster: 'stripe option not supported' });
  });

  it('3.4 (the seed notes): stripe x replica must divide the brick count', () => {
    const v = words('stripe 2 replica 2 transport tcp h1:/b h2:/b h3:/b h4:/b', '3.4');
    expect(v.accepted).toBe(true);
    expect(v.summary).toMatchObject({ type: 'Striped-Replicate', text: '1 x 2 x 2 = 4', setSize: 4 });
    expect(v.warnings.map((w) => w.code)).toContain('unverified-version');
    expect(codes(words('stripe 1 h1:/b', '3.4'))).toEqual(['stripe-too-small']);
  });

  it('3.4: bricks of one replica set on one server are a question, not a refusal', () => {
    const v = words('replica 2 h1:/a h1:/b', '3.4');
    expect(v.accepted).toBe(true);
    expect(v.warnings.map((w) => w.code)).toContain('same-host-question');
  });
});

describe('bricks', () => {
  it('refuses what the CLI refuses, naming the word', () => {
    expect(words('h1:bricks/b').errors[0]).toMatchObject({ code: 'bad-brick', message: expect.stringContaining('"h1:bricks/b"'), gluster: 'Wrong brick type: h1:bricks/b, use <HOSTNAME>:<export-dir-abs-path>' });
    expect(words('localhost:/b').errors[0]).toMatchObject({ code: 'loopback-brick' });
    expect(words('127.0.0.1:/b').errors[0]?.code).toBe('loopback-brick');
    expect(words('h1:/b/1 h1://b/1/').errors[0]).toMatchObject({ code: 'duplicate-brick', gluster: 'Found duplicate exports h1:/b/1', bricks: [0, 1] });
    expect(words('h1:/var/lib/glusterd/b force').errors[0]?.code).toBe('glusterd-workdir');
  });

  it('refuses a set on one host unless force, and then warns that force hides it', () => {
    const refused = words('replica 3 h1:/a h2:/a h1:/b');
    expect(refused.errors[0]).toMatchObject({
      code: 'same-host',
      message: 'set 1 (bricks 1-3) has 2 bricks on h1 (bricks 1, 3): losing h1 loses 2 copies at once',
      forceable: true,
    });
    const forced = words('replica 3 h1:/a h2:/a h1:/b force');
    expect(forced.accepted).toBe(true);
    expect(forced.warnings.find((w) => w.code === 'force-hides')?.message).toMatch(/^force hides a real problem: set 1/);
    // Distribute may put several bricks on one server.
    expect(words('h1:/a h1:/b').accepted).toBe(true);
  });

  it('suggests the order that spreads the sets over hosts', () => {
    const v = words('replica 2 h1:/a h1:/b h2:/a h2:/b');
    expect(v.errors[0]?.fix).toBe('order the bricks so each set uses different hosts: h1:/a h2:/a h1:/b h2:/b');
    expect(words('replica 3 h1:/a h1:/b h2:/a').errors[0]?.fix).toMatch(/needs 3 different hosts/);
  });

  it('treats two names of one peer as one server', () => {
    const v = validateCreate({ layout: { replica: 2 }, bricks: [{ host: 'node1', path: '/a' }, { host: '10.0.0.1', path: '/b' }], peers: [{ name: 'node1', aliases: ['10.0.0.1'] }] });
    expect(codes(v)).toContain('same-host');
  });
});

describe('host facts', () => {
  it('reports host checks as not checked offline', () => {
    const v = words('replica 3 h1:/b h2:/b h3:/b');
    expect(v.accepted).toBe(true);
    expect(v.notChecked.map((n) => n.code)).toEqual(expect.arrayContaining(['peers', 'root-partition', 'mount-point', 'in-volume', 'existing-bricks']));
  });

  it('refuses a root partition brick unless force, in the operator\'s terms', () => {
    const bricks = on(['h1', 'h2', 'h3'], clean);
    bricks[1] = { ...bricks[1]!, storage: 'root' };
    const v = create({ layout: { replica: 3 }, bricks });
    expect(v.errors).toEqual([expect.objectContaining({ code: 'root-partition', message: 'brick 2 (h2:/bricks/gv0/b1) is on the root partition: a full brick fills the host\'s system disk', forceable: true })]);
    const forced = create({ layout: { replica: 3 }, bricks, force: true });
    expect(forced.accepted).toBe(true);
    expect(forced.warnings.map((w) => w.code)).toContain('force-hides');
    expect(forced.notChecked).toEqual([{ code: 'peers', message: expect.any(String) }]);
  });

  it('refuses mount points, used directories and overlaps; force lifts only the first two', () => {
    const base = on(['h1'], clean);
    expect(codes(create({ layout: {}, bricks: [{ ...base[0]!, isMountPoint: true }] }))).toEqual(['mount-point']);
    expect(codes(create({ layout: {}, bricks: [{ ...base[0]!, partOfVolume: true }] }))).toEqual(['in-volume']);
    expect(create({ layout: {}, bricks: [{ ...base[0]!, partOfVolume: true }], force: true }).accepted).toBe(true);
    expect(codes(create({ layout: {}, bricks: [{ ...base[0]!, overlapsExistingBrick: true }], force: true }))).toEqual(['overlaps-existing-brick']);
    expect(codes(create({ layout: {}, bricks: [{ ...base[0]!, parentExists: false }], force: true }))).toEqual(['parent-missing']);
  });

  it('replays nested bricks in command order, as glusterd does', () => {
    const parentFirst = [{ host: 'h1', path: '/bricks/a', ...clean }, { host: 'h1', path: '/bricks/a/b', ...clean, parentExists: false }];
    expect(create({ layout: {}, bricks: parentFirst }).errors[0]).toMatchObject({ code: 'nested-brick', gluster: 'parent directory /bricks/a is already part of a volume' });
    expect(create({ layout: {}, bricks: parentFirst, force: true }).accepted).toBe(true);
    // Child first: its parent does not exist yet, so mkdir fails whatever force says...
    expect(codes(create({ layout: {}, bricks: [parentFirst[1]!, parentFirst[0]!], force: true }))).toEqual(['parent-missing']);
    // ...unless it exists: then glusterd notices nothing, and only the warning stands between the operator and two overlapping bricks.
    const slipsThrough = create({ layout: {}, bricks: [{ ...parentFirst[1]!, parentExists: true }, parentFirst[0]!] });
    expect(slipsThrough.accepted).toBe(true);
    expect(slipsThrough.warnings.map((w) => w.code)).toContain('nested-bricks');
  });

  it('checks the peers when it knows them', () => {
    const v = create({ layout: { replica: 2 }, bricks: on(['h1', 'h9'], clean), peers: [{ name: 'h1' }, { name: 'h2', connected: false }] });
    expect(v.errors).toEqual([expect.objectContaining({ code: 'unknown-host', gluster: "Host h9 is not in 'Peer in Cluster' state", fix: expect.stringContaining('gluster peer probe h9') })]);
    const down = create({ layout: { replica: 2 }, bricks: on(['h1', 'h2'], clean), peers: [{ name: 'h1' }, { name: 'h2', connected: false }] });
    expect(down.errors[0]).toMatchObject({ code: 'host-disconnected', gluster: 'Host h2 not connected' });
  });
});

describe('volume names', () => {
  it.each([
    ['all', 'reserved-volume-name'],
    ['force', 'reserved-volume-name'],
    ['help', 'reserved-volume-name'],
    ['a.b', 'bad-volume-name'],
    ['-v', 'bad-volume-name'],
    ['x'.repeat(223), 'volume-name-too-long'],
    ['x'.repeat(257), 'volume-name-too-long'],
  ])('refuses %j', (name, code) => {
    expect(codes(checkCreateWords(['gluster', 'volume', 'create', name, 'h1:/b']))).toEqual([code]);
  });

  it('accepts what glusterd accepts: a leading digit, capitals, 222 characters', () => {
    for (const name of ['9lv', 'Force', 'x'.repeat(222)]) expect(checkCreateWords(['gluster', 'volume', 'create', name, 'h1:/b']).accepted).toBe(true);
  });

  it('allows one character less with rdma, and counts name + host + path for the volume files', () => {
    expect(codes(checkCreateWords(['gluster', 'volume', 'create', 'x'.repeat(222), 'transport', 'rdma', 'h1:/b']))).toEqual(['volume-name-too-long']);
    const path = `/${'p'.repeat(40)}`;
    expect(checkCreateWords(['gluster', 'volume', 'create', 'v'.repeat(200), `node1:${path}`]).accepted).toBe(true);
    expect(codes(checkCreateWords(['gluster', 'volume', 'create', 'v'.repeat(201), `node1:${path}`]))).toEqual(['volfile-name-too-long']);
  });

  it('knows existing volumes when told', () => {
    const v = create({ volumeName: 'gv0', existingVolumes: ['gv0'], layout: {}, bricks: on(['h1'], clean) });
    expect(v.errors[0]).toMatchObject({ code: 'volume-exists', gluster: 'Volume gv0 already exists' });
  });
});

it('refuses a version it cannot read as unusable', () => {
  expect(checkCreateWords(['h1:/b'], { glusterVersion: 'latest' })).toMatchObject({ usable: false, accepted: false, errors: [{ code: 'bad-version' }] });
});

describe('brick words no host could have (issue 11)', () => {
  it('refuses a host name that starts with "-"', () => {
    const v = words('replica 3 -h1:/b h2:/b h3:/b');
    expect(v.accepted).toBe(false);
    expect(v.errors[0]?.message).toMatch(/host "-h1": a host name cannot start with "-"/);
  });

  it('refuses "." and ".." components, naming the directory the path really is', () => {
    for (const [brick, real] of [['h1:/b/../c', '/c'], ['h1:/../../etc', '/etc'], ['h1:/b/./c', '/b/c']] as const) {
      const v = words(`replica 3 ${brick} h2:/b h3:/b`);
      expect(v.accepted, brick).toBe(false);
      expect(v.errors[0]?.message).toContain(`it resolves to ${real}`);
    }
  });
});

// The layout validator against real glusterd: layouts generated from the
// rules' parameters (replica, arbiter, thin-arbiter, the disperse/redundancy
// grid, stripe, brick counts around the multiples, one-host sets, root
// partition, mount points, duplicates, nested paths, names, odd words), each
// run for real with `gluster volume create` on a lab of six nodes (the last in
// a volume-less zone). For every layout the validator's accept/reject must be
// glusterd's. Every case gets directories of its own (BASE/cK), so the marks a
// failed create leaves on its bricks never reach another case; mount-point
// cases get a tmpfs of their own for the same reason.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkCreateWords, type BrickFacts } from '../../src/gluster/layout/index.js';
import type { InventoryHost } from '../../src/config/inventory.js';
import { eventually, sshRun, startTestLab, type TestLab } from './fixture.js';

interface Case {
  name: string;
  words: string[];
  what: string;
}

interface Outcome {
  rc: number;
  output: string;
}

const q = (word: string): string => `'${word}'`;

/** glusterd's words are among those the validator quoted for its reasons ("..." stands for any text). */
function reasonPredicted(output: string, quoted: readonly (string | undefined)[]): boolean {
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  const said = flat(output);
  return quoted.some((text) => text !== undefined && flat(text).split('...').map((f) => f.trim()).filter(Boolean).every((f) => said.includes(f)));
}

describe.skipIf(inject('labSkipReason') !== '')('layout validator vs glusterd 10.3', () => {
  let lab: TestLab;
  let hosts: InventoryHost[];
  let cases: Case[] = [];
  const mountCases: number[] = [];

  const base = (h: InventoryHost): string => (h.device === undefined ? '/mnt' : '/bricks');
  const node1 = (): InventoryHost => hosts[0]!;

  /** The lab as the test set it up: what each brick directory is, before the command runs. */
  function describeBrick(host: string, path: string): BrickFacts {
    const h = hosts.find((x) => x.name === host || x.address === host);
    if (!h) return {};
    const p = `/${path.split('/').filter(Boolean).join('/')}`;
    const root = base(h);
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    const caseDir = new RegExp(`^(${root}|/data)/c[0-9]+$`);
    const tmpfs = new RegExp(`^${root}/c([0-9]+)/m$`).exec(p);
    const isMountPoint = p === root || (tmpfs !== null && mountCases.includes(Number(tmpfs[1])));
    return {
      storage: p === root || p.startsWith(`${root}/`) ? (h.device === undefined ? 'transient' : 'volume') : 'root',
      isMountPoint,
      partOfVolume: false,
      overlapsExistingBrick: false,
      parentExists: ['/', '/data', root, '/var/lib/glusterd'].includes(parent) || caseDir.test(parent),
    };
  }

  function generate(): Case[] {
    const list: Case[] = [];
    const add = (what: string, make: (k: number) => { words: string[]; name?: string }) => {
      const k = list.length + 1;
      const made = make(k);
      list.push({ name: made.name ?? `lv${k}`, words: made.words, what });
    };
    const H = hosts;
    const brick = (k: number, h: number, j: number, sub = ''): string => `${H[h]!.name}:${base(H[h]!)}/c${k}/b${j}${sub}`;
    const spread = (k: number, n: number): string[] => Array.from({ length: n }, (_, j) => brick(k, j % H.length, j));
    const on = (k: number, hostIdx: number[]): string[] => hostIdx.map((h, j) => brick(k, h, j));
    const withForce = (words: string[], force: boolean) => (force ? [...words, 'force'] : words);

    // Replica counts 1..4 with brick counts around the multiples.
    for (const r of [1, 2, 3, 4]) {
      for (const n of [...new Set([r - 1, r, r + 1, 2 * r])].filter((n) => n >= 1)) {
        add(`replica ${r}, ${n} bricks`, (k) => ({ words: ['replica', String(r), ...spread(k, n)] }));
      }
    }
    // Arbiter variants and the counts around them.
    for (const [r, a] of [[3, 1], [2, 1], [4, 1], [3, 2], [3, 0]] as const) {
      for (const n of r === 3 && a === 1 ? [3, 4, 6] : [3, 6]) {
        add(`replica ${r} arbiter ${a}, ${n} bricks`, (k) => ({ words: ['replica', String(r), 'arbiter', String(a), ...spread(k, n)] }));
      }
    }
    add('arbiter before replica', (k) => ({ words: ['arbiter', '1', 'replica', '3', ...spread(k, 3)] }));
    add('arbiter after transport', (k) => ({ words: ['replica', '3', 'transport', 'tcp', 'arbiter', '1', ...spread(k, 3)] }));
    for (const n of [3, 4, 5]) {
      add(`replica 2 thin-arbiter 1, ${n} brick words`, (k) => ({ words: ['replica', '2', 'thin-arbiter', '1', ...spread(k, n)] }));
    }
    add('replica 3 thin-arbiter 1', (k) => ({ words: ['replica', '3', 'thin-arbiter', '1', ...spread(k, 4)] }));
    // The disperse/redundancy grid.
    for (const d of [2, 3, 4, 6]) {
      for (const r of [undefined, 1, 2, 3]) {
        const n = Math.max(d, 3);
        add(`disperse ${d}${r === undefined ? '' : ` redundancy ${r}`}, ${n} bricks`, (k) => ({
          words: ['disperse', String(d), ...(r === undefined ? [] : ['redundancy', String(r)]), ...spread(k, n)],
        }));
      }
    }
    for (const [d, n] of [[3, 4], [4, 5], [3, 6], [6, 12]] as const) {
      add(`disperse ${d}, ${n} bricks`, (k) => ({ words: ['disperse', String(d), ...spread(k, n)] }));
    }
    add('disperse without a count, 4 bricks', (k) => ({ words: ['disperse', ...spread(k, 4)] }));
    add('redundancy 2 alone, 6 bricks', (k) => ({ words: ['redundancy', '2', ...spread(k, 6)] }));
    for (const [data, red, disp, n] of [[4, 2, undefined, 6], [4, undefined, undefined, 6], [3, undefined, undefined, 6], [4, 2, 6, 6], [3, 2, 6, 6], [2, undefined, 3, 3], [1, 1, undefined, 2]] as const) {
      add(`disperse-data ${data}${red ? ` redundancy ${red}` : ''}${disp ? ` disperse ${disp}` : ''}, ${n} bricks`, (k) => ({
        words: [...(disp ? ['disperse', String(disp)] : []), 'disperse-data', String(data), ...(red ? ['redundancy', String(red)] : []), ...spread(k, n)],
      }));
    }
    add('replica and disperse together', (k) => ({ words: ['replica', '3', 'disperse', '3', ...spread(k, 3)] }));
    add('disperse given twice', (k) => ({ words: ['disperse', '3', 'disperse', '3', ...spread(k, 3)] }));
    add('four options', (k) => ({ words: ['disperse', '6', 'redundancy', '2', 'disperse-data', '4', 'transport', 'tcp', ...spread(k, 6)] }));
    // Stripe (removed in 10.x).
    add('stripe 2', (k) => ({ words: ['stripe', '2', ...spread(k, 2)] }));
    add('stripe 2 replica 2', (k) => ({ words: ['stripe', '2', 'replica', '2', ...spread(k, 4)] }));
    // Sets with two bricks on one host, with and without force.
    const sameHost: [string, string[], number[]][] = [
      ['replica 2 on one host', ['replica', '2'], [0, 0]],
      ['replica 3, two on one host', ['replica', '3'], [0, 1, 0]],
      ['2 x 2, second set on one host', ['replica', '2'], [0, 1, 2, 2]],
      ['arbiter on a data brick host', ['replica', '3', 'arbiter', '1'], [0, 1, 1]],
      ['disperse 3, two on one host', ['disperse', '3'], [0, 0, 1]],
      ['distribute, two on one host', [], [0, 0]],
    ];
    for (const [what, opts, placement] of sameHost) {
      for (const force of [false, true]) add(`${what}${force ? ' + force' : ''}`, (k) => ({ words: withForce([...opts, ...on(k, placement)], force) }));
    }
    // Bricks on the root partition (/data is on the machine's root filesystem).
    for (const force of [false, true]) {
      add(`root partition brick${force ? ' + force' : ''}`, (k) => ({ words: withForce([`${H[0]!.name}:/data/c${k}/b1`], force) }));
      add(`replica 3 with one root partition brick${force ? ' + force' : ''}`, (k) => ({
        words: withForce(['replica', '3', brick(k, 0, 1), `${H[1]!.name}:/data/c${k}/b2`, brick(k, 2, 3)], force),
      }));
    }
    add("inside glusterd's working directory + force", (k) => ({ words: [`${H[0]!.name}:/var/lib/glusterd/c${k}`, 'force'] }));
    // Bricks that are mount points (a tmpfs per case).
    for (const force of [false, true]) {
      add(`mount point brick${force ? ' + force' : ''}`, (k) => {
        mountCases.push(k);
        return { words: withForce([`${H[0]!.name}:${base(H[0]!)}/c${k}/m`], force) };
      });
      add(`replica 3 of mount points incl. the volume-less zone${force ? ' + force' : ''}`, (k) => {
        mountCases.push(k);
        return { words: withForce(['replica', '3', ...[0, 1, H.length - 1].map((h) => `${H[h]!.name}:${base(H[h]!)}/c${k}/m`)], force) };
      });
    }
    // Duplicates, spelled the same, differently, or through another name of the host.
    for (const force of [false, true]) {
      add(`duplicate brick${force ? ' + force' : ''}`, (k) => ({ words: withForce([brick(k, 0, 1), brick(k, 0, 1)], force) }));
      add(`duplicate brick with extra slashes${force ? ' + force' : ''}`, (k) => ({
        words: withForce([brick(k, 0, 1), `${H[0]!.name}:${base(H[0]!)}//c${k}/b1/`], force),
      }));
      add(`same brick by name and by address${force ? ' + force' : ''}`, (k) => ({
        words: withForce([brick(k, 0, 1), `${H[0]!.address}:${base(H[0]!)}/c${k}/b1`], force),
      }));
    }
    // Nested brick paths.
    for (const force of [false, true]) {
      add(`nested, parent first${force ? ' + force' : ''}`, (k) => ({ words: withForce([brick(k, 0, 1), brick(k, 0, 1, '/sub')], force) }));
      add(`nested, child first${force ? ' + force' : ''}`, (k) => ({ words: withForce([brick(k, 0, 1, '/sub'), brick(k, 0, 1)], force) }));
      add(`parent directory missing${force ? ' + force' : ''}`, (k) => ({ words: withForce([brick(k, 0, 1, '/x/y')], force) }));
    }
    // Volume names.
    const long = (n: number, c: string) => c.repeat(n);
    for (const name of ['all', 'force', 'Force', 'volume', 'help', 'description', '9lv', 'a.b', '-lv', long(256, 'x'), long(223, 'y'), long(222, 'z')]) {
      add(`volume name ${name.length > 20 ? `of ${name.length} characters` : `"${name}"`}`, (k) => ({ name, words: [brick(k, 0, 1)] }));
    }
    for (const pathLen of [41, 42]) {
      // name + host + path <= 246 (glusterd's volume file names), measured on 10.3.
      add(`volume name 200 + host + path of ${pathLen}`, (k) => {
        const dir = `${base(H[0]!)}/c${k}/`;
        return { name: long(200, String.fromCharCode(97 + (pathLen % 26))), words: [`${H[0]!.name}:${dir}${'p'.repeat(pathLen - dir.length)}`] };
      });
    }
    // Option words as the CLI reads them.
    for (const t of ['tcp', 'TCP', 'rdma', 'tcp,rdma', 'udp']) add(`transport ${t}`, (k) => ({ words: ['transport', t, ...spread(k, 2)] }));
    for (const words of [
      ['rep', '3'], ['replica', '3x'], ['replica', '0x3'], ['replica', '010'], ['Replica', '3'], ['red', '1'], ['replica', '-3'],
      ['replica', '4294967299'], ['disperse', '4294967299'], ['disperse', '0'], ['disperse', '3abc'], ['Disperse', '3'],
      ['replica', '3', 'arb', '1'], ['replica', '3', 'arbiter', '0x1'], ['replica', '3', 'arbiter'],
    ]) {
      add(`"${words.join(' ')}"`, (k) => ({ words: [...words, ...spread(k, 3)] }));
    }
    add('replica 3 and force but no bricks', () => ({ words: ['replica', '3', 'force'] }));
    add('force in the middle', (k) => ({ words: [brick(k, 0, 1), 'force', brick(k, 1, 2)] }));
    // Hosts.
    add('a host that is not a peer', (k) => ({ words: [brick(k, 0, 1), `node${H.length + 3}:/bricks/c${k}/b2`] }));
    add('a peer named by its address', (k) => ({ words: ['replica', '2', brick(k, 0, 1), `${H[1]!.address}:${base(H[1]!)}/c${k}/b2`] }));
    add('localhost brick', (k) => ({ words: [`localhost:/bricks/c${k}/b1`] }));
    add('relative brick path', (k) => ({ words: [`${H[0]!.name}:bricks/c${k}/b1`] }));
    return list;
  }

  beforeAll(async () => {
    lab = await startTestLab(6, 1);
    hosts = lab.inventory.hosts;
    cases = generate();
    const etcHosts = hosts.map((h) => `${h.address} ${h.name}`).join('\n');
    const setups = await Promise.all(hosts.map((h) => {
      const root = base(h);
      const disk = h.device === undefined ? '' : `mkfs.xfs -q -f -i size=512 ${h.device} && mkdir -p ${root} && mount ${h.device} ${root} && `;
      const mounts = mountCases.map((k) => `mkdir -p ${root}/c${k}/m && mount -t tmpfs tmpfs ${root}/c${k}/m`).join(' && ');
      return sshRun(lab, h.address, [
        `printf '%s\\n' '${etcHosts}' >> /etc/hosts`,
        'glusterd -p /run/glusterd.pid',
        `${disk}for k in $(seq 1 ${cases.length}); do mkdir -p ${root}/c$k /data/c$k; done`,
        ...(mounts ? [mounts] : []),
      ].join(' && '));
    }));
    setups.forEach((r, i) => expect(r.code, `${hosts[i]!.name}: ${r.stderr}`).toBe(0));
    const first = node1().address;
    await eventually(() => sshRun(lab, first, 'gluster --mode=script pool list'), (r) => r.code === 0);
    for (const h of hosts.slice(1)) {
      const probe = await eventually(() => sshRun(lab, first, `gluster --mode=script peer probe ${h.name}`), (r) => r.code === 0);
      expect(probe.code, probe.stdout + probe.stderr).toBe(0);
    }
    const status = await eventually(
      () => sshRun(lab, first, 'gluster --mode=script peer status'),
      (r) => (r.stdout.match(/Peer in Cluster \(Connected\)/g) ?? []).length === hosts.length - 1,
    );
    expect((status.stdout.match(/Peer in Cluster \(Connected\)/g) ?? []).length).toBe(hosts.length - 1);
  });

  afterAll(async () => {
    await lab?.down();
  });

  it('generates enough layouts from the rules', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('accepts exactly what glusterd accepts, layout by layout', async () => {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    const batch = 12;
    for (let i = 0; i < cases.length; i += batch) {
      const chunk = cases.slice(i, i + batch);
      const script = [
        'run() { n=$1; shift; out=$(gluster --mode=script volume create "$n" "$@" 2>&1); rc=$?;',
        '  if [ "$rc" = 0 ]; then gluster --mode=script volume delete "$n" >/dev/null 2>&1 || echo "@@DELETE-FAILED $n"; fi;',
        "  printf '@@CASE %s\\n%s\\n' \"$rc\" \"$out\"; }",
        ...chunk.map((c) => `run ${[c.name, ...c.words].map(q).join(' ')}`),
      ].join('\n');
      const r = await sshRun(lab, node1().address, script, 170_000);
      expect(r.stdout).not.toContain('@@DELETE-FAILED');
      const parts = r.stdout.split('@@CASE ').slice(1);
      expect(parts.length, r.stderr).toBe(chunk.length);
      for (const part of parts) {
        const nl = part.indexOf('\n');
        outcomes.push({ rc: Number(part.slice(0, nl)), output: part.slice(nl + 1).trim() });
      }
    }
    const peers = hosts.map((h) => ({ name: h.name, aliases: [h.address] }));
    const zones = [...new Set(hosts.map((h) => h.zone))];
    const disagreements: string[] = [];
    const otherReasons: string[] = [];
    let agree = 0;
    cases.forEach((c, i) => {
      const verdict = checkCreateWords(['gluster', '--mode=script', 'volume', 'create', c.name, ...c.words], {
        glusterVersion: '10.3',
        peers,
        zones,
        existingVolumes: [],
        describeBrick,
      });
      const glusterd = outcomes[i]!.rc === 0;
      if (process.env.LAYOUT_DIFF_VERBOSE) {
        const said = outcomes[i]!.output.split('\n')[0]!.replace(/^volume create: [^:]*: /, '').slice(0, 90);
        console.log(`${String(i + 1).padStart(3)} ${glusterd ? 'ok ' : 'no '} ${c.what.padEnd(50).slice(0, 50)} | ${said} | ${verdict.errors.map((e) => e.code).join(',')}`);
      }
      if (!glusterd && !verdict.accepted && !reasonPredicted(outcomes[i]!.output, verdict.errors.map((e) => e.gluster))) {
        otherReasons.push(`${c.what}: glusterd said "${outcomes[i]!.output.split('\n')[0]}", the validator quoted ${JSON.stringify(verdict.errors.map((e) => e.gluster))}`);
      }
      if (verdict.usable && verdict.accepted === glusterd) agree++;
      else {
        disagreements.push(
          `${c.what}: gluster volume create ${c.name.slice(0, 30)} ${c.words.join(' ')}\n` +
            `  glusterd: ${glusterd ? 'accepted' : `refused: ${outcomes[i]!.output.split('\n')[0]}`}\n` +
            `  validator: ${verdict.accepted ? 'accepted' : `refused: ${verdict.errors.map((e) => e.code).join(', ')}`}`,
        );
      }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`layout agreement: ${agree}/${cases.length} (${seconds} s for the gluster commands and checks)`);
    console.log(`refusals for the reason glusterd gave: ${outcomes.filter((o) => o.rc !== 0).length - otherReasons.length}/${outcomes.filter((o) => o.rc !== 0).length}`);
    if (disagreements.length > 0) console.log(disagreements.join('\n'));
    if (otherReasons.length > 0) console.log(otherReasons.join('\n'));
    expect(disagreements).toEqual([]);
    expect(otherReasons).toEqual([]);
    // Both outcomes must be well represented, or the agreement says little.
    const accepted = outcomes.filter((o) => o.rc === 0).length;
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(cases.length - accepted).toBeGreaterThanOrEqual(20);
  }, 900_000);
});

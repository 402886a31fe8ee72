import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitForHeal } from '../../src/commands/replace.js';
import { FakeExecutor } from '../support/fake-executor.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');
const HEAL_INFO = 'gluster --mode=script volume heal gv0 info --xml';

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('replace: waiting for the heal', () => {
  it('on timeout says what is still pending and is not done', async () => {
    // node3's brick does not answer: 12 entries pending on the others, for ever.
    const executor = new FakeExecutor().on('node1', HEAL_INFO, { stdout: fixture('heal-info-node3-down.xml') });
    const lines: string[] = [];
    const { now, sleep } = clock();
    const done = await waitForHeal(['gv0'], 'node1', 60_000, { executor }, { out: (l) => lines.push(l) }, sleep, now);
    expect(done).toBe(false);
    expect(lines[0]).toBe('heal gv0: 12 pending so far (node1:/data/glusterfs/brick1/brick 6, node2:/data/glusterfs/brick1/brick 6, node3:/data/glusterfs/brick1/brick not connected)');
    expect(lines.at(-1)).toMatch(/^the heal of gv0 is not finished after 60 s: heal gv0: 12 pending so far .* Nothing is detached yet/);
  });

  it('is done only after every brick answered 0 twice in a row', async () => {
    let calls = 0;
    const executor = new FakeExecutor().on('node1', HEAL_INFO, () => ({ stdout: fixture(++calls === 1 ? 'heal-info-node3-down.xml' : 'heal-info.xml') }));
    const lines: string[] = [];
    const { now, sleep } = clock();
    expect(await waitForHeal(['gv0'], 'node1', 60_000, { executor }, { out: (l) => lines.push(l) }, sleep, now)).toBe(true);
    expect(calls).toBe(3);
    expect(lines).toEqual([expect.stringMatching(/^heal gv0: 12 pending so far/), expect.stringMatching(/^heal gv0: 0 pending \(node1:\S+ 0, node2:\S+ 0, node3:\S+ 0\)$/)]);
  });
});

// glusterd busy with another transaction (issue 11): every gluster command the
// setup runs that changes the cluster waits and tries again with backoff, then
// says plainly that glusterd stayed busy.
import { describe, expect, it } from 'vitest';
import { parsePeerStatus } from '../../src/gluster/xml/index.js';
import { runItems } from '../../src/plan/runner.js';
import { GLUSTERD_BUSY_RETRY } from '../../src/steps/busy.js';
import { planProbe } from '../../src/steps/probe.js';
import { planVolume, parseVolumeCheck } from '../../src/steps/volume.js';
import { parseSections } from '../../src/steps/sections.js';
import type { PlanItem } from '../../src/steps/types.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { fixture, HOSTS, LAB_INTENT, LAB_INVENTORY } from './fixtures.js';

const BUSY = { code: 1, stderr: 'volume create: gv0: failed: Another transaction is in progress for gv0. Please try again after some time.\n' };
const LOCKED = { code: 1, stderr: 'peer probe: failed: Locking failed on node3. Please check log file for details.\n' };

const EMPTY_POOL = '<?xml version="1.0"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><peerStatus></peerStatus></cliOutput>';
const NO_VOLUMES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes><count>0</count></volumes></volInfo></cliOutput>\n';

function probeItems(): PlanItem[] {
  const facts = Object.fromEntries(HOSTS.map((h) => [h, parsePeerStatus(EMPTY_POOL)]));
  return planProbe({ facts, hostErrors: {} }, LAB_INTENT, LAB_INVENTORY).hosts.flatMap((h) => h.items);
}

/** The finished lab before `volume create` (as volume.test.ts builds it). */
function volumeItems(): PlanItem[] {
  const facts = Object.fromEntries(
    HOSTS.map((h) => {
      const text = fixture('finished', 'volume', h);
      const parts = parseSections(text);
      const replace: Record<string, string> = { info: NO_VOLUMES, status: 'Volume gv0 does not exist\n', brick: parts.brick!.text.replace(/^volid .*$/m, 'volid ') };
      const edited = Object.keys(parts).map((name) => `\n@@${name}\n${replace[name] ?? parts[name]!.text}`).join('');
      return [h, parseVolumeCheck(edited, LAB_INTENT)];
    }),
  );
  return planVolume({ facts, hostErrors: {} }, LAB_INTENT, LAB_INVENTORY).hosts.flatMap((h) => h.items);
}

describe('glusterd busy with another transaction', () => {
  it('peer probe, volume create and volume start all carry the busy retry', () => {
    const items = [...probeItems(), ...volumeItems()];
    expect(items.map((i) => i.command.text)).toEqual([
      'gluster --mode=script peer probe node2',
      'gluster --mode=script peer probe node3',
      expect.stringMatching(/^gluster --mode=script volume create gv0 /),
      'gluster --mode=script volume start gv0',
    ]);
    for (const i of items) expect(i.retry).toBe(GLUSTERD_BUSY_RETRY);
  });

  it('a busy glusterd is waited for with backoff, and the command then succeeds', async () => {
    const fake = new FakeExecutor()
      // Later rules win: locked twice, then the probe goes through.
      .on('node1', 'gluster --mode=script peer probe node2', { stdout: 'peer probe: success\n' })
      .on('node1', 'gluster --mode=script peer probe node2', { ...LOCKED, times: 2 })
      .on('node1', 'gluster --mode=script peer probe node3', { stdout: 'peer probe: success\n' });
    const slept: number[] = [];
    const out = await runItems(probeItems(), { executor: fake, source: 'probe', sleep: async (ms) => void slept.push(ms) });
    expect(out.ok).toBe(true);
    expect(out.outcomes.map((o) => o.attempts)).toEqual([3, 1]);
    expect(slept).toEqual([1000, 2000]);
  });

  it('a glusterd that stays busy is reported plainly: its words, how many tries, how long', async () => {
    const fake = new FakeExecutor().on('node1', /volume create/, BUSY);
    const slept: number[] = [];
    let clock = 0;
    const out = await runItems(volumeItems(), {
      executor: fake,
      source: 'volume',
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    expect(slept).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(out.failed?.error).toBe('exit 1: volume create: gv0: failed: Another transaction is in progress for gv0. Please try again after some time.: still so after 6 attempts over 31 s');
    // Nothing after the create ran: the start waits for a volume that exists.
    expect(fake.calls.filter((c) => /volume start/.test(c.command))).toEqual([]);
  });

  it('a failure that is not "busy" is not retried', async () => {
    const fake = new FakeExecutor().on('node1', /peer probe node2/, { code: 1, stderr: 'peer probe: failed: Probe returned with Transport endpoint is not connected\n' });
    const out = await runItems(probeItems(), { executor: fake, source: 'probe', sleep: async () => {} });
    expect(out.failed).toMatchObject({ attempts: 1, error: 'exit 1: peer probe: failed: Probe returned with Transport endpoint is not connected' });
  });
});

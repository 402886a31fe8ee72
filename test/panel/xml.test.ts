// The panel's parsers on XML captured from GlusterFS 10.3 (test/fixtures/gluster-10.3/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryName, parseHealInfo, parseHealSummary, parseVolumeGet, parseVolumeInfo, parseVolumeStatus } from '../../src/gluster/xml/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');

describe('heal info (entries) and heal info split-brain', () => {
  it('lists the files in split-brain per brick, by path or, where the brick only knows it, by gfid', () => {
    const bricks = parseHealInfo(fixture('heal-info-split-brain-files.xml'));
    expect(bricks.map((b) => [b.host, b.connected, b.count])).toEqual([
      ['node1', true, 2],
      ['node2', true, 2],
      ['node3', true, 2],
    ]);
    expect(bricks[0]!.entries).toEqual([{ gfid: 'c208a2e7-7c08-4124-8455-29aa26a3cf0d' }, { gfid: '93a1d200-8d3f-4b1b-93e2-37e251ae27ac' }]);
    expect(bricks[1]!.entries).toEqual([
      { gfid: 'c208a2e7-7c08-4124-8455-29aa26a3cf0d', path: '/sb1' },
      { gfid: '93a1d200-8d3f-4b1b-93e2-37e251ae27ac', path: '/sb2' },
    ]);
    expect(entryName(bricks[0]!.entries[0]!)).toBe('gfid:c208a2e7-7c08-4124-8455-29aa26a3cf0d');
    expect(entryName(bricks[1]!.entries[0]!)).toBe('/sb1');
  });
  it('reads plain heal info the same way (it does not mark split-brain)', () => {
    expect(parseHealInfo(fixture('heal-info-entries-split-brain.xml'))[2]!.entries.map((e) => e.path)).toEqual(['/sb1', '/sb2']);
    expect(parseHealInfo(fixture('heal-info.xml')).every((b) => b.entries.length === 0 && b.count === 0)).toBe(true);
  });
  it('gives a brick that cannot be reached no count', () => {
    const down = parseHealInfo(fixture('heal-info-node3-down.xml')).find((b) => b.host === 'node3')!;
    expect(down.connected).toBe(false);
    expect(down.count).toBeUndefined();
  });
});

describe('heal info summary in the states the panel reports', () => {
  it('a backlog that stays with the self-heal daemon off: counts on the two bricks that took the writes', () => {
    expect(parseHealSummary(fixture('heal-info-summary-shd-off-pending.xml')).map((b) => b.pending)).toEqual([6, 6, 0]);
  });
  it('split-brain counts', () => {
    expect(parseHealSummary(fixture('heal-info-summary-split-brain.xml')).map((b) => [b.pending, b.splitBrain])).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
  });
  it('a volume that is not started fails with opRet -1 (exit status 251)', () => {
    expect(() => parseHealSummary(fixture('heal-info-summary-not-started.xml'))).toThrow('Not able to fetch volfile from glusterd');
  });
});

describe('volume get VOL all', () => {
  const options = parseVolumeGet(fixture('volume-get-all.xml'));
  it('reads every option with its effective value, marking defaults', () => {
    // 342 <Opt> elements for 336 names: 10.3 lists a few twice (cluster.heal-timeout, features.ctime, ...)
    expect(Object.keys(options).length).toBeGreaterThan(300);
    expect(options['cluster.quorum-type']).toEqual({ value: 'auto', isDefault: false });
    expect(options['cluster.self-heal-daemon']).toEqual({ value: 'on', isDefault: true });
    expect(options['cluster.server-quorum-type']).toEqual({ value: 'off', isDefault: false });
    expect(options['cluster.server-quorum-ratio']!.value).toBe('51');
    expect(options['cluster.quorum-count']).toEqual({ value: '', isDefault: true });
  });
  it('reports a volume that does not exist with gluster\'s words', () => {
    expect(() => parseVolumeGet(fixture('volume-get-novolume.xml'))).toThrow('volume get failed: Volume nosuch does not exist');
  });
});

describe('volume info and status in the states the panel reports', () => {
  it('shows cluster.self-heal-daemon off once it is set', () => {
    expect(parseVolumeInfo(fixture('volume-info-shd-off.xml'))[0]!.options['cluster.self-heal-daemon']).toBe('off');
  });
  it('lists no self-heal daemon while it is off', () => {
    expect(parseVolumeStatus(fixture('volume-status-all-shd-off.xml'))[0]!.selfHealDaemons).toEqual([]);
  });
  it('lists a brick whose filesystem is not mounted as offline, pid -1 and port N/A', () => {
    const [status] = parseVolumeStatus(fixture('volume-status-detail-brick-unmounted.xml'));
    const node3 = status!.bricks.find((b) => b.hostname === 'node3')!;
    expect(node3).toMatchObject({ online: false });
    expect(node3.pid).toBeUndefined();
    expect(node3.port).toBeUndefined();
  });
  it('leaves out the bricks of a node whose glusterd is down', () => {
    const [status] = parseVolumeStatus(fixture('volume-status-all-node2-glusterd-down.xml'));
    expect(status!.bricks.map((b) => b.hostname)).toEqual(['node1', 'node3']);
  });
  it('has no volumes when none is started', () => {
    expect(parseVolumeStatus(fixture('volume-status-all-none-started.xml'))).toEqual([]);
  });
});

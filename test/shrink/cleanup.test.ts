import { describe, expect, it } from 'vitest';
import { parsePoolList, parseVolumeInfo } from '../../src/gluster/xml/index.js';
import type { ClientMount } from '../../src/panel/client-mounts.js';
import { planCleanup, planUnmount } from '../../src/shrink/cleanup.js';
import { parseClientFacts, type ClientFacts } from '../../src/shrink/facts.js';
import { parseReadFile, sha256 } from '../../src/steps/file-edit.js';
import { clientAnswer, FSTAB_WITH_MOUNT, FSTAB_WITHOUT_MOUNT, INVENTORY, poolListXml, volumeInfoXml } from './cluster-xml.js';

const facts = (mounts: ClientMount[], fstab = FSTAB_WITH_MOUNT): ClientFacts => ({ mounts, fstab: parseReadFile('/etc/fstab', `${sha256(fstab)}\n${fstab}`) });
const ours = (state: ClientMount['state']): ClientMount => ({ target: '/data/shared', source: 'localhost:/gv0', options: 'defaults,_netdev', state, ...(state === 'dead' ? { why: 'Transport endpoint is not connected' } : {}) });

describe('what is left of a leaving host', () => {
  it('reads the client check as the host answers it', () => {
    const parsed = parseClientFacts(clientAnswer(true, FSTAB_WITH_MOUNT));
    expect(parsed?.mounts).toEqual([{ target: '/data/shared', source: 'localhost:/gv0', options: 'defaults,_netdev', state: 'mounted' }]);
    expect(parsed?.fstab.text).toBe(FSTAB_WITH_MOUNT);
    expect(parseClientFacts('\n@@clients\nclients=begin\n')).toBeNull();
  });

  it('unmounts the console-made mount and drops only its fstab line', () => {
    const { items } = planUnmount('node4', 'gv0', facts([ours('mounted')]));
    expect(items.map((i) => i.command.text.split('\n')[0])).toEqual(['umount /data/shared', 'f=/etc/fstab']);
    expect(items[1]!.command.text).toContain(`printf '%s' '${FSTAB_WITHOUT_MOUNT}'`);
  });

  it('detaches a dead or hung client lazily; an unmounted one only loses its fstab line', () => {
    expect(planUnmount('node4', 'gv0', facts([ours('dead')])).items[0]!.command.text).toBe('umount -l /data/shared');
    expect(planUnmount('node4', 'gv0', facts([ours('hung')])).items[0]!.command.text).toBe('umount -l /data/shared');
    expect(planUnmount('node4', 'gv0', facts([ours('not-mounted')])).items.map((i) => i.command.text.split('\n')[0])).toEqual(['f=/etc/fstab']);
  });

  it('leaves mounts it did not make, and other volumes, alone', () => {
    const other: ClientMount = { target: '/mnt/gv1', source: 'node1:/gv1', options: 'defaults', state: 'mounted' };
    const byHand: ClientMount = { target: '/mnt/by-hand', source: 'node1:/gv0', options: 'defaults', state: 'mounted' };
    expect(planUnmount('node4', 'gv0', facts([other, byHand], FSTAB_WITHOUT_MOUNT)).items).toEqual([]);
  });

  it('an fstab that is not UTF-8 is not rewritten: the operator is told', () => {
    const f = facts([ours('not-mounted')]);
    const broken = { ...f, fstab: { ...f.fstab, sha256: 'not-the-hash-of-the-text' } };
    expect(planUnmount('node4', 'gv0', broken).blocked).toMatch(/not UTF-8: remove its gv0 line by hand/);
  });

  it('detaches only the leaving hosts that hold no brick of any volume, from the member', () => {
    const all = ['node1', 'node2', 'node3', 'node4', 'node5', 'node6'];
    const gv0 = parseVolumeInfo(volumeInfoXml(all.slice(0, 3)));
    const gv1 = parseVolumeInfo(volumeInfoXml(['node1', 'node2', 'node4'], 3, 'gv1'));
    const plan = planCleanup({
      volume: 'gv0',
      leaving: ['node4', 'node5', 'node6'],
      inventory: INVENTORY,
      cluster: { member: 'node1', volumes: [...gv0, ...gv1], pool: parsePoolList(poolListXml('node1', all.filter((h) => h !== 'node6'))) },
      clients: {},
    });
    expect(plan.detach.map((i) => `${i.host}: ${i.command.text}`)).toEqual(['node1: gluster --mode=script peer detach node5']);
    expect(plan.notes).toEqual(['node4 still holds bricks of gv1: it stays in the pool']);
  });
});

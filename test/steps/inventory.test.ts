import { describe, expect, it } from 'vitest';
import { formatBytes, inventoryStep, parseInventoryCheck, planInventory } from '../../src/steps/inventory.js';
import { SshError } from '../../src/ssh/types.js';
import { fixture, LAB_INTENT, LAB_INVENTORY, labExecutor } from './fixtures.js';

describe('step 0: the inventory check', () => {
  it('reads login, OS, GlusterFS and the brick device of a lab node', () => {
    const f = parseInventoryCheck('node1', fixture('fresh', 'inventory', 'node1'));
    expect(f.check).toMatchObject({ state: 'ok', effectiveUser: 'root', glusterVersion: '10.3', systemd: false });
    expect(f.deviceBytes).toBe(2 * 1024 ** 3);
    // The lab's disks are loop devices of the machine: none is offered as a free disk.
    expect(f.freeDisks).toEqual([]);
  });

  it('is done where the host answers as root and has its device; blocked otherwise, with the unused disks named', async () => {
    const fake = labExecutor((_s, host) => (host === 'node3' ? { error: new SshError('auth', 'node3', 'node3: no key was accepted') } : 'fresh'));
    const check = await inventoryStep.check({ executor: fake, inventory: LAB_INVENTORY, intent: LAB_INTENT });
    expect(check.hostErrors).toEqual({ node3: 'node3: no key was accepted' });
    const plan = planInventory(check, LAB_INTENT, LAB_INVENTORY);
    expect(plan.hosts.map((h) => [h.host, h.blocked])).toEqual([['node1', undefined], ['node2', undefined]]);
    expect(plan.hosts[0]!.notes).toEqual(['root · Debian GNU/Linux 12 (bookworm) · GlusterFS 10.3 · no systemd', 'brick device /dev/vdc (2.0 GiB)']);
    const missing = { ...check.facts.node1!, deviceBytes: null, freeDisks: [{ name: 'sdb', sizeBytes: 200 * 1024 ** 3 }] };
    expect(planInventory({ facts: { node1: missing }, hostErrors: {} }, LAB_INTENT, LAB_INVENTORY).hosts[0]!.blocked).toBe('/dev/vdc is not a block device on node1; unused disks there: /dev/sdb (200 GiB)');
  });

  it('formats sizes for people', () => {
    expect([formatBytes(512), formatBytes(2 * 1024 ** 3), formatBytes(1.5 * 1024 ** 4)]).toEqual(['512 B', '2.0 GiB', '1.5 TiB']);
  });
});

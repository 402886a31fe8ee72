// Check outputs captured on the lab (3 nodes, node3 in the volume-less zone),
// fresh from `lab up` and after a finished setup (volume gv0, replica 3), and
// a scripted executor that answers each step's check with them.
import { readFileSync } from 'node:fs';
import type { Inventory } from '../../src/config/inventory.js';
import { intentWith, type SetupIntent } from '../../src/steps/intent.js';
import type { StepId } from '../../src/steps/types.js';
import { FakeExecutor, type ScriptedAnswer } from '../support/fake-executor.js';

export type LabState = 'fresh' | 'finished';

export function fixture(state: LabState, step: StepId | 'probe', host: string): string {
  return readFileSync(new URL(`../fixtures/setup/${state}-${step}-${host}.txt`, import.meta.url), 'utf8');
}

export const LAB_INVENTORY: Inventory = {
  hosts: [
    { name: 'node1', address: '127.1.66.1', ssh: { user: 'root' }, zone: 'zone-a', device: '/dev/vdc' },
    { name: 'node2', address: '127.1.66.2', ssh: { user: 'root' }, zone: 'zone-a', device: '/dev/vdc' },
    { name: 'node3', address: '127.1.66.3', ssh: { user: 'root' }, zone: 'zone-b', transientDevice: '/dev/vdb' },
  ],
};

export const HOSTS = LAB_INVENTORY.hosts.map((h) => h.name);

export const LAB_INTENT: SetupIntent = intentWith({ volumeName: 'gv0', layout: 'replica 3' });

/** Which step a check command belongs to, from what only that check asks. */
export const CHECK_PATTERNS: Record<StepId, RegExp> = {
  inventory: /NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE/,
  hosts: /getent hosts/,
  install: /add-apt-repository/,
  bricks: /wipefs/,
  probe: /^if pidof glusterd >\/dev\/null 2>&1; then gluster --mode=script peer status --xml; else/,
  volume: /trusted\.glusterfs\.volume-id/,
  mount: /stat -f/,
};

/** A fake executor that answers every step's check on every host from the captured state. */
export function labExecutor(state: LabState | ((step: StepId, host: string) => LabState | string | ScriptedAnswer)): FakeExecutor {
  const fake = new FakeExecutor();
  for (const [step, pattern] of Object.entries(CHECK_PATTERNS) as Array<[StepId, RegExp]>) {
    fake.on('*', pattern, (host) => {
      const which = typeof state === 'function' ? state(step, host) : state;
      if (typeof which !== 'string') return which;
      const stdout = which === 'fresh' || which === 'finished' ? fixture(which, step, host) : which;
      return { stdout, code: step === 'probe' && stdout.includes('Connection failed') ? 1 : 0 };
    });
  }
  return fake;
}

import { describe, expect, it } from 'vitest';
import { nextNode } from '../../src/lab/add.js';
import { MAX_NODES } from '../../src/lab/lab.js';
import type { LabNodeState } from '../../src/lab/state.js';

const node = (index: number, address = `127.1.23.${index}`, sshPort = 22): LabNodeState => ({
  index,
  name: `node${index}`,
  address,
  sshPort,
  zone: 'zone-a',
  volumeless: false,
  disks: [],
});

describe('lab add: the next node', () => {
  it('takes the index after the highest, on the net and SSH port the lab already uses', () => {
    expect(nextNode({ nodes: [node(1), node(2), node(3)] }, false)).toEqual({ index: 4, address: '127.1.23.4', volumeless: false, sshPort: 22 });
    // The net comes from the lab's own record, not from the environment of the command that adds.
    expect(nextNode({ nodes: [node(1, '127.1.9.1', 2222), node(2, '127.1.9.2', 2222)] }, true)).toEqual({ index: 3, address: '127.1.9.3', volumeless: true, sshPort: 2222 });
  });

  it('never reuses a number, even when an earlier node is missing from the record', () => {
    expect(nextNode({ nodes: [node(1), node(3)] }, false).index).toBe(4);
  });

  it('refuses a lab at its size limit and an empty record', () => {
    const full = Array.from({ length: MAX_NODES }, (_, i) => node(i + 1));
    expect(() => nextNode({ nodes: full }, false)).toThrow(`at most ${MAX_NODES} nodes`);
    expect(() => nextNode({ nodes: [] }, false)).toThrow(/no nodes/);
  });
});

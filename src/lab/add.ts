// `lab add`: one more bare node in a running lab, made exactly as `lab up`
// makes its nodes (same net, same login key, same known_hosts), for the
// on-call case of a node that never comes back and is replaced by a new one.
// It holds the lab lock exclusively, like up and down: no other node command
// runs while the lab's files (lab.json, known_hosts, inventory) change.
import { readFileSync, rmSync } from 'node:fs';
import { writeInventoryFile } from '../config/inventory.js';
import { bootNode, createNode, detachDisk, LabError, labInventory, MAX_NODES, requireState, writeKnownHosts, type Log, type NewNode } from './lab.js';
import { readListeners, portBlocker } from './listeners.js';
import { labInventoryPath, nodeDir } from './paths.js';
import { preflight } from './preflight.js';
import { isAlive, killRef, waitFor } from './procs.js';
import { readLabState, updateLabState, withLabLock, type LabNodeState, type LabState } from './state.js';

/** The next node of a lab: the index after the highest, on the net and SSH port its nodes already use. */
export function nextNode(state: Pick<LabState, 'nodes'>, volumeless: boolean): NewNode {
  const first = state.nodes[0];
  if (!first) throw new LabError('the lab has no nodes to take the net and SSH port from: start it with "lab up"');
  const index = Math.max(...state.nodes.map((n) => n.index)) + 1;
  if (index > MAX_NODES) throw new LabError(`a lab has at most ${MAX_NODES} nodes; this one has node${index - 1}`);
  const net = first.address.split('.').slice(0, 3).join('.');
  const address = `${net}.${index}`;
  if (state.nodes.some((n) => n.address === address)) throw new LabError(`${address} is already a node of this lab`);
  return { index, address, volumeless, sshPort: first.sshPort };
}

export interface LabAddOptions {
  dir: string;
  /** A node of the volume-less zone: only a transient disk. */
  volumeless: boolean;
  log?: Log;
}

/** Adds one node, booted and in the lab's inventory and known_hosts; or, failing, leaves the lab as it was. */
export async function labAdd(options: LabAddOptions): Promise<{ node: LabNodeState }> {
  const { dir } = options;
  const log = options.log ?? (() => {});
  requireState(dir); // "no lab" at once, without waiting for the lock
  return withLabLock(dir, 'exclusive', async () => {
    const spec = nextNode(requireState(dir), options.volumeless);
    const check = preflight([spec.address]);
    const blocker = portBlocker(readListeners(), spec.address, spec.sshPort);
    const problems = [...check.problems, ...(blocker ? [`${blocker.address}:${blocker.port} is held by another process: node${spec.index}'s sshd could not listen`] : [])];
    if (problems.length > 0) throw new LabError(`node${spec.index} cannot be added; nothing was changed:\n  - ${problems.join('\n  - ')}`);
    const machineVol = readFileSync('/etc/glusterfs/glusterd.vol', 'utf8');
    let node: LabNodeState | undefined;
    try {
      node = await createNode(dir, spec, machineVol, log, (made) =>
        updateLabState(dir, (state) => {
          state.nodes.push(made);
        }),
      );
      log(`booting ${node.name} (${node.address})`);
      await bootNode(dir, node);
      const state = readLabState(dir)!;
      await writeKnownHosts(state);
      writeInventoryFile(labInventoryPath(dir), labInventory(state));
      return { node: state.nodes.find((n) => n.index === spec.index)! };
    } catch (err) {
      log(`lab add failed, undoing what it did: ${(err as Error).message}`);
      await removeNode(dir, spec.index, log);
      throw err;
    }
  });
}

/** Undoes a half-made node: its processes, disk, files and record; the other nodes are not touched. */
async function removeNode(dir: string, index: number, log: Log): Promise<void> {
  const state = readLabState(dir);
  const node = state?.nodes.find((n) => n.index === index);
  if (node) {
    killRef(node.init, 'SIGKILL');
    killRef(node.unshare, 'SIGKILL');
    await waitFor(() => !isAlive(node.init) && !isAlive(node.unshare), 10_000, 20);
    for (const disk of node.disks) await detachDisk(disk, log);
    await updateLabState(dir, (s) => {
      s.nodes = s.nodes.filter((n) => n.index !== index);
    });
  }
  rmSync(nodeDir(dir, index), { recursive: true, force: true });
  const after = readLabState(dir);
  if (after) {
    await writeKnownHosts(after);
    writeInventoryFile(labInventoryPath(dir), labInventory(after));
  }
}

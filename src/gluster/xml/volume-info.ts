// `gluster volume info --xml`: the volumes as configured (not whether they run).
import { splitBrickName } from './brick-name.js';
import { child, list, requireOk, text, toInt } from './cli-output.js';

export const VOLUME_STATUS: Record<number, string> = { 0: 'Created', 1: 'Started', 2: 'Stopped' };

export interface VolumeBrick {
  name: string;
  host: string;
  path: string;
  hostUuid: string;
  isArbiter: boolean;
}

export interface VolumeInfo {
  name: string;
  id: string;
  status: number;
  statusStr: string;
  brickCount: number;
  /** Number of replica/disperse sets (gluster calls it distCount). */
  distCount: number;
  replicaCount: number;
  arbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  type: number;
  typeStr: string;
  bricks: VolumeBrick[];
  options: Record<string, string>;
}

export function parseVolumeInfo(xml: string): VolumeInfo[] {
  const root = requireOk(xml, 'volume info');
  return list(child(child(root, 'volInfo'), 'volumes').volume).map((v) => {
    const status = toInt(v.status, -1);
    const options: Record<string, string> = {};
    for (const o of list(child(v, 'options').option)) options[text(o.name)] = text(o.value);
    return {
      name: text(v.name),
      id: text(v.id),
      status,
      statusStr: text(v.statusStr) || VOLUME_STATUS[status] || `status ${status}`,
      brickCount: toInt(v.brickCount, 0),
      distCount: toInt(v.distCount, 0),
      replicaCount: toInt(v.replicaCount, 0),
      arbiterCount: toInt(v.arbiterCount, 0),
      disperseCount: toInt(v.disperseCount, 0),
      redundancyCount: toInt(v.redundancyCount, 0),
      type: toInt(v.type, -1),
      typeStr: text(v.typeStr),
      bricks: list(child(v, 'bricks').brick).map((b) => {
        const name = text(b.name);
        return { name, ...splitBrickName(name), hostUuid: text(b.hostUuid) || text(b['@uuid']), isArbiter: text(b.isArbiter) === '1' };
      }),
      options,
    };
  });
}

/** The layout as gluster prints it: "1 x 3 = 3", "2 x (2 + 1) = 6", "1 x (4 + 2) = 6", or "3" for distribute. */
export function layoutString(v: VolumeInfo): string {
  const sets = Math.max(v.distCount, 1);
  if (v.disperseCount > 0) return `${sets} x (${v.disperseCount - v.redundancyCount} + ${v.redundancyCount}) = ${v.brickCount}`;
  if (v.arbiterCount > 0) return `${sets} x (${v.replicaCount - v.arbiterCount} + ${v.arbiterCount}) = ${v.brickCount}`;
  if (v.replicaCount > 1) return `${sets} x ${v.replicaCount} = ${v.brickCount}`;
  return `${v.brickCount}`;
}

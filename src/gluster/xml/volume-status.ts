// `gluster volume status VOL|all [detail] --xml`: what runs. Only started
// volumes appear, and the bricks of peers whose glusterd is down are simply
// absent: callers compare with volume info to find them.
import { child, list, optionalInt, requireOk, text } from './cli-output.js';

export interface BrickStatus {
  /** Brick host name as in volume info, or e.g. "Self-heal Daemon" for daemons. */
  hostname: string;
  path: string;
  peerid: string;
  online: boolean;
  port?: number;
  pid?: number;
  sizeTotal?: number;
  sizeFree?: number;
  device?: string;
  fsName?: string;
  mntOptions?: string;
}

export interface VolumeStatus {
  name: string;
  bricks: BrickStatus[];
  /** Self-heal daemons: path is the host (localhost = the node that answered). */
  selfHealDaemons: BrickStatus[];
  otherDaemons: BrickStatus[];
}

export function parseVolumeStatus(xml: string): VolumeStatus[] {
  const root = requireOk(xml, 'volume status');
  return list(child(child(root, 'volStatus'), 'volumes').volume).map((v) => {
    const nodes = list(v.node).map((n): BrickStatus => {
      const optional = (key: string) => {
        const t = text(n[key]);
        return t && t !== 'N/A' ? t : undefined;
      };
      const port = optionalInt(n.port);
      const pid = optionalInt(n.pid);
      const sizeTotal = optionalInt(n.sizeTotal);
      const sizeFree = optionalInt(n.sizeFree);
      const device = optional('device');
      const fsName = optional('fsName');
      const mntOptions = optional('mntOptions');
      return {
        hostname: text(n.hostname),
        path: text(n.path),
        peerid: text(n.peerid),
        online: text(n.status) === '1',
        ...(port !== undefined && port > 0 ? { port } : {}),
        ...(pid !== undefined && pid > 0 ? { pid } : {}),
        ...(sizeTotal !== undefined ? { sizeTotal } : {}),
        ...(sizeFree !== undefined ? { sizeFree } : {}),
        ...(device ? { device } : {}),
        ...(fsName ? { fsName } : {}),
        ...(mntOptions ? { mntOptions } : {}),
      };
    });
    const isBrick = (n: BrickStatus) => n.path.startsWith('/');
    return {
      name: text(v.volName),
      bricks: nodes.filter(isBrick),
      selfHealDaemons: nodes.filter((n) => !isBrick(n) && n.hostname === 'Self-heal Daemon'),
      otherDaemons: nodes.filter((n) => !isBrick(n) && n.hostname !== 'Self-heal Daemon'),
    };
  });
}

/**
 * Started volumes (per volume info) that a `volume status all` answer says
 * nothing about: absent, or listed with no brick and no daemon. glusterd lists
 * its own bricks of a started volume even when they are down, so such an
 * answer cannot be right; seen on 10.3 while another operator's `volume set`
 * loop ran (opRet 0, empty <volumes/>). Callers treat it as no answer.
 */
export function startedButSilent(info: ReadonlyArray<{ name: string; status: number; bricks: readonly unknown[] }>, status: readonly VolumeStatus[]): string[] {
  return info
    .filter((v) => v.status === 1 && v.bricks.length > 0)
    .filter((v) => {
      const s = status.find((x) => x.name === v.name);
      return !s || s.bricks.length + s.selfHealDaemons.length + s.otherDaemons.length === 0;
    })
    .map((v) => v.name);
}

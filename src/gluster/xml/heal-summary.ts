// `gluster volume heal VOL info summary --xml`: per brick, how many entries
// wait for healing. A brick that cannot be reached has a garbled status text
// and no counts: its counts are unknown, not zero.
import { optionalInt } from './cli-output.js';
import { healBricks } from './heal-bricks.js';

export interface BrickHeal {
  name: string;
  host: string;
  path: string;
  /** "Connected", or why not (e.g. "Transport endpoint is not connected"). */
  status: string;
  connected: boolean;
  total?: number;
  pending?: number;
  splitBrain?: number;
  possiblyHealing?: number;
}

export function parseHealSummary(xml: string): BrickHeal[] {
  return healBricks(xml).map(({ head, node: b }) => {
    const counts = head.connected
      ? {
          total: optionalInt(b.totalNumberOfEntries),
          pending: optionalInt(b.numberOfEntriesInHealPending),
          splitBrain: optionalInt(b.numberOfEntriesInSplitBrain),
          possiblyHealing: optionalInt(b.numberOfEntriesPossiblyHealing),
        }
      : {};
    const defined = Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)) as Partial<BrickHeal>;
    return { ...head, ...defined };
  });
}

// `gluster volume heal VOL info summary --xml`: per brick, how many entries
// wait for healing. A brick that cannot be reached has a garbled status text
// and no counts: its counts are unknown, not zero.
import { child, list, optionalInt, parseCliOutput, GlusterXmlError, text } from './cli-output.js';
import { splitBrickName } from './brick-name.js';

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
  const out = parseCliOutput(xml);
  if (!out.ok) throw new GlusterXmlError(`heal info failed: ${out.opErrstr || `opErrno ${out.opErrno}`}`);
  return list(child(child(out.root, 'healInfo'), 'bricks').brick).map((b) => {
    const name = text(b.name);
    const rawStatus = text(b.status);
    const connected = rawStatus === 'Connected';
    // "Failed to process entries completely. (Transport endpoint is not connected)totalNumberOfEntries0"
    const reason = /\(([^)]*)\)/.exec(rawStatus)?.[1];
    const counts = connected
      ? {
          total: optionalInt(b.totalNumberOfEntries),
          pending: optionalInt(b.numberOfEntriesInHealPending),
          splitBrain: optionalInt(b.numberOfEntriesInSplitBrain),
          possiblyHealing: optionalInt(b.numberOfEntriesPossiblyHealing),
        }
      : {};
    const defined = Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)) as Partial<BrickHeal>;
    return { name, ...splitBrickName(name), status: connected ? rawStatus : reason ?? rawStatus, connected, ...defined };
  });
}

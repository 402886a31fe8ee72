// What every `volume heal VOL info ... --xml` answer shares: the bricks, each
// with its name and whether it could be read. A brick that could not be read
// has a garbled status ("Failed to process entries completely. (Transport
// endpoint is not connected)totalNumberOfEntries0"): keep only the reason.
import { splitBrickName } from './brick-name.js';
import { child, GlusterXmlError, list, parseCliOutput, text, type XmlNode } from './cli-output.js';

export interface HealBrickHead {
  name: string;
  host: string;
  path: string;
  /** "Connected", or why not (e.g. "Transport endpoint is not connected"). */
  status: string;
  connected: boolean;
}

export function healBricks(xml: string): Array<{ head: HealBrickHead; node: XmlNode }> {
  const out = parseCliOutput(xml);
  if (!out.ok) throw new GlusterXmlError(`heal info failed: ${out.opErrstr || `opErrno ${out.opErrno}`}`);
  return list(child(child(out.root, 'healInfo'), 'bricks').brick).map((node) => {
    const name = text(node.name);
    const rawStatus = text(node.status);
    const connected = rawStatus === 'Connected';
    const status = connected ? rawStatus : (/\(([^)]*)\)/.exec(rawStatus)?.[1] ?? rawStatus);
    return { head: { name, ...splitBrickName(name), status, connected }, node };
  });
}

// `gluster volume heal VOL info --xml` and `... info split-brain --xml`: the
// entries per brick. A file is a path from the volume's root when the brick
// knows it, else "<gfid:UUID>"; both forms name the same entry on other bricks
// by its gfid attribute. Plain `info` does not say which entries are in
// split-brain: ask `info split-brain` for that.
import { child, list, parseCliOutput, GlusterXmlError, optionalInt, text } from './cli-output.js';
import { splitBrickName } from './brick-name.js';

export interface HealEntry {
  gfid: string;
  /** "/dir/file", or undefined when the brick only knows the gfid. */
  path?: string;
}

export interface BrickHealEntries {
  name: string;
  host: string;
  path: string;
  status: string;
  connected: boolean;
  /** Undefined when the brick could not be read. */
  count?: number;
  entries: HealEntry[];
}

export function parseHealInfo(xml: string): BrickHealEntries[] {
  const out = parseCliOutput(xml);
  if (!out.ok) throw new GlusterXmlError(`heal info failed: ${out.opErrstr || `opErrno ${out.opErrno}`}`);
  return list(child(child(out.root, 'healInfo'), 'bricks').brick).map((b) => {
    const name = text(b.name);
    const rawStatus = text(b.status);
    const connected = rawStatus === 'Connected';
    const entries = list(b.file).map((f): HealEntry => {
      const shown = text(f);
      const gfid = text(f['@gfid']) || (/^<gfid:([^>]+)>$/.exec(shown)?.[1] ?? '');
      return shown.startsWith('/') ? { gfid, path: shown } : { gfid };
    });
    // Files without attributes are plain strings to the parser; list() drops them, so read them here.
    const plain = (Array.isArray(b.file) ? b.file : b.file === undefined ? [] : [b.file]).filter((f): f is string => typeof f === 'string');
    for (const shown of plain) {
      const gfid = /^<gfid:([^>]+)>$/.exec(shown)?.[1] ?? '';
      entries.push(shown.startsWith('/') ? { gfid, path: shown } : { gfid });
    }
    const count = connected ? optionalInt(b.numberOfEntries) : undefined;
    return {
      name,
      ...splitBrickName(name),
      status: connected ? rawStatus : /\(([^)]*)\)/.exec(rawStatus)?.[1] ?? rawStatus,
      connected,
      ...(count !== undefined ? { count } : {}),
      entries,
    };
  });
}

/** How an entry is named to the split-brain CLI and to the operator: its path if known, else gfid:UUID. */
export function entryName(entry: HealEntry): string {
  return entry.path ?? `gfid:${entry.gfid}`;
}

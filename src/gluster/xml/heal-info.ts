// `gluster volume heal VOL info --xml` and `... info split-brain --xml`: the
// entries per brick. A file is a path from the volume's root when the brick
// knows it, else "<gfid:UUID>"; both forms name the same entry on other bricks
// by its gfid attribute. Plain `info` does not say which entries are in
// split-brain: ask `info split-brain` for that.
import { list, optionalInt, text } from './cli-output.js';
import { healBricks } from './heal-bricks.js';

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
  return healBricks(xml).map(({ head, node: b }) => {
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
    const count = head.connected ? optionalInt(b.numberOfEntries) : undefined;
    return {
      ...head,
      ...(count !== undefined ? { count } : {}),
      entries,
    };
  });
}

/** How an entry is named to the split-brain CLI and to the operator: its path if known, else gfid:UUID. */
export function entryName(entry: HealEntry): string {
  return entry.path ?? `gfid:${entry.gfid}`;
}

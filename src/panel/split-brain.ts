// Resolving one entry's split-brain from the panel: which policy applies to
// what the copies show (gluster/afr.ts), the plan, and the goal that reads the
// copies again, so "done" means the copies no longer blame each other (or no
// longer carry different gfids), not only that gluster said "Healed".
import { splitBrainPolicies, type SplitBrainKind } from '../gluster/afr.js';
import type { SplitBrainPolicy } from '../gluster/commands.js';
import { kindsOf, type CopyRead, type EntryRef } from './copies.js';
import type { Goal } from './fix.js';
import { splitBrainPlan, type Plan } from './plans.js';

export interface SplitBrainRequest {
  volume: string;
  /** Where gluster runs the resolution. */
  host: string;
  entry: EntryRef;
  policy: SplitBrainPolicy;
  /** The brick on screen: source-brick keeps its copy. */
  brick: string;
  /** The copies as last read (null: not read yet). */
  reads: readonly CopyRead[] | null;
}

const KIND_WORDS: Record<SplitBrainKind, string> = {
  gfid: 'gfid split-brain (one name, a different file on each side)',
  data: 'data split-brain',
  metadata: 'metadata split-brain (permissions or owner)',
  entry: 'entry split-brain of a directory',
};

export function kindWords(kinds: readonly SplitBrainKind[]): string {
  return kinds.map((k) => KIND_WORDS[k]).join(' and ');
}

/** The plan for this request, or why it is refused (with what to do instead). */
export function splitBrainRequestPlan(r: SplitBrainRequest): { plan: Plan; kinds: SplitBrainKind[] } | { refused: string } {
  if (!r.reads) return { refused: 'the copies on the bricks are still being read: try again in a moment' };
  const known = kindsOf(r.reads);
  if ('unknown' in known) return { refused: `not every brick's copy could be read, so which copy to keep cannot be judged: ${known.unknown}` };
  const choice = splitBrainPolicies(known.kinds, r.reads.map((x) => x.copy!)).find((c) => c.policy === r.policy)!;
  if (choice.refused) return { refused: choice.refused };
  if (r.policy === 'source-brick' && !r.reads.find((x) => x.brick === r.brick)?.copy?.exists) {
    return { refused: `${r.brick} holds no copy of this entry: open the brick whose copy should stay` };
  }
  if (known.kinds.includes('gfid') && !('path' in r.entry)) {
    return { refused: 'a gfid split-brain is resolved on the file\'s path, and no brick names its path: find it with the gfid (gfid2path) first' };
  }
  const file = 'path' in r.entry ? r.entry.path : `gfid:${r.entry.gfid}`;
  return { plan: splitBrainPlan(r.volume, r.host, r.policy, file, r.brick), kinds: known.kinds };
}

/** Met when the copies, read again, show no split-brain of any kind. */
export function splitBrainGoal(readAgain: () => Promise<readonly CopyRead[] | null>): Goal {
  return {
    async unmet() {
      const reads = await readAgain();
      if (!reads) return 'the copies could not be read again';
      const known = kindsOf(reads);
      if ('unknown' in known) return `the copies could not all be read again: ${known.unknown}`;
      return known.kinds.length === 0 ? null : `the copies still show ${kindWords(known.kinds)}`;
    },
    settleMs: 10_000,
  };
}

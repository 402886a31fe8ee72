// The layout as the operator types it, judged at once against the bricks the
// inventory promises (one per host with a device, at the brick mount), before
// any host is asked: accepted or not and why, the sets, what it survives, and
// the suggestions to take with one key. The volume step judges again with what
// the hosts really report (sizes, mount points, existing volumes).
import type { Inventory } from '../config/inventory.js';
import { suggestLayouts, type BrickInput, type Suggestion, type Verdict } from '../gluster/layout/index.js';
import { brickDevice } from './bricks.js';
import { brickDir, checkLayoutField, type SetupIntent } from './intent.js';
import { chooseLayout } from './volume.js';

export interface LayoutPreview {
  /** Problem with the words themselves (null: the words are usable). */
  wordsProblem: string | null;
  verdict: Verdict | null;
  /** What the chosen layout is, in words ("replica 3: 1 x 3 = 3 ..."). */
  source: string | null;
  /** Suggestions with keys 1-9, best first. */
  suggestions: Suggestion[];
}

export function inventoryBricks(inventory: Inventory, intent: SetupIntent): BrickInput[] {
  const path = brickDir(intent);
  return inventory.hosts
    .filter((h) => brickDevice(h) !== null)
    .map((h) => ({ host: h.name, path, zone: h.zone, storage: h.device ? 'volume' : 'transient', parentExists: true }) satisfies BrickInput);
}

export function previewLayout(inventory: Inventory, intent: SetupIntent, glusterVersion?: string): LayoutPreview {
  const bricks = inventoryBricks(inventory, intent);
  const facts = {
    glusterVersion: glusterVersion ?? '10.3',
    peers: inventory.hosts.map((h) => ({ name: h.name, aliases: [h.address] })),
    existingVolumes: [],
    zones: [...new Set(inventory.hosts.map((h) => h.zone))],
  };
  const suggestions = bricks.length > 0 ? suggestLayouts({ ...facts, bricks, limit: 9 }) : [];
  const wordsProblem = checkLayoutField(intent.layout, facts.glusterVersion);
  if (wordsProblem || bricks.length === 0) return { wordsProblem, verdict: null, source: null, suggestions };
  const chosen = chooseLayout(intent, bricks, facts);
  if ('problem' in chosen) return { wordsProblem: chosen.problem, verdict: null, source: null, suggestions };
  return { wordsProblem: null, verdict: chosen.verdict, source: chosen.source, suggestions };
}

/** The layout words of a suggestion, without its bricks (the volume step orders the bricks). */
export function suggestionLayoutText(s: Suggestion): string {
  return s.words.filter((w) => !w.includes(':')).join(' ');
}


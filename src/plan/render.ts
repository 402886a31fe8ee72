// Plans as plain text: what the operator reads before anything runs, in the
// setup's output and the panel's confirmation alike.
import type { PlanItem } from './item.js';

/** One item: its reason as a comment, then the exact command (every line of it). */
export function itemLines(item: PlanItem, indent = ''): string[] {
  return [`${indent}# ${item.why}`, ...item.command.text.split('\n').map((l, i) => `${indent}${i === 0 ? '$ ' : '  '}${l}`)];
}

/** A sequence across hosts, numbered, as it will run. */
export function sequenceLines(items: readonly PlanItem[]): string[] {
  return [
    'Runs, in this order, stopping at the first failure:',
    ...items.flatMap((s, i) => [`${i + 1}. on ${s.host}: ${s.command.text}`, `   ${s.why}`]),
  ];
}

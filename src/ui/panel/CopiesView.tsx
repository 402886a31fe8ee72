// The copies of the entry under the cursor, one line per brick, and the
// split-brain keys that apply to them (the others with the reason gluster
// would refuse them), so the operator chooses the copy that stays knowingly.
import { Box, Text } from 'ink';
import { splitBrainPolicies, type BrickCopy } from '../../gluster/afr.js';
import type { SplitBrainPolicy } from '../../gluster/commands.js';
import { kindsOf } from '../../panel/copies.js';
import { brickHostOf } from '../../panel/names.js';
import { formatBytes } from '../../panel/format.js';
import { kindWords } from '../../panel/split-brain.js';
import type { CopiesState } from './use-copies.js';

const KEYS: Record<SplitBrainPolicy, string> = { 'bigger-file': 'b keep the bigger copy', 'latest-mtime': 'm keep the copy modified last', 'source-brick': 's keep the copy on this brick' };

function when(seconds: number | undefined): string {
  return seconds === undefined ? '?' : `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The host of the volume's brick number `index` (AFR's client-N), as the copies name it. */
function hostOfIndex(all: readonly BrickCopy[], index: number): string {
  const brick = all.find((x) => x.index === index)?.brick;
  return brick ? brickHostOf(brick) : `brick ${index}`;
}

function copyLine(c: BrickCopy, all: readonly BrickCopy[]): string {
  if (!c.exists) return 'no copy';
  const blamed = [...c.blames].filter(([, p]) => p.data + p.metadata + p.entry > 0);
  const names = blamed.map(([i, p]) => `${hostOfIndex(all, i)} (${[p.data ? 'data' : '', p.metadata ? 'metadata' : '', p.entry ? 'entry' : ''].filter(Boolean).join('+')})`);
  return `${formatBytes(c.size)} · ${c.mode ?? '?'} ${c.owner ?? ''} · gfid ${c.gfid?.slice(0, 8) ?? '?'}${names.length ? ` · blames ${names.join(', ')}` : ''} · ${when(c.mtime)}`;
}

export function CopiesView({ copies, brick, readonly }: { copies: CopiesState | null; brick: string; readonly: boolean }) {
  if (!copies) return null;
  if (!copies.reads) return <Text dimColor>reading every brick's copy…</Text>;
  const known = kindsOf(copies.reads);
  const all = copies.reads.flatMap((r) => (r.copy ? [r.copy] : []));
  const head = 'unknown' in known ? `copies (not every brick answered: ${known.unknown})` : known.kinds.length === 0 ? 'copies: they do not blame each other (not in split-brain; the self-heal daemon heals it)' : `copies: ${kindWords(known.kinds)}`;
  const choices = 'kinds' in known ? splitBrainPolicies(known.kinds, all) : [];
  const usable = choices.filter((c) => c.refused === null);
  // A host name is enough unless the host holds several bricks of the volume.
  const hostOf = brickHostOf;
  const label = (b: string) => (copies.reads!.filter((r) => hostOf(r.brick) === hostOf(b)).length > 1 ? b : hostOf(b));
  return (
    <Box flexDirection="column">
      <Text color={'kinds' in known && known.kinds.length > 0 ? 'red' : undefined} wrap="truncate-end">{head}</Text>
      {copies.reads.map((r) => (
        <Text key={r.brick} wrap="truncate-end">
          {r.brick === brick ? '» ' : '  '}
          {label(r.brick)}: {r.copy ? copyLine(r.copy, all) : <Text color="yellow">{r.error}</Text>}
        </Text>
      ))}
      {!readonly && usable.length > 0 ? <Text color="yellow" wrap="truncate-end">{usable.map((c) => KEYS[c.policy]).join(' · ')}</Text> : null}
      {!readonly && usable.length > 0 && usable.length < choices.length ? (
        <Text dimColor wrap="truncate-end">not offered: {choices.filter((c) => c.refused).map((c) => `${c.policy}: ${c.refused}`).join('; ')}</Text>
      ) : null}
    </Box>
  );
}

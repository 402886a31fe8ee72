// What the inventory reader needs to say precisely what is wrong: which keys
// exist where (a typo such as `devcie:` must be an error, not a silently
// missing device), the closest known key, the type a value really has, and the
// identity of an address (one machine, however it is spelled).
import { isIPv4, isIPv6, printable } from './validate.js';

export const TOP_KEYS = ['hosts'] as const;
export const HOST_KEYS = ['name', 'address', 'ssh', 'zone', 'device', 'transientDevice'] as const;
export const SSH_KEYS = ['user', 'port', 'identityFile', 'knownHostsFile'] as const;

/** Edit distance where swapping two neighbours counts as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known key the operator most likely meant, if any is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  const lower = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (best === undefined || d < best.d) best = { key: candidate, d };
  }
  return best && best.d <= 2 && best.d < Math.max(2, lower.length / 2) ? best.key : undefined;
}

/** Errors for every key of `object` not in `known`, each with the closest known key. */
export function unknownKeys(object: Record<string, unknown>, known: readonly string[], where: string): string[] {
  return Object.keys(object)
    .filter((key) => !(known as readonly string[]).includes(key))
    .map((key) => {
      const near = closestKey(key, known);
      const at = `${where ? `${where}.` : ''}${printable(key.length > 64 ? `${key.slice(0, 64)}…` : key)}`;
      return `${at}: unknown key (${near ? `did you mean "${near}"?` : `known: ${known.join(', ')}`})`;
    });
}

/** The type of a parsed YAML/JSON value in the operator's words. */
export function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function expandIPv6(value: string): string {
  let text = value.toLowerCase();
  const v4 = text.includes('.') ? text.slice(text.lastIndexOf(':') + 1) : null;
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, text.lastIndexOf(':') + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

/** One spelling per machine: IPv6 written out in full, names in lower case (DNS ignores case). */
export function addressIdentity(address: string): string {
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return expandIPv6(address);
  return address.toLowerCase();
}

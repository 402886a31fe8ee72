// The gluster CLI reads counts with C's strtol (base 0), so "0x3" is 3, "010"
// is 8 and "3x" is 3 for `replica`, while `arbiter`, `disperse` and friends go
// through gf_string2int, which insists that the whole word is a number. Both
// are reproduced here because the verdict must match what glusterd does with
// the very same words.

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

interface Strtol {
  value: bigint;
  /** Index of the first character not used; 0 when no digits were found. */
  end: number;
  overflow: boolean;
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

export function cStrtol(s: string): Strtol {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0') {
    if ((s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitValue(s[i + 2]!) < 16) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  const start = i;
  let value = 0n;
  while (i < s.length && digitValue(s[i]!) < base) {
    value = value * BigInt(base) + BigInt(digitValue(s[i]!));
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (negative) value = -value;
  if (value > LONG_MAX) return { value: LONG_MAX, end: i, overflow: true };
  if (value < LONG_MIN) return { value: LONG_MIN, end: i, overflow: true };
  return { value, end: i, overflow: false };
}

/** `int32_t n = strtol(word, NULL, 0)`: any prefix counts, the rest is ignored, the long wraps into 32 bits. */
export function strtolInt32(s: string): number {
  return Number(BigInt.asIntN(32, cStrtol(s).value));
}

/** gluster's gf_string2int: the whole word must be a number. null where it fails. */
export function gfString2Int(s: string): number | null {
  const r = cStrtol(s);
  if (r.end === 0 || r.end !== s.length || r.overflow) return null;
  return Number(BigInt.asIntN(32, r.value));
}

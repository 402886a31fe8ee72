// Replacing a system file (/etc/hosts, /etc/fstab) the safe way: only if it is
// still what the check read, a backup next to it, the new text written to a
// temporary file and renamed over it. Where the file is a bind mount
// (containers), rename fails with EBUSY: then it is rewritten in place, after
// the backup. The new content must read back exactly.
import { createHash } from 'node:crypto';
import { sh, type Command } from '../shell/command.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a check learns about a file: its text and the hash of its bytes on the host. */
export interface FileFacts {
  path: string;
  exists: boolean;
  text: string;
  /** sha256 of the bytes on the host ('' when missing). */
  sha256: string;
}

/** Reads a file for a check: the hash line, then the text. */
export function readFileCommand(path: string): Command {
  return sh`if [ -e ${path} ]; then sha256sum < ${path} | cut -d ' ' -f 1; cat ${path}; else echo missing; fi`;
}

export function parseReadFile(path: string, output: string): FileFacts {
  const nl = output.indexOf('\n');
  const first = nl < 0 ? output : output.slice(0, nl);
  if (first.trim() === 'missing') return { path, exists: false, text: '', sha256: '' };
  return { path, exists: true, sha256: first.trim(), text: nl < 0 ? '' : output.slice(nl + 1) };
}

/** The text was decoded faithfully (the file is UTF-8): editing it will not change bytes we did not mean to. */
export function readFaithfully(file: FileFacts): boolean {
  return !file.exists || sha256(file.text) === file.sha256;
}

/**
 * Replaces `file.path` with `content` if the file still has the hash the check
 * saw. Exit 3 when it changed in between (check again), 1 on any other failure.
 */
export function replaceFileCommand(file: FileFacts, content: string): Command {
  const want = file.exists ? file.sha256 : 'missing';
  const after = sha256(content);
  return sh`f=${file.path}
if [ -e "$f" ]; then have=$(sha256sum < "$f" | cut -d ' ' -f 1); else have=missing; fi
if [ "$have" != ${want} ]; then echo "$f changed since it was checked: check again" >&2; exit 3; fi
tmp="$f.gluster-console.tmp"
if [ -e "$f" ]; then
  backup="$f.gluster-console-$(date +%Y%m%d-%H%M%S)"
  cp -p "$f" "$backup" || exit 1
  echo "backup: $backup"
fi
printf '%s' ${content} > "$tmp" || exit 1
if [ -e "$f" ]; then chmod --reference="$f" "$tmp"; chown --reference="$f" "$tmp"; else chmod 644 "$tmp"; fi
if mv -f "$tmp" "$f" 2>"$tmp.err"; then
  echo "replaced $f"
elif grep -qi busy "$tmp.err"; then
  cat "$tmp" > "$f" || exit 1
  echo "$f is a bind mount (rename: busy): rewrote it in place"
else
  cat "$tmp.err" >&2; rm -f "$tmp" "$tmp.err"; exit 1
fi
rm -f "$tmp" "$tmp.err"
[ "$(sha256sum < "$f" | cut -d ' ' -f 1)" = ${after} ] || { echo "$f does not read back as written" >&2; exit 1; }`;
}

/** Lines of a file's text without the final newline's empty entry. */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function textOf(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A unified-style list of what changes: "- old" and "+ new" lines, in file order. */
export function lineDiff(before: readonly string[], after: readonly string[]): string[] {
  // Small files: a longest-common-subsequence diff is plenty.
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${after[j]}`);
      j++;
    } else {
      out.push(`- ${before[i]}`);
      i++;
    }
  }
  return out;
}

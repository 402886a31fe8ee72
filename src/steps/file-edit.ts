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
 * A failed write removes what it made (the backup, the temp file: the file
 * itself is untouched until the rename) and says why in one line; a full
 * filesystem is named as such, whatever words the tool used (dash's printf
 * says only "I/O error").
 */
export function replaceFileCommand(file: FileFacts, content: string): Command {
  const want = file.exists ? file.sha256 : 'missing';
  const after = sha256(content);
  return sh`f=${file.path}
if [ -e "$f" ]; then have=$(sha256sum < "$f" | cut -d ' ' -f 1); else have=missing; fi
if [ "$have" != ${want} ]; then echo "$f changed since it was checked: check again" >&2; exit 3; fi
tmp="$f.gluster-console.tmp"
backup=
fail() {
  rm -f "$tmp" \${backup:+"$backup"}
  at=$(df -P "$(dirname "$f")" 2>/dev/null | awk 'NR==2 {print $4" "$6}')
  case "$1" in
    *"No space left"*) full=yes ;;
    *) if [ "\${at%% *}" = 0 ]; then full=yes; else full=; fi ;;
  esac
  if [ -n "$full" ]; then echo "no space left on \${at#* } (the filesystem that holds $f): $f is unchanged and nothing was left behind; free some space there and run again" >&2
  else printf '%s\\n' "$1" >&2; fi
  exit 1
}
if [ -e "$f" ]; then
  backup="$f.gluster-console-$(date +%Y%m%d-%H%M%S)"
  err=$(cp -p "$f" "$backup" 2>&1) || fail "$err"
  echo "backup: $backup"
fi
err=$(printf '%s' ${content} 2>&1 > "$tmp") || fail "$err"
if [ -e "$f" ]; then chmod --reference="$f" "$tmp"; chown --reference="$f" "$tmp"; else chmod 644 "$tmp"; fi
if err=$(mv -f "$tmp" "$f" 2>&1); then
  echo "replaced $f"
else
  case "$err" in
    *[Bb]usy*)
      # Rewriting in place truncates the file first: if that fails, put the backup's bytes back.
      if ! err=$(cat "$tmp" 2>&1 > "$f"); then
        rm -f "$tmp"
        if [ -n "$backup" ] && cat "$backup" > "$f"; then echo "$f: rewriting it in place failed ($err); restored it from $backup" >&2
        else echo "$f: rewriting it in place failed ($err); its old text is in $backup" >&2; fi
        exit 1
      fi
      echo "$f is a bind mount (rename: busy): rewrote it in place" ;;
    *) fail "$err" ;;
  esac
fi
rm -f "$tmp"
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

// A step's check asks a host several things in one round trip: each answer is
// printed after a marker line `@@name` (or `@@name rc=N` when its exit status
// matters), and this splits them apart again.
import { sh, type Command } from '../shell/command.js';

export interface Section {
  text: string;
  /** Exit status of the section's command when the marker carried one. */
  rc?: number;
}

// A marker is a line of its own; section() prints a newline before it, so the
// text between two markers is exactly what the command printed.
const MARKER = /(?:^|\n)@@([a-z0-9_.-]+)(?: rc=([0-9]+))?(?:\n|$)/g;

/** Splits output at marker lines; text before the first marker is dropped. */
export function parseSections(stdout: string): Record<string, Section> {
  const sections: Record<string, Section> = {};
  const found = [...stdout.matchAll(MARKER)];
  found.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const next = found[i + 1];
    const end = next ? next.index! : stdout.length;
    sections[m[1]!] = { text: stdout.slice(start, Math.max(start, end)), ...(m[2] !== undefined ? { rc: Number(m[2]) } : {}) };
  });
  return sections;
}

/**
 * One section: the command's output (stdout only) after `@@name`; with `rc`,
 * stderr joins the output and a second marker after it carries the exit status.
 * Each runs in a subshell, so an `exit` in one cannot end the others.
 */
export function section(name: string, command: Command, rc = false): Command {
  if (!/^[a-z0-9_.-]+$/.test(name)) throw new Error(`bad section name ${name}`);
  // printf '\n@@...': a marker must not glue onto output that lacks a final newline.
  if (!rc) return sh`printf '\\n@@%s\\n' ${name}
(
${command}
) 2>/dev/null`;
  return sh`printf '\\n@@%s\\n' ${`${name}.out`}
(
${command}
) 2>&1
printf '\\n@@%s rc=%s\\n' ${name} "$?"`;
}

/** The output and exit status of a section made with rc=true. */
export function sectionWithRc(sections: Record<string, Section>, name: string): { text: string; rc: number | null } {
  const out = sections[`${name}.out`];
  const marker = sections[name];
  return { text: out?.text ?? '', rc: marker?.rc ?? null };
}

/** Several sections in one script, each on its own lines. */
export function sections(...parts: Command[]): Command {
  if (parts.length === 0) throw new Error('sections() needs at least one section');
  return parts.slice(1).reduce((acc, part) => sh`${acc}
${part}`, parts[0]!);
}

/**
 * Several sections in one script that run at the same time on the host and
 * are printed in order: for checks whose questions each wait on a daemon
 * (three gluster CLI calls in a row take three times one, and seconds each on a
 * busy host). Each answer goes to a file of a private temporary directory,
 * removed at the end; where no such directory can be made, they run one after
 * another as sections() does.
 */
export function concurrentSections(...parts: Command[]): Command {
  if (parts.length === 0) throw new Error('concurrentSections() needs at least one section');
  const files = parts.map((_, i) => `s${i}`);
  const started = parts.map((part, i) => sh`(
${part}
) > "$gc_d"/${files[i]!} 2>/dev/null &`);
  return sh`gc_d=$(mktemp -d 2>/dev/null) || gc_d=
if [ -n "$gc_d" ]; then
${sections(...started)}
wait
(cd "$gc_d" && cat ${files})
rm -rf "$gc_d"
else
${sections(...parts)}
fi`;
}

// Step 1, host entries: every node must resolve every peer's name to the
// peer's inventory address. The per-host difference against /etc/hosts is
// planned (pure), a stale line for the same name is replaced rather than
// appended to, and the result is verified with `getent hosts` on every node.
import { isIPv4, isIPv6 } from '../config/validate.js';
import type { Inventory } from '../config/inventory.js';
import { sh } from '../shell/command.js';
import { lineDiff, linesOf, parseReadFile, readFaithfully, readFileCommand, replaceFileCommand, textOf, type FileFacts } from './file-edit.js';
import { hostNames, readHosts } from './read.js';
import { parseSections, section, sections } from './sections.js';
import type { CheckResult, HostPlan, StepDefinition, StepPlan } from './types.js';

export const HOSTS_FILE = '/etc/hosts';

export interface HostsFacts {
  file: FileFacts;
  /** name → the address `getent hosts name` answers ('' when it does not resolve). */
  resolves: Record<string, string>;
}

export type HostsCheck = CheckResult<Record<string, HostsFacts>>;

export interface HostEntry {
  name: string;
  address: string;
}

interface Line {
  text: string;
  address?: string;
  names: string[];
  comment: string;
}

/** One /etc/hosts line: address, names, and a trailing comment kept as written. */
export function parseHostsLine(text: string): Line {
  const hash = text.indexOf('#');
  const body = hash < 0 ? text : text.slice(0, hash);
  const comment = hash < 0 ? '' : text.slice(hash);
  const words = body.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { text, names: [], comment };
  return { text, address: words[0]!, names: words.slice(1), comment };
}

function formatLine(address: string, names: readonly string[], comment: string): string {
  return `${address}\t${names.join(' ')}${comment ? ` ${comment}` : ''}`;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The hosts file with every entry in place: lines that map an entry's name to
 * another address lose that name (a line left without names is replaced by
 * the entry's line, in its place); an entry with no line is appended. Lines
 * that are already right, comments and unrelated lines stay byte for byte.
 */
export function desiredHostsLines(current: readonly string[], entries: readonly HostEntry[]): string[] {
  let lines = current.map(parseHostsLine);
  const appended: Line[] = [];
  for (const entry of entries) {
    let placed = lines.some((l) => l.address === entry.address && l.names.some((n) => same(n, entry.name)));
    const next: Line[] = [];
    for (const line of lines) {
      const stale = line.address !== undefined && line.address !== entry.address && line.names.some((n) => same(n, entry.name));
      if (!stale) {
        next.push(line);
        continue;
      }
      const rest = line.names.filter((n) => !same(n, entry.name));
      if (rest.length > 0) next.push({ ...line, names: rest, text: formatLine(line.address!, rest, line.comment) });
      if (!placed) {
        // The entry takes the stale line's place, so the name keeps its position in the file.
        const text = formatLine(entry.address, [entry.name], '');
        if (rest.length > 0) next.splice(next.length - 1, 0, { text, address: entry.address, names: [entry.name], comment: '' });
        else next.push({ text, address: entry.address, names: [entry.name], comment: '' });
        placed = true;
      }
    }
    lines = next;
    if (!placed) appended.push({ text: formatLine(entry.address, [entry.name], ''), address: entry.address, names: [entry.name], comment: '' });
  }
  const out = lines.map((l) => l.text);
  if (appended.length > 0) {
    const marker = '# GlusterFS peers (gluster-console)';
    if (!out.includes(marker)) out.push(marker);
    out.push(...appended.map((l) => l.text));
  }
  return out;
}

export function hostsEntries(inventory: Inventory): HostEntry[] {
  return inventory.hosts.map((h) => ({ name: h.name, address: h.address }));
}

const isIp = (a: string) => isIPv4(a) || isIPv6(a);

/** getent prints IPv6 addresses in canonical form; compare loosely enough for that. */
function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function planHostsForHost(host: string, facts: HostsFacts, inventory: Inventory): HostPlan {
  const plan: HostPlan = { host, items: [], notes: [] };
  const entries = hostsEntries(inventory);
  if (entries.some((e) => same(e.name, 'localhost'))) {
    return { ...plan, blocked: 'a host in the inventory is named "localhost": give every host its own name' };
  }
  if (!readFaithfully(facts.file)) {
    return { ...plan, blocked: `${HOSTS_FILE} holds bytes that are not UTF-8: edit it by hand (the console will not rewrite what it cannot read exactly)` };
  }
  const ipEntries = entries.filter((e) => isIp(e.address));
  const current = linesOf(facts.file.text);
  const desired = desiredHostsLines(current, ipEntries);
  const diff = lineDiff(current, desired);
  if (diff.length > 0) {
    plan.items.push({
      host,
      command: replaceFileCommand(facts.file, textOf(desired)),
      why: `${HOSTS_FILE}: ${diff.filter((d) => d.startsWith('+')).length} line(s) in, ${diff.filter((d) => d.startsWith('-')).length} out (backup next to it, then an atomic rename)`,
    });
    plan.notes.push(...diff.map((d) => `${HOSTS_FILE} ${d}`));
    return plan;
  }
  // The file is right: what the resolver answers is the proof.
  const wrong: string[] = [];
  for (const entry of entries) {
    const answer = facts.resolves[entry.name] ?? '';
    if (isIp(entry.address)) {
      if (!sameAddress(answer, entry.address)) {
        wrong.push(`getent hosts ${entry.name} answers ${answer || 'nothing'}, not ${entry.address}, although ${HOSTS_FILE} has the line: check the "hosts:" line of /etc/nsswitch.conf (files first)`);
      }
    } else if (answer === '') {
      wrong.push(`${entry.name}'s inventory address ${entry.address} is a name, which /etc/hosts cannot map to, and ${entry.name} does not resolve here: give the inventory an IP address or add it to DNS`);
    }
  }
  if (wrong.length > 0) plan.blocked = wrong.join('; ');
  return plan;
}

export function planHosts(check: HostsCheck, _intent: unknown, inventory: Inventory): StepPlan {
  const hosts = inventory.hosts
    .filter((h) => check.hostErrors[h.name] === undefined && check.facts[h.name] !== undefined)
    .map((h) => planHostsForHost(h.name, check.facts[h.name]!, inventory));
  const named = inventory.hosts.filter((h) => !isIp(h.address)).map((h) => h.name);
  const notes = named.length > 0 ? [`${named.join(', ')}: the address is a name, so no /etc/hosts line is written for it; it must resolve through DNS`] : [];
  return { hosts, notes };
}

export function parseHostsCheck(stdout: string): HostsFacts {
  const parts = parseSections(stdout);
  const resolves: Record<string, string> = {};
  for (const line of linesOf(parts.getent?.text ?? '')) {
    const [name, address = ''] = line.trim().split(/\s+/);
    if (name) resolves[name] = address;
  }
  return { file: parseReadFile(HOSTS_FILE, parts.file?.text ?? ''), resolves };
}

export function hostsCheckCommand(names: readonly string[]) {
  return sections(
    section('file', readFileCommand(HOSTS_FILE)),
    section('getent', sh`for n in ${names}; do echo "$n $(getent hosts "$n" | awk 'NR==1 {print $1}')"; done`),
  );
}

export const hostsStep: StepDefinition<Record<string, HostsFacts>> = {
  id: 'hosts',
  number: 1,
  title: 'Host entries',
  summary: 'every node resolves every peer by name (/etc/hosts), verified with getent',
  async check(ctx) {
    const names = hostNames(ctx);
    const { results, errors } = await readHosts(ctx, names, () => hostsCheckCommand(names));
    const facts: Record<string, HostsFacts> = {};
    for (const [host, result] of Object.entries(results)) facts[host] = parseHostsCheck(result.stdout);
    return { facts, hostErrors: errors };
  },
  plan: planHosts,
};

// The volume's client mounts a host is meant to have: each glusterfs line of
// its /etc/fstab (the setup writes `localhost:/VOL /data/shared glusterfs
// defaults,_netdev,...`). After a cold boot the first node's `_netdev` mount
// can fail (its bricks were not up yet) and leave the mount point a plain
// directory on the root filesystem, where applications then write; gluster's
// own status shows nothing of it, only the host's mount table does. A FUSE
// mount whose client process died is still in the mount table but answers
// "Transport endpoint is not connected": not working either.
//
// Read with the host probe, in the same exec. The kernel's table comes from
// findmnt -k (it reads /proc/self/mountinfo and stats nothing, so a dead or
// hung FUSE mount cannot block it); only `stat -f` touches the mount, bounded
// by `timeout` so a hung FUSE mount cannot hold up the whole probe.
import { sh, type Command } from '../shell/command.js';
import { unescapeFindmnt } from './findmnt.js';

/** How long `stat -f` on a client mount may take before the mount counts as not answering. */
export const CLIENT_STAT_TIMEOUT_S = 5;

export interface ClientMount {
  target: string;
  /** fstab's source, e.g. localhost:/gv0. */
  source: string;
  options: string;
  /** mounted: in the mount table and answering; dead: in the table, but stat fails; hung: stat did not return in time. */
  state: 'mounted' | 'not-mounted' | 'dead' | 'hung';
  /** What stat said of a dead mount. */
  why?: string;
  /** Entries in the directory under a missing mount: what applications wrote to the root disk. */
  rootEntries?: number;
}

export const CLIENT_MOUNTS_BEGIN = 'clients=begin';
export const CLIENT_MOUNTS_END = 'clients=end';

export const CLIENT_MOUNTS_COMMAND: Command = sh`echo ${CLIENT_MOUNTS_BEGIN}
findmnt -n -r -k -t fuse.glusterfs -o TARGET 2>/dev/null | sed 's/^/mounted\\t/'
findmnt --fstab -n -r -t glusterfs -o TARGET,SOURCE,OPTIONS 2>/dev/null | while read -r t s o; do
  printf 'fstab\\t%s\\t%s\\t%s\\n' "$t" "$s" "$o"
  out=$(timeout -s KILL ${CLIENT_STAT_TIMEOUT_S} stat -f -c %T -- "$t" 2>&1); rc=$?
  # Entries underneath only matter where nothing is mounted: never list a live volume's root every refresh.
  case $out in fuse*) n=;; *) n=$(ls -A -- "$t" 2>/dev/null | wc -l);; esac
  printf 'live\\t%s\\t%s\\t%s\\t%s\\n' "$t" "$rc" "$(printf '%s' "$out" | tr '\\t\\n' '  ')" "$n"
done
echo ${CLIENT_MOUNTS_END}`;


/** The client mounts in a probe's output; undefined when the check did not run to its end. */
export function parseClientMounts(stdout: string): ClientMount[] | undefined {
  const lines = stdout.split('\n');
  const begin = lines.indexOf(CLIENT_MOUNTS_BEGIN);
  const end = lines.indexOf(CLIENT_MOUNTS_END);
  if (begin < 0 || end < begin) return undefined;
  const mounted = new Set<string>();
  const fstab: Array<Pick<ClientMount, 'target' | 'source' | 'options'>> = [];
  const live = new Map<string, { rc: number; out: string; entriesText: string }>();
  for (const line of lines.slice(begin + 1, end)) {
    const f = line.split('\t');
    if (f[0] === 'mounted' && f[1]) mounted.add(unescapeFindmnt(f[1]));
    else if (f[0] === 'fstab' && f[1]) fstab.push({ target: unescapeFindmnt(f[1]), source: unescapeFindmnt(f[2] ?? ''), options: unescapeFindmnt(f[3] ?? '') });
    else if (f[0] === 'live' && f[1]) live.set(unescapeFindmnt(f[1]), { rc: Number(f[2]), out: (f[3] ?? '').trim(), entriesText: (f[4] ?? '').trim() });
  }
  return fstab.map((e): ClientMount => {
    const check = live.get(e.target);
    if (!mounted.has(e.target)) {
      return { ...e, state: 'not-mounted', ...(check && /^[0-9]+$/.test(check.entriesText) ? { rootEntries: Number(check.entriesText) } : {}) };
    }
    if (!check) return { ...e, state: 'hung', why: 'its check did not run' };
    if (check.rc === 0) return { ...e, state: 'mounted' };
    // timeout -s KILL: the child dies of SIGKILL, 128 + 9.
    if (check.rc === 137 || check.rc === 124) return { ...e, state: 'hung', why: `stat -f did not return within ${CLIENT_STAT_TIMEOUT_S} s` };
    return { ...e, state: 'dead', why: check.out.replace(/^stat: cannot read file system information for [^:]*: /, '') || `stat -f exited ${check.rc}` };
  });
}

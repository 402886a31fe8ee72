// Where the setup may mount something (a brick filesystem, the volume's FUSE
// client): never over a directory the system lives in. Mounting over /usr
// takes /bin/sh away on merged-/usr systems; over /home or /var it hides the
// data there (and what still writes to it) until the next unmount. The one
// list of such paths, for the intent's fields and for the plans.

/** Mounting ON one of these (or on a parent of one, like "/") hides part of the system. */
export const SYSTEM_PATHS: readonly string[] = [
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/media',
  // cloud-init mounts the transient disk at /mnt: a brick there would be hidden by it, or hide it.
  '/mnt',
  '/opt', '/proc', '/root', '/run', '/sbin', '/snap', '/srv', '/sys', '/tmp', '/usr', '/var',
  '/var/lib', '/var/lib/glusterd', '/var/log', '/var/run', '/var/lock', '/var/tmp', '/var/cache', '/var/spool',
];

/**
 * Nothing is mounted anywhere INSIDE these either: the OS's own trees, kernel
 * filesystems, and tmpfs that is empty again after every boot (the fstab line
 * would find no mount point).
 */
export const SYSTEM_TREES: readonly string[] = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/tmp', '/usr',
  '/var/lib/glusterd', '/var/run', '/var/lock',
];

const within = (path: string, dir: string) => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

/**
 * Why `path` (absolute, normalised: no "." or ".." parts, no "//", no trailing
 * "/") is no place for a mount; null when it may be one.
 */
export function systemPathProblem(path: string): string | null {
  const tree = SYSTEM_TREES.find((t) => within(path, t));
  if (tree !== undefined && path !== tree) return `${path} is inside ${tree}, which belongs to the system: choose a directory of its own, e.g. under /data`;
  if (SYSTEM_PATHS.includes(path) || tree !== undefined) return `${path} is a system directory: mounting over it hides what the system keeps there; choose a directory of its own, e.g. under /data`;
  const child = SYSTEM_PATHS.find((s) => s !== path && within(s, path));
  if (child !== undefined) return `${path} holds the system directory ${child}: mounting over it would hide it; choose a directory of its own, e.g. under /data`;
  return null;
}

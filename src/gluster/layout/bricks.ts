// Brick words as the gluster CLI reads them: HOST:PATH split at the last ':',
// the path must start right after it with '/', repeated and trailing slashes
// are dropped (gf_canonicalize_path), and the loopback names are refused.

export interface BrickWord {
  host: string;
  path: string;
}

/** validate_brick_name + the split the CLI does; null when gluster would say "Wrong brick type". */
export function splitBrickWord(word: string): BrickWord | null {
  const colon = word.lastIndexOf(':');
  if (colon <= 0 || word[colon + 1] !== '/') return null;
  return { host: word.slice(0, colon), path: word.slice(colon + 1) };
}

/** gf_canonicalize_path: "//a//b/" → "/a/b". "." and ".." stay as they are, as in gluster. */
export function canonicalPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const parts = path.split('/').filter((p) => p !== '');
  return `/${parts.join('/')}`;
}

/** The CLI refuses these host names outright (names that merely resolve to loopback pass). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host.startsWith('0.');
}

/** `a` is `b` or one of its parent directories (both canonical). */
export function isSameOrParent(a: string, b: string): boolean {
  if (a === b) return true;
  if (a === '/') return true;
  return b.startsWith(`${a}/`);
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

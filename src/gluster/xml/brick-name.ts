// "HOST:/path" brick names. The path may itself contain ':' only in theory
// (gluster refuses it), so split at the first ':'.
export interface BrickName {
  host: string;
  path: string;
}

export function splitBrickName(name: string): BrickName {
  const at = name.indexOf(':');
  return at < 0 ? { host: '', path: name } : { host: name.slice(0, at), path: name.slice(at + 1) };
}

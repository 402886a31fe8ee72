// "HOST:/path" brick names. gluster splits at the last ':' (an IPv6 host
// holds colons; a brick path may not), and so do we.
export interface BrickName {
  host: string;
  path: string;
}

export function splitBrickName(name: string): BrickName {
  const at = name.lastIndexOf(':');
  return at < 0 ? { host: '', path: name } : { host: name.slice(0, at), path: name.slice(at + 1) };
}

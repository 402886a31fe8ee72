// Validation of operator input where it enters the program. Each check returns
// null when the value is acceptable and otherwise a message in the operator's
// terms. The command builder quotes everything anyway; these checks make sure a
// name or path means what it looks like before it gets near a shell or a config.

// Characters a terminal acts on instead of showing: C0 controls, DEL, C1 controls
// (U+009B alone starts a CSI sequence on many terminals), and the bidi and invisible
// formatting characters (U+202E shows text backwards, U+200B hides). Nothing read from
// a file or typed reaches the screen with one of them in it: see printable().
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

/** Longest local file path accepted (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/** Host names as /etc/hosts and gluster accept them (RFC 1123). */
export function validateHostName(value: string): string | null {
  if (value.length === 0) return 'a host name cannot be empty';
  if (value.length > 253) return 'a host name is at most 253 characters';
  if (!/^[A-Za-z0-9.-]+$/.test(value)) return `${shown(value)} is not a host name: use letters, digits, "-" and "."`;
  for (const label of value.split('.')) {
    if (label.length === 0) return `${shown(value)} has an empty part between dots`;
    if (label.length > 63) return `${shown(value)}: each part between dots is at most 63 characters`;
    if (label.startsWith('-') || label.endsWith('-')) return `${shown(value)}: a part cannot start or end with "-"`;
  }
  if (/^[0-9.]+$/.test(value)) return `${shown(value)} looks like an address, not a name`;
  return null;
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value) || !value.includes(':')) return false;
  const double = value.split('::').length - 1;
  if (double > 1) return false;
  const groups = value.split(':').filter((g) => g !== '');
  const last = groups.at(-1) ?? '';
  const tailIsV4 = last.includes('.');
  if (tailIsV4 && !isIPv4(last)) return false;
  const hexGroups = tailIsV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (tailIsV4 ? 2 : 0);
  return double === 1 ? count < 8 : count === 8;
}

/** An SSH/peer address: an IPv4 or IPv6 address, or a resolvable host name. */
export function validateAddress(value: string): string | null {
  if (value.length === 0) return 'an address cannot be empty';
  if (isIPv4(value) || isIPv6(value)) return null;
  if (/^[0-9.]+$/.test(value)) return `${shown(value)} is not a valid IPv4 address`;
  const asName = validateHostName(value);
  return asName ? `${shown(value)} is neither an IP address nor a host name` : null;
}

export function validatePort(value: string): string | null {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    return `${shown(value)} is not a port: use a number from 1 to 65535`;
  }
  return null;
}

/** Login names as useradd accepts them. */
export function validateUser(value: string): string | null {
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) {
    return `${shown(value)} is not a user name: lower-case letters, digits, "_" and "-", starting with a letter or "_"`;
  }
  return null;
}

export function validateZone(value: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value) || value.includes('..')) {
    return `${shown(value)} is not a zone name: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64`;
  }
  return null;
}

/**
 * A path on a remote host that commands will use (brick directories, mount points).
 * Deliberately narrower than POSIX: gluster brick specs are HOST:PATH and fstab is
 * whitespace-separated, so spaces, colons and shell metacharacters are refused.
 */
export function validateRemotePath(value: string): string | null {
  if (value.length > MAX_PATH_LENGTH) return `${shown(value)} is longer than ${MAX_PATH_LENGTH} characters`;
  if (!value.startsWith('/')) return `${shown(value)} is not an absolute path: it must start with "/"`;
  if (!/^\/[A-Za-z0-9._/+@=,-]*$/.test(value)) {
    return `${shown(value)} has characters a brick or mount path cannot have: use letters, digits and . _ - + @ = , /`;
  }
  if (value.split('/').some((part) => part === '..' || part === '.')) return `${shown(value)} contains "." or ".." parts`;
  if (value.includes('//')) return `${shown(value)} contains "//"`;
  return null;
}

/** A block device path such as /dev/vdc. */
export function validateDevicePath(value: string): string | null {
  if (value.length > MAX_PATH_LENGTH) return `${shown(value)} is longer than ${MAX_PATH_LENGTH} characters`;
  if (!/^\/dev\/[A-Za-z0-9._/-]+$/.test(value) || value.includes('..')) {
    return `${shown(value)} is not a device path like /dev/vdc`;
  }
  return null;
}

/**
 * A local file (key, known_hosts). It is opened here, never handed to a shell, so
 * spaces and non-ASCII letters (real in home directories) are fine; what could
 * make it mean something else when shown or copied into a command is not.
 */
export function validateAbsolutePath(value: string): string | null {
  if (UNSAFE.test(value)) return `${shown(value)}: a file path cannot contain control or invisible formatting characters such as newlines`;
  if (value.length > MAX_PATH_LENGTH) return `${shown(value)} is longer than ${MAX_PATH_LENGTH} characters`;
  if (!value.startsWith('/')) return `${shown(value)} is not an absolute path`;
  const odd = /["'`$;&|<>()]/.exec(value);
  if (odd) return `${shown(value)} contains "${odd[0]}": quotes and shell characters are not accepted in a file path`;
  if (value.split('/').some((part) => part === '..')) return `${shown(value)} contains a ".." part: write the path without it`;
  return null;
}

/** Shows a value without letting newlines, escape codes or bidi overrides act on the screen. */
export function printable(value: string): string {
  return value.replace(UNSAFE_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether printable() would change the text. */
export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/** A rejected value for an error message: printable, quoted, and cut short when long. */
export function shown(value: string, max = 80): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return `"${printable(cut)}"${value.length > max ? ` (${value.length} characters)` : ''}`;
}

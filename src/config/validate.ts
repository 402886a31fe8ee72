// Validation of operator input where it enters the program. Each check returns
// null when the value is acceptable and otherwise a message in the operator's
// terms. The command builder quotes everything anyway; these checks make sure a
// name or path means what it looks like before it gets near a shell or a config.

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Host names as /etc/hosts and gluster accept them (RFC 1123). */
export function validateHostName(value: string): string | null {
  if (value.length === 0) return 'a host name cannot be empty';
  if (value.length > 253) return 'a host name is at most 253 characters';
  if (!/^[A-Za-z0-9.-]+$/.test(value)) return `"${printable(value)}" is not a host name: use letters, digits, "-" and "."`;
  for (const label of value.split('.')) {
    if (label.length === 0) return `"${value}" has an empty part between dots`;
    if (label.length > 63) return `"${value}": each part between dots is at most 63 characters`;
    if (label.startsWith('-') || label.endsWith('-')) return `"${value}": a part cannot start or end with "-"`;
  }
  if (/^[0-9.]+$/.test(value)) return `"${value}" looks like an address, not a name`;
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
  const last = groups[groups.length - 1];
  const tailIsV4 = last !== undefined && last.includes('.');
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
  if (/^[0-9.]+$/.test(value)) return `"${value}" is not a valid IPv4 address`;
  const asName = validateHostName(value);
  return asName ? `"${printable(value)}" is neither an IP address nor a host name` : null;
}

export function validatePort(value: string): string | null {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    return `"${printable(value)}" is not a port: use a number from 1 to 65535`;
  }
  return null;
}

/** Login names as useradd accepts them. */
export function validateUser(value: string): string | null {
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) {
    return `"${printable(value)}" is not a user name: lower-case letters, digits, "_" and "-", starting with a letter or "_"`;
  }
  return null;
}

export function validateZone(value: string): string | null {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) {
    return `"${printable(value)}" is not a zone name: letters, digits, ".", "_" and "-", at most 64`;
  }
  return null;
}

/**
 * A path on a remote host that commands will use (brick directories, mount points).
 * Deliberately narrower than POSIX: gluster brick specs are HOST:PATH and fstab is
 * whitespace-separated, so spaces, colons and shell metacharacters are refused.
 */
export function validateRemotePath(value: string): string | null {
  if (!value.startsWith('/')) return `"${printable(value)}" is not an absolute path: it must start with "/"`;
  if (!/^\/[A-Za-z0-9._/+@=,-]*$/.test(value)) {
    return `"${printable(value)}" has characters a brick or mount path cannot have: use letters, digits and . _ - + @ = , /`;
  }
  if (value.split('/').some((part) => part === '..' || part === '.')) return `"${value}" contains "." or ".." parts`;
  if (value.includes('//')) return `"${value}" contains "//"`;
  return null;
}

/** A block device path such as /dev/vdc. */
export function validateDevicePath(value: string): string | null {
  if (!/^\/dev\/[A-Za-z0-9._/-]+$/.test(value) || value.includes('..')) {
    return `"${printable(value)}" is not a device path like /dev/vdc`;
  }
  return null;
}

/** A local file (key, known_hosts): any absolute path without control characters. */
export function validateAbsolutePath(value: string): string | null {
  if (CONTROL.test(value)) return 'a file path cannot contain control characters such as newlines';
  if (!value.startsWith('/')) return `"${value}" is not an absolute path`;
  return null;
}

/** Shows a rejected value without letting newlines or escape codes mess up the screen. */
export function printable(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// Reads a file the operator named (inventory, key, known_hosts, ssh config, the
// console's own files) without trusting what it is. readFileSync on /dev/zero or
// /dev/urandom grows memory until the process dies, and on a FIFO it blocks the
// whole process (open waits for a writer). So: open non-blocking, look at what
// the descriptor really is (fstat, after symlinks: a ~/.ssh/config that is a
// link into a dotfiles checkout is normal, but its target must be a regular
// file), refuse anything else or anything over a limit, and never read past it.
// No imports from the rest of src/: every layer may use this.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export interface ReadLimits {
  /** Refuse files larger than this many bytes. */
  maxBytes: number;
  /** Why the limit is what it is, shown when a file is over it. */
  why?: string;
}

/** `code` is the errno code of open (ENOENT, EACCES...), EISDIR, ENOTREG for other non-regular files, or EFBIG. */
export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    /** The message without the path. */
    readonly problem: string,
  ) {
    super(`${escapeControls(path)}: ${problem}`);
    this.name = 'FileReadError';
  }
}

// The same characters as printable() in src/config/validate.ts (C0, DEL, C1, bidi
// and invisible formatting): a path is shown in error messages, and a terminal must
// not interpret it. Kept here so this file stays free of imports from src/.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

export function formatLimit(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const OPEN_PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

export function readRegularFile(path: string, limits: ReadLimits): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new FileReadError(path, code, OPEN_PROBLEMS[code] ?? (err as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(path, st.isDirectory() ? 'EISDIR' : 'ENOTREG', `not a regular file (${kindOf(st)})`);
    const over = (size?: number) =>
      new FileReadError(path, 'EFBIG', `${size !== undefined ? `${size} bytes, ` : ''}more than the limit of ${formatLimit(limits.maxBytes)}${limits.why ? ` (${limits.why})` : ''}`);
    if (st.size > limits.maxBytes) throw over(st.size);
    // Read at most one byte past the limit: a file that grows meanwhile, or a /proc
    // file whose size says 0, still cannot make us read more than that.
    let buffer = Buffer.alloc(Math.min(limits.maxBytes + 1, st.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limits.maxBytes) throw over();
        const bigger = Buffer.alloc(Math.min(limits.maxBytes + 1, Math.max(buffer.length * 2, 64 * 1024)));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) return buffer.subarray(0, length);
      length += n;
    }
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new FileReadError(path, code, `cannot read: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

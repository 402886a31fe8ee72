// An Escape key press glued to the next key in one read from the terminal
// (tmux's `send-keys Escape Down`, a fast typist, a slow link) reaches Ink as
// one chunk, "\x1b\x1b[B" or "\x1bq", which Ink parses as Alt+Down or Alt+q:
// the Escape is lost and the next key arrives with `meta` set. The console
// binds no Alt key, so an ESC that does not begin a control sequence is always
// the Escape key: it is handed to Ink on its own, and the rest of the chunk only
// after Ink has emitted that lone Escape (Ink flushes a pending ESC on the
// setImmediate after the read that left it pending).

const ESC = '\u001B';

/**
 * The chunk cut after every ESC that is the Escape key: one followed by
 * another ESC, or by anything but "[" or "O" (CSI and SS3 sequences, the
 * arrows and function keys). An ESC at the end stays where it is: Ink itself
 * waits a moment for the rest of a sequence.
 */
export function splitLoneEscapes(chunk: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = chunk.indexOf(ESC); i !== -1 && i < chunk.length - 1; i = chunk.indexOf(ESC, i + 1)) {
    const next = chunk[i + 1];
    if (next === '[' || next === 'O') continue;
    parts.push(chunk.slice(from, i + 1));
    from = i + 1;
  }
  parts.push(chunk.slice(from));
  return parts;
}

type Readable = Pick<NodeJS.ReadStream, 'read' | 'emit'>;

/**
 * Makes `stdin.read()` (what Ink calls on every 'readable') return a lone
 * Escape as its own chunk, and the rest of the chunk on a later 'readable',
 * two turns of the event loop on, after Ink's flush of the Escape. Returns
 * the function that puts `read` back.
 */
export function separateEscapeKeys(stdin: Readable): () => void {
  const original = stdin.read;
  const queue: string[] = [];
  let held = false;
  const hold = () => {
    held = true;
    setImmediate(() =>
      setImmediate(() => {
        held = false;
        stdin.emit('readable');
      }),
    );
  };
  const read = function (this: unknown, size?: number) {
    if (held) return null;
    const queued = queue.shift();
    if (queued !== undefined) {
      if (queue.length > 0) hold();
      return queued;
    }
    const chunk: unknown = original.call(stdin, size);
    if (chunk === null || chunk === undefined) return chunk;
    const parts = splitLoneEscapes(typeof chunk === 'string' ? chunk : String(chunk));
    if (parts.length === 1) return chunk;
    queue.push(...parts.slice(1));
    hold();
    return parts[0];
  } as NodeJS.ReadStream['read'];
  stdin.read = read;
  return () => {
    if (stdin.read === read) stdin.read = original;
  };
}

// The terminal's size, and how many rows the frame leaves to the screen in it.
// A frame taller than the terminal scrolls its top into the terminal's history,
// where Ink can no longer erase it (copies of the header pile up): the frame
// stays within the terminal, and long content scrolls inside its own box.
import { createContext, useContext, useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  /** Unknown when stdout is not a terminal (component tests): no limit then. */
  rows: number | undefined;
}

/** The smallest terminal the screens are laid out for. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;

/** stdout's size, again on every resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || undefined });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** Rows the frame leaves to the screen's body; undefined when there is no limit. */
const BodyRowsContext = createContext<number | undefined>(undefined);
export const BodyRowsProvider = BodyRowsContext.Provider;

export function useBodyRows(): number | undefined {
  return useContext(BodyRowsContext);
}

/**
 * Plain text broken into lines of at most `width` characters, at spaces where
 * it can (as Ink wraps), continuation lines indented by `indent`.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = paragraph;
    let prefix = '';
    for (;;) {
      const room = Math.max(1, width - prefix.length);
      if (rest.length <= room) {
        out.push(prefix + rest);
        break;
      }
      const cut = rest.lastIndexOf(' ', room);
      const at = cut > 0 ? cut : room;
      out.push(prefix + rest.slice(0, at).trimEnd());
      rest = rest.slice(at).replace(/^ +/, '');
      if (rest === '') break;
      prefix = indent.length < width ? indent : '';
    }
  }
  return out;
}

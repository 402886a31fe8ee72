// The copies of the heal entry under the cursor, read from every brick when
// the cursor rests on it (on demand, never on every refresh), and read again
// when the panel's refresh count moves, so what the operator chooses from is
// at most one refresh old.
import { useEffect, useRef, useState } from 'react';
import type { CopyRead, EntryRef } from '../../panel/copies.js';
import type { PanelController } from './use-panel.js';

export interface CopiesState {
  key: string;
  reads: CopyRead[] | null;
}

/** How long the cursor rests on an entry before its copies are read. */
const SETTLE_MS = 250;

export function useCopies(controller: PanelController, volume: string | undefined, entry: EntryRef | undefined, refreshes: number): CopiesState | null {
  const key = volume && entry ? `${volume}\u0000${'path' in entry ? entry.path : `gfid:${entry.gfid}`}` : '';
  const [state, setState] = useState<CopiesState | null>(null);
  const current = useRef(key);
  current.current = key;
  useEffect(() => {
    if (!key || !volume || !entry) {
      setState(null);
      return undefined;
    }
    setState((s) => (s?.key === key ? s : { key, reads: null }));
    const timer = setTimeout(() => {
      void controller.readCopies(volume, entry).then((reads) => {
        if (current.current === key) setState({ key, reads });
      });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, refreshes, controller.executor]);
  return state?.key === key ? state : null;
}

// The welcome screen's menu, in a module without React: the screen and the
// first frame drawn before Ink (first-frame.ts) can list the same entries.
import type { ScreenId } from '../store/app-store.js';

export const WELCOME_MENU: ReadonlyArray<{ label: string; value: ScreenId }> = [
  { label: 'Check hosts', value: 'hosts' },
  { label: 'Guided setup', value: 'setup' },
  { label: 'Live panel', value: 'panel' },
  { label: 'Local lab', value: 'lab' },
  { label: 'Grow the cluster', value: 'grow' },
  { label: 'Shrink the cluster', value: 'shrink' },
];

// Key bindings of the "Shrink the cluster" screen. They join the one registry
// in ../keys.ts; running the shrink is dangerous, so --readonly drops it.
import type { KeyBinding } from '../keys.js';

export const SHRINK_BINDINGS: ReadonlyArray<KeyBinding> = [
  {
    id: 'shrink-pick',
    keys: 'Space',
    description: 'Pick or unpick the highlighted host as one that leaves',
    scope: 'shrink',
    dangerous: false,
    showInHelp: true,
    hint: 'pick',
    chords: [{ input: ' ' }],
  },
  {
    id: 'shrink-volume',
    keys: 'v',
    description: 'The next volume of the cluster',
    scope: 'shrink',
    dangerous: false,
    showInHelp: true,
    hint: 'volume',
    chords: [{ input: 'v' }],
  },
  {
    id: 'shrink-plan',
    keys: 'p',
    description: 'Plan the shrink for the picked hosts, or say why not (reads only)',
    scope: 'shrink',
    dangerous: false,
    showInHelp: true,
    hint: 'plan',
    chords: [{ input: 'p' }],
  },
  {
    id: 'shrink-apply',
    keys: 'a',
    description: 'Run the planned shrink: asks first; the commit needs the volume name',
    scope: 'shrink',
    dangerous: true,
    showInHelp: true,
    hint: 'apply',
    chords: [{ input: 'a' }],
  },
];

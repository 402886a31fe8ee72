// Key bindings of the "Grow the cluster" screen. They join the one registry in
// ../keys.ts; running the grow is dangerous, so --readonly drops it.
import type { KeyBinding } from '../keys.js';

export const GROW_BINDINGS: ReadonlyArray<KeyBinding> = [
  {
    id: 'grow-pick',
    keys: 'Space',
    description: 'Pick or unpick the highlighted host as a new one',
    scope: 'grow',
    dangerous: false,
    showInHelp: true,
    hint: 'pick',
    chords: [{ input: ' ' }],
  },
  {
    id: 'grow-volume',
    keys: 'v',
    description: 'The next volume of the cluster',
    scope: 'grow',
    dangerous: false,
    showInHelp: true,
    hint: 'volume',
    chords: [{ input: 'v' }],
  },
  {
    id: 'grow-plan',
    keys: 'p',
    description: 'Propose the add-brick for the picked hosts (reads only)',
    scope: 'grow',
    dangerous: false,
    showInHelp: true,
    hint: 'propose',
    chords: [{ input: 'p' }],
  },
  {
    id: 'grow-apply',
    keys: 'a',
    description: 'Run the proposed grow: asks before each part',
    scope: 'grow',
    dangerous: true,
    showInHelp: true,
    hint: 'apply',
    chords: [{ input: 'a' }],
  },
];

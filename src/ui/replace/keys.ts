// Key bindings of the "Replace a dead node" screen. They join the one registry
// in ../keys.ts; running the replace is dangerous, so --readonly drops it.
import type { KeyBinding } from '../keys.js';

export const REPLACE_BINDINGS: ReadonlyArray<KeyBinding> = [
  {
    id: 'replace-pick',
    keys: 'Space',
    description: 'Pick the highlighted host as the new one',
    scope: 'replace',
    dangerous: false,
    showInHelp: true,
    hint: 'pick',
    chords: [{ input: ' ' }],
  },
  {
    id: 'replace-plan',
    keys: 'p',
    description: 'Plan the replace, or say why not (reads only)',
    scope: 'replace',
    dangerous: false,
    showInHelp: true,
    hint: 'plan',
    chords: [{ input: 'p' }],
  },
  {
    id: 'replace-apply',
    keys: 'a',
    description: 'Run the planned replace: asks for the dead host name',
    scope: 'replace',
    dangerous: true,
    showInHelp: true,
    hint: 'apply',
    chords: [{ input: 'a' }],
  },
];

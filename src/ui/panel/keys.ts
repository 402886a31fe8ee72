// Key bindings of the panel screens. They join the one registry in ../keys.ts,
// so help, footer and --readonly treat them like every other binding.
import type { KeyBinding } from '../keys.js';

export const PANEL_BINDINGS: ReadonlyArray<KeyBinding> = [];

// The one list of key bindings. The help screen, the footer hint line and the
// key handlers all read it, so what the operator is told is what the keys do.
import type { Key } from 'ink';
import type { ScreenId } from '../store/app-store.js';
import { GROW_BINDINGS } from './grow/keys.js';
import { PANEL_BINDINGS } from './panel/keys.js';
import { REPLACE_BINDINGS } from './replace/keys.js';
import { SETUP_BINDINGS } from './setup/keys.js';
import { SHRINK_BINDINGS } from './shrink/keys.js';

export type KeyScope = 'global' | ScreenId;

/** What a binding answers to; every listed condition must hold. */
export interface KeyChord {
  /** The typed character(s); for ctrl chords Ink reports the letter. */
  input?: string;
  /** Ink key flags that must be set, e.g. 'escape'; any one of them is enough. */
  anyOf?: ReadonlyArray<KeyFlag>;
  ctrl?: boolean;
}

export type KeyFlag =
  | 'upArrow'
  | 'downArrow'
  | 'leftArrow'
  | 'rightArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'tab'
  | 'backspace'
  | 'delete';

export interface KeyBinding {
  id: string;
  /** How the key is shown to the operator. */
  keys: string;
  description: string;
  scope: KeyScope;
  /** Changes a host or discards saved data; --readonly leaves it out everywhere. */
  dangerous: boolean;
  showInHelp: boolean;
  /** The word for the one-line footer hint; no hint keeps it out of the footer. */
  hint?: string;
  /** Alternatives; the binding matches when any one chord does. */
  chords: ReadonlyArray<KeyChord>;
  /** Where in its scope it works: screen ids, or SCREEN:VIEW for a screen's sub-view; everywhere when left out. The footer shows it only there. */
  onlyIn?: ReadonlyArray<string>;
  /** Where in its scope it does nothing (same form as onlyIn). */
  notIn?: ReadonlyArray<string>;
}

const SHELL_BINDINGS: ReadonlyArray<KeyBinding> = [
  {
    id: 'move',
    keys: '↑/↓',
    description: 'Move through a list or menu (j/k also work)',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    hint: 'move',
    chords: [{ anyOf: ['upArrow', 'downArrow'] }, { input: 'j' }, { input: 'k' }],
    notIn: ['hosts', 'setup:step', 'setup:audit', 'setup:inventory-paste', 'panel:finding', 'panel:filter'],
  },
  {
    id: 'open',
    keys: 'Enter',
    description: 'Open or run the highlighted menu entry',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    hint: 'open',
    chords: [{ anyOf: ['return'] }],
    notIn: ['hosts', 'setup:step', 'setup:audit', 'setup:form', 'setup:inventory-edit', 'setup:inventory-paste', 'panel:brick', 'panel:finding', 'panel:filter'],
  },
  {
    id: 'back',
    keys: 'Esc',
    description: 'Go back to the previous screen, or close help',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    hint: 'back',
    chords: [{ anyOf: ['escape'] }],
  },
  {
    id: 'scroll',
    keys: 'PgUp/PgDn',
    description: 'Scroll a long list (help, a plan, the output) a page; [ ] too, Home/End to its ends',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    chords: [{ anyOf: ['pageUp', 'pageDown', 'home', 'end'] }, { input: '[' }, { input: ']' }],
  },
  {
    id: 'help',
    keys: '?',
    description: 'Show or hide this help',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    hint: 'help',
    chords: [{ input: '?' }],
  },
  {
    id: 'refresh',
    keys: 'ctrl-r',
    description: 'Refresh what the screen shows now (the live panel also refreshes on its own)',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    chords: [{ input: 'r', ctrl: true }],
  },
  {
    id: 'quit',
    keys: 'q',
    description: 'Quit gluster-console',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    hint: 'quit',
    chords: [{ input: 'q' }],
  },
  {
    // Works in text fields too; a screen running commands may take it first (setup-cancel).
    id: 'interrupt',
    keys: 'ctrl-c',
    description: 'Quit; while a setup step runs, cancel its commands (asks)',
    scope: 'global',
    dangerous: false,
    showInHelp: true,
    chords: [{ input: 'c', ctrl: true }],
  },
  {
    id: 'hosts-recheck',
    keys: 'r',
    description: 'Check every host again (login, root or sudo, OS, GlusterFS version)',
    scope: 'hosts',
    dangerous: false,
    showInHelp: true,
    hint: 'check again',
    chords: [{ input: 'r' }, { input: 'r', ctrl: true }],
  },
  {
    id: 'lab-import',
    keys: 'i',
    description: "Import the lab's inventory (asks before it replaces a different saved one)",
    scope: 'lab',
    dangerous: true,
    showInHelp: true,
    hint: 'import',
    chords: [{ input: 'i' }],
  },
];

export const KEY_BINDINGS: ReadonlyArray<KeyBinding> = [...SHELL_BINDINGS, ...SETUP_BINDINGS, ...PANEL_BINDINGS, ...SHRINK_BINDINGS, ...GROW_BINDINGS, ...REPLACE_BINDINGS];

export interface BindingFilter {
  readonly: boolean;
  /** Only bindings of these scopes; all scopes when left out. */
  scopes?: ReadonlyArray<KeyScope>;
}

export function visibleBindings(filter: BindingFilter, bindings: ReadonlyArray<KeyBinding> = KEY_BINDINGS): KeyBinding[] {
  return bindings.filter(
    (b) => b.showInHelp && !(filter.readonly && b.dangerous) && (filter.scopes === undefined || filter.scopes.includes(b.scope)),
  );
}

/** Whether the binding does something on this screen (and its sub-view, when the screen has told it). */
export function worksIn(binding: KeyBinding, screen: ScreenId, view?: string | null): boolean {
  const places = view ? [screen, `${screen}:${view}`] : [screen];
  if (binding.onlyIn && !binding.onlyIn.some((p) => places.includes(p))) return false;
  return !binding.notIn?.some((p) => places.includes(p));
}

export function footerHints(screen: ScreenId, readonly: boolean, bindings: ReadonlyArray<KeyBinding> = KEY_BINDINGS, view?: string | null): string {
  return visibleBindings({ readonly, scopes: ['global', screen] }, bindings)
    .filter((b) => b.hint !== undefined && worksIn(b, screen, view))
    .map((b) => `${b.keys} ${b.hint}`)
    .join('  ·  ');
}

function chordMatches(chord: KeyChord, input: string, key: Key): boolean {
  if (Boolean(chord.ctrl) !== key.ctrl) return false;
  if (key.meta && !chord.anyOf?.includes('escape')) return false;
  if (chord.input !== undefined && chord.input !== input) return false;
  if (chord.anyOf !== undefined && !chord.anyOf.some((flag) => key[flag])) return false;
  return chord.input !== undefined || chord.anyOf !== undefined;
}

/**
 * The binding a keypress from Ink's useInput means in this scope, if any.
 * Screen bindings win over global ones; dangerous ones never match under --readonly.
 */
export function matchKey(
  input: string,
  key: Key,
  context: { scope?: KeyScope; readonly?: boolean } = {},
  bindings: ReadonlyArray<KeyBinding> = KEY_BINDINGS,
): KeyBinding | undefined {
  const scope = context.scope ?? 'global';
  const candidates = bindings.filter((b) => (b.scope === scope || b.scope === 'global') && !(context.readonly && b.dangerous));
  candidates.sort((a, b) => Number(a.scope === 'global') - Number(b.scope === 'global'));
  return candidates.find((b) => b.chords.some((c) => chordMatches(c, input, key)));
}

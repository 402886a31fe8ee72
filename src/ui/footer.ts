// The footer line: the keys that work now, not every key of the screen. A
// question on screen owns the keyboard (only its answers work), help has its
// own few keys, and a text field takes letters as text (only its own keys and
// Esc work); otherwise the screen's bindings that work in its sub-view.
import type { ScreenId } from '../store/app-store.js';
import type { Prompt } from '../store/prompts.js';
import { footerHints, KEY_BINDINGS, visibleBindings, worksIn, type KeyBinding } from './keys.js';

export interface FooterContext {
  screen: ScreenId;
  readonly: boolean;
  helpVisible: boolean;
  prompt: Pick<Prompt, 'kind'> | null;
  textInputFocused: boolean;
  keyView: string | null;
}

const SEPARATOR = '  ·  ';

function keysOf(id: string, bindings: ReadonlyArray<KeyBinding>): string {
  return bindings.find((b) => b.id === id)?.keys ?? id;
}

export function footerNow(now: FooterContext, bindings: ReadonlyArray<KeyBinding> = KEY_BINDINGS): string {
  if (now.prompt) return now.prompt.kind === 'confirm' ? ['y yes', 'n/Esc no'].join(SEPARATOR) : ['Enter confirm', 'Esc cancel'].join(SEPARATOR);
  if (now.helpVisible) {
    return [`${keysOf('scroll', bindings)} scroll`, `${keysOf('back', bindings)} or ${keysOf('help', bindings)} close help`, `${keysOf('quit', bindings)} quit`].join(SEPARATOR);
  }
  if (now.textInputFocused) {
    // Only what the field's view names for itself, and Esc.
    return visibleBindings({ readonly: now.readonly, scopes: ['global', now.screen] }, bindings)
      .filter((b) => b.hint !== undefined && (b.id === 'back' || (b.onlyIn !== undefined && worksIn(b, now.screen, now.keyView))))
      .map((b) => `${b.keys} ${b.hint}`)
      .join(SEPARATOR);
  }
  return footerHints(now.screen, now.readonly, bindings, now.keyView);
}

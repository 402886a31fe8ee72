// One line of text the operator types. Whatever arrives is kept as typed,
// control characters and pasted line breaks included, so the field's check can
// say exactly what is wrong; the value is shown with those made visible.
import { Box, Text } from 'ink';
import { printable } from '../../config/validate.js';

export interface TextFieldProps {
  label: string;
  value: string;
  focused: boolean;
  /** The check's message for the current value, or null. */
  error: string | null;
  hint?: string;
  width?: number;
}

export interface Edit {
  value: string;
  /** Enter: a lone one, or one that ends what arrived in one read (typed faster than the screen reads). */
  submit: boolean;
}

/**
 * Applies what arrived in one read (one key, several keys typed faster than
 * the screen reads them, or a paste) to a value; null when it is no text
 * editing. Erase (DEL, BS) and ctrl-u (clear) act inside such a chunk too; a
 * line break inside a chunk is kept as text, so the field's check refuses it.
 */
export function editText(value: string, input: string, key: { backspace?: boolean; delete?: boolean; ctrl?: boolean; meta?: boolean; return?: boolean; escape?: boolean; tab?: boolean; upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean }): Edit | null {
  if (key.backspace || key.delete) return { value: [...value].slice(0, -1).join(''), submit: false };
  if (key.ctrl && input === 'u') return { value: '', submit: false };
  if (key.return && input.length <= 1) return { value, submit: true };
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
  if (input.length === 0) return null;
  const submit = /[^\r\n][\r\n]$/.test(input) && !/[\r\n]/.test(input.slice(0, -1));
  const text = submit ? input.slice(0, -1) : input;
  let next = value;
  for (const c of text) {
    if (c === '\u007f' || c === '\b') next = [...next].slice(0, -1).join('');
    else if (c === '\u0015') next = '';
    else next += c;
  }
  return { value: next, submit };
}

export function TextField({ label, value, focused, error, hint, width = 18 }: TextFieldProps) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={focused ? 'cyan' : undefined} bold={focused}>
          {focused ? '❯ ' : '  '}
          {label.padEnd(width)}
        </Text>
        <Text underline={focused}>{printable(value)}</Text>
        {focused ? <Text inverse> </Text> : null}
        {hint && !value ? <Text dimColor> {hint}</Text> : null}
      </Text>
      {error ? <Text color="red">{`    ✗ ${error}`}</Text> : null}
    </Box>
  );
}

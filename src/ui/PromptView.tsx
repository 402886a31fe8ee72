// The question on top of every screen: y/n, a hidden passphrase, or a word the
// operator must type exactly. Esc always answers "no" / cancels.
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useAppStore } from '../store/app-store.js';
import type { Prompt } from '../store/prompts.js';
import { wrapText } from './layout.js';

/** How many terminal rows the question takes at this width (its border included). */
export function promptRows(prompt: Prompt, columns: number): number {
  const inner = Math.max(1, columns - 4);
  const text = [prompt.title, ...prompt.lines].reduce((n, line) => n + wrapText(line, inner).length, 0);
  // confirm: the y/n line; typed or secret: the answer, a possible mismatch (two rows), the hint.
  return 2 + text + (prompt.kind === 'confirm' ? 1 : 4);
}

export function PromptView({ prompt }: { prompt: Prompt }) {
  const answer = useAppStore((s) => s.answerPrompt);
  // The text lives in a ref too: chunks that arrive in one tick must each see
  // the previous one's result, which a render-time closure would not.
  const textRef = useRef('');
  const [text, setTextState] = useState('');
  const setText = (value: string) => {
    textRef.current = value;
    setTextState(value);
  };
  const [mismatch, setMismatch] = useState(false);

  useInput((input, key) => {
    // Ctrl-C at a question means no, as Esc does (Ink's own exit on Ctrl-C is off: ui/app-start.tsx).
    if (key.escape || (key.ctrl && input === 'c')) {
      answer(null);
      return;
    }
    if (prompt.kind === 'confirm') {
      if (input === 'y' || input === 'Y') answer('yes');
      else if (input === 'n' || input === 'N') answer(null);
      return;
    }
    if (key.return && input.length <= 1) {
      submit(textRef.current);
      return;
    }
    if (key.backspace || key.delete) {
      setText(textRef.current.slice(0, -1));
      return;
    }
    if (key.ctrl || key.meta) return;
    // A paste or fast typing arrives as one chunk ("node3\r"): take it character
    // by character, so the text before a newline is kept and the newline submits.
    let next = textRef.current;
    for (const ch of input) {
      if (ch === '\r' || ch === '\n') {
        submit(next);
        return;
      }
      if (ch === '\u007f' || ch === '\b') next = next.slice(0, -1);
      else if (!/[\u0000-\u001f]/.test(ch)) next += ch;
    }
    setMismatch(false);
    setText(next);
  });

  function submit(value: string) {
    if (prompt.kind === 'typed' && value !== prompt.expect) {
      setText(value);
      setMismatch(true);
      return;
    }
    answer(value);
  }

  const shown = prompt.kind === 'secret' ? '•'.repeat(text.length) : text;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        {prompt.title}
      </Text>
      {prompt.lines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      {prompt.kind === 'confirm' ? (
        <Text>
          <Text bold>y</Text> yes · <Text bold>n</Text>/Esc no
        </Text>
      ) : (
        <Box flexDirection="column">
          <Text>
            {prompt.kind === 'typed' ? `Type ${prompt.expect} to confirm: ` : 'Passphrase: '}
            {shown}
            <Text inverse> </Text>
          </Text>
          {mismatch ? <Text color="red">That is not "{prompt.expect}": nothing was done. Type it exactly, or Esc to cancel.</Text> : null}
          <Text dimColor>Enter to confirm · Esc to cancel</Text>
        </Box>
      )}
    </Box>
  );
}

// The question on top of every screen: y/n, a hidden passphrase, or a word the
// operator must type exactly. Esc always answers "no" / cancels.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useAppStore } from '../store/app-store.js';
import type { Prompt } from '../store/prompts.js';

export function PromptView({ prompt }: { prompt: Prompt }) {
  const answer = useAppStore((s) => s.answerPrompt);
  const [text, setText] = useState('');
  const [mismatch, setMismatch] = useState(false);

  useInput((input, key) => {
    if (key.escape) {
      answer(null);
      return;
    }
    if (prompt.kind === 'confirm') {
      if (input === 'y' || input === 'Y') answer('yes');
      else if (input === 'n' || input === 'N') answer(null);
      return;
    }
    if (key.return) {
      if (prompt.kind === 'typed' && text !== prompt.expect) {
        setMismatch(true);
        return;
      }
      answer(text);
      return;
    }
    if (key.backspace || key.delete) {
      setText((t) => t.slice(0, -1));
      return;
    }
    if (!key.ctrl && !key.meta && input.length > 0 && !/[\u0000-\u001f\u007f]/.test(input)) {
      setMismatch(false);
      setText((t) => t + input);
    }
  });

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

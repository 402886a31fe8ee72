// Under the layout field: the validator's verdict on what is typed, recomputed
// on every key press against the inventory's bricks, and the suggestions that
// a digit takes while the field is empty.
import { Box, Text } from 'ink';
import type { LayoutPreview as Preview } from '../../steps/layout-preview.js';
import { suggestionLayoutText } from '../../steps/layout-preview.js';

export function LayoutPreview({ preview, empty, fieldError }: { preview: Preview; empty: boolean; fieldError: string | null }) {
  const { verdict, wordsProblem, source, suggestions } = preview;
  return (
    <Box flexDirection="column" marginLeft={2}>
      {wordsProblem && wordsProblem !== fieldError ? <Text color="red">✗ {wordsProblem}</Text> : null}
      {verdict ? (
        <Box flexDirection="column">
          <Text color={verdict.accepted ? 'green' : 'red'}>
            {verdict.accepted ? '✓ glusterd would accept it' : '✗ glusterd would refuse it'}
            {source ? `: ${source}` : ''}
          </Text>
          {verdict.errors.map((e, i) => (
            <Text key={`e${i}`} color="red">
              {'  '}
              {e.message} — fix: {e.fix}
            </Text>
          ))}
          {verdict.summary
            ? verdict.summary.sets.map((set, i) => (
                <Text key={`s${i}`} dimColor>
                  {'  '}set {i + 1}: {set.bricks.map((b) => `${b.host}${b.zone ? ` (${b.zone})` : ''}`).join('  ')}
                </Text>
              ))
            : null}
          {verdict.summary ? <Text dimColor>{'  '}survives: {verdict.summary.survives.text}</Text> : null}
          {verdict.warnings.map((w, i) => (
            <Text key={`w${i}`} color="yellow">
              {'  '}! {w.message}
            </Text>
          ))}
        </Box>
      ) : null}
      {suggestions.length > 0 ? (
        <Box flexDirection="column">
          <Text dimColor>{empty ? 'Suggestions (press the digit to take one):' : 'Suggestions (empty the field, then press a digit):'}</Text>
          {suggestions.map((s) => (
            <Text key={s.key} dimColor={!empty}>
              {'  '}
              {s.key} {suggestionLayoutText(s).padEnd(28)} {s.title.split(': ')[1] ?? ''} · {s.why}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

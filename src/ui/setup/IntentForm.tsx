// What the setup builds, as a form: every field checked as it is typed, with
// the reason in plain words; nothing is saved (or can reach a host) until
// every field is valid.
import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { checkIntent, INTENT_LABELS, type IntentField, type SetupIntent } from '../../steps/intent.js';
import { useAppStore } from '../../store/app-store.js';
import { useScreenInput } from '../use-screen-input.js';
import { useSetup } from './context.js';
import { editText, TextField } from './TextField.js';
import { LayoutPreview } from './LayoutPreview.js';
import { previewLayout, suggestionLayoutText } from '../../steps/layout-preview.js';

const FIELDS: readonly IntentField[] = ['volumeName', 'layout', 'mountPath', 'brickMount', 'aptRepository'];

const HINTS: Record<IntentField, string> = {
  volumeName: 'letters, digits, - and _ (e.g. gv0)',
  layout: 'e.g. replica 3; empty: the best layout the validator suggests',
  mountPath: 'where every node mounts the volume',
  brickMount: 'where each brick filesystem is mounted',
  aptRepository: 'optional, apt hosts: ppa:OWNER/NAME',
};

export function IntentForm() {
  const saved = useSetup((s) => s.intent);
  const saveIntent = useSetup((s) => s.saveIntent);
  const setFocused = useAppStore((s) => s.setTextInputFocused);
  const inventory = useAppStore((s) => s.inventory);
  const [values, setValues] = useState<SetupIntent>(saved);
  const [focus, setFocus] = useState(0);
  const [tried, setTried] = useState(false);
  // Keys that arrive in one read must see each other's effect: keep the latest in refs.
  const valuesRef = useRef(values);
  const focusRef = useRef(focus);

  useEffect(() => {
    setFocused(true);
    return () => setFocused(false);
  }, [setFocused]);

  useScreenInput((input, key) => {
    const field = FIELDS[focusRef.current]!;
    if (key.upArrow || (key.tab && key.shift)) {
      focusRef.current = (focusRef.current + FIELDS.length - 1) % FIELDS.length;
      setFocus(focusRef.current);
      return;
    }
    if (key.downArrow || key.tab) {
      focusRef.current = (focusRef.current + 1) % FIELDS.length;
      setFocus(focusRef.current);
      return;
    }
    // An empty layout field takes a suggestion with one digit (a layout never starts with one).
    if (field === 'layout' && valuesRef.current.layout === '' && /^[1-9]$/.test(input)) {
      const pick = previewLayout(inventory, valuesRef.current).suggestions.find((s) => s.key === input);
      if (pick) {
        valuesRef.current = { ...valuesRef.current, layout: suggestionLayoutText(pick) };
        setValues(valuesRef.current);
      }
      return;
    }
    const edit = editText(valuesRef.current[field], input, key);
    if (edit === null) return;
    valuesRef.current = { ...valuesRef.current, [field]: edit.value };
    setValues(valuesRef.current);
    if (edit.submit) {
      setTried(true);
      if (Object.keys(checkIntent(valuesRef.current)).length === 0) saveIntent(valuesRef.current);
    }
  });

  const problems = checkIntent(values);
  const count = Object.keys(problems).length;
  return (
    <Box flexDirection="column" gap={1}>
      <Text>What the setup builds. ↑/↓ or Tab move between fields, Enter saves, Esc leaves without saving.</Text>
      <Box flexDirection="column">
        {FIELDS.map((f, i) => (
          <Box key={f} flexDirection="column">
            <TextField label={INTENT_LABELS[f]} value={values[f]} focused={i === focus} error={problems[f] ?? null} hint={HINTS[f]} />
            {f === 'layout' && i === focus ? <LayoutPreview preview={previewLayout(inventory, values)} empty={values.layout === ''} fieldError={problems[f] ?? null} /> : null}
          </Box>
        ))}
      </Box>
      {tried && count > 0 ? <Text color="red">Not saved: fix the {count === 1 ? 'field' : `${count} fields`} marked ✗ first. Nothing was sent to any host.</Text> : null}
    </Box>
  );
}

// The runbook at a glance: each step and what the hosts still need, checked
// now on the real hosts (in order, up to the first step not done). Enter opens
// a step; the saved intent is shown with the key to change it.
import { Box, Text } from 'ink';
import { SETUP_STEPS } from '../../steps/setup.js';
import type { StepLight } from '../../store/setup-store.js';
import { useBodyRows } from '../layout.js';
import { ScrollBox } from '../ScrollBox.js';
import { useScreenActive } from '../use-screen-input.js';
import { useSetup } from './context.js';
import { StepList } from './StepList.js';

const LIGHTS: Record<StepLight, { mark: string; color?: string }> = {
  unknown: { mark: '·' },
  checking: { mark: '…', color: 'cyan' },
  done: { mark: '✓', color: 'green' },
  todo: { mark: '○', color: 'yellow' },
  attention: { mark: '✗', color: 'red' },
  later: { mark: '·' },
};

export function Overview() {
  const overview = useSetup((s) => s.overview);
  const intent = useSetup((s) => s.intent);
  const selected = useSetup((s) => s.selected);
  const openStep = useSetup((s) => s.openStep);
  const select = useSetup((s) => s.select);
  const active = useScreenActive();
  const bodyRows = useBodyRows();
  const items = SETUP_STEPS.map((step) => {
    const summary = overview[step.id];
    const light = LIGHTS[summary.status];
    return { step, summary, light, label: `${step.number} ${step.title.padEnd(13)} ${light.mark} ${summary.text}` };
  });
  const checking = SETUP_STEPS.some((s) => overview[s.id].status === 'checking');
  // On a short terminal the steps scroll, the highlighted one kept in view.
  return (
    <ScrollBox height={bodyRows} isActive={active}>
    <Box flexDirection="column" gap={1}>
      <Box flexDirection="column">
        <Text>
          Volume <Text bold>{intent.volumeName || '(none)'}</Text> · layout <Text bold>{intent.layout || 'the best one the validator suggests'}</Text> · mounted at{' '}
          <Text bold>{intent.mountPath}</Text> · bricks at <Text bold>{intent.brickMount}</Text>
          {intent.aptRepository ? ` · apt ${intent.aptRepository}` : ''}
        </Text>
        <Text dimColor>e edit · i hosts · l audit log · each step checks the hosts, shows its exact commands, asks, runs them and verifies</Text>
      </Box>
      <Box flexDirection="column">
        <Text bold>Steps {checking ? '(checking the hosts…)' : '(as the hosts are now)'}</Text>
        <StepList
          isFocused={active}
          items={items.map((i) => ({ id: i.step.id, label: i.label, color: i.light.color }))}
          selected={selected}
          onMove={select}
          onOpen={(id) => void openStep(id)}
        />
      </Box>
    </Box>
    </ScrollBox>
  );
}

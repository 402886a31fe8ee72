// One step on screen: every host's state (done / to do / running with a
// spinner and elapsed time / failed with the reason and the command), the plan
// (the exact commands per host) while it waits for the operator, and the live
// output of the commands while they run.
import { useEffect, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import { stepById, SETUP_STEPS } from '../../steps/setup.js';
import type { HostRun, StepPlan } from '../../steps/types.js';
import type { StepRun } from '../../store/setup-store.js';
import { useAppStore } from '../../store/app-store.js';
import { useScreenInput } from '../use-screen-input.js';
import { useSetup } from './context.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Line {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
}

/** The plan as lines: per host its notes, what it destroys, and each command with why. */
export function planLines(plan: StepPlan, verbose: boolean): Line[] {
  const lines: Line[] = [];
  // What needs the operator's attention first, whatever the scroll position.
  for (const host of plan.hosts) {
    if (host.destroys) lines.push({ text: `! ${host.host}: DESTROYS ${host.destroys.device} (${host.destroys.holds}): type ${host.host} to confirm`, color: 'red' });
    if (host.blocked) lines.push({ text: `✗ ${host.host} is blocked: ${host.blocked}`, color: 'red' });
  }
  for (const note of plan.notes) lines.push({ text: note, dim: true });
  for (const host of plan.hosts) {
    if (host.items.length === 0 && host.notes.length === 0 && !host.blocked) continue;
    const count = host.items.length;
    lines.push({ text: `${host.host}${count > 0 ? `: ${count} command${count === 1 ? '' : 's'}` : ': nothing to run'}`, bold: true });
    for (const note of host.notes) lines.push({ text: `  # ${note}`, dim: true });
    for (const item of host.items) {
      lines.push({ text: `  # ${item.why}`, dim: true });
      const commandLines = item.command.text.split('\n');
      if (verbose || commandLines.length === 1) commandLines.forEach((l, i) => lines.push({ text: `  ${i === 0 ? '$' : ' '} ${l}`, color: 'cyan' }));
      else lines.push({ text: `  $ ${commandLines[0]}  … (+${commandLines.length - 1} lines: v shows every command in full)`, color: 'cyan' });
    }
  }
  return lines;
}

function Elapsed({ since, long }: { since: number; long: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  const frame = SPINNER[Math.floor(now / 100) % SPINNER.length];
  return (
    <Text color="cyan">
      {frame} {seconds}s{long ? ' (long: output below)' : ''}
    </Text>
  );
}

const STATUS: Record<HostRun['status'], { text: string; color?: string }> = {
  checking: { text: 'checking…', color: 'cyan' },
  done: { text: 'done', color: 'green' },
  todo: { text: 'to do', color: 'yellow' },
  waiting: { text: 'waiting', color: 'yellow' },
  blocked: { text: 'BLOCKED', color: 'red' },
  running: { text: 'running', color: 'cyan' },
  verifying: { text: 'verifying…', color: 'cyan' },
  failed: { text: 'FAILED', color: 'red' },
};

function HostRow({ run }: { run: HostRun }) {
  const s = STATUS[run.status];
  const progress = run.totalItems > 0 ? ` [${run.doneItems}/${run.totalItems}]` : '';
  // Trouble gets its whole reason on a line of its own; the rest fits on the row.
  const below = run.status === 'failed' || run.status === 'blocked' || run.status === 'waiting';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {run.host.padEnd(16)} <Text color={s.color} bold>{s.text.padEnd(11)}</Text>
        {progress}{' '}
        {run.status === 'running' && run.running ? (
          <>
            <Elapsed since={run.running.since} long={run.running.long} /> {run.running.why}
          </>
        ) : below ? (
          ''
        ) : (
          run.message ?? ''
        )}
      </Text>
      {below && run.message ? <Text color={s.color} wrap="wrap">{`    ${run.message}`}</Text> : null}
      {run.status === 'failed' && run.failedCommand ? (
        <Text color="red" wrap="truncate-end">{`    the command: ${run.failedCommand.split('\n')[0]}${run.failedCommand.includes('\n') ? ' …' : ''}`}</Text>
      ) : null}
    </Box>
  );
}

function phaseText(run: StepRun, readonly: boolean): { text: string; color?: string } {
  switch (run.phase) {
    case 'checking':
      return { text: 'Checking the hosts (read only)…', color: 'cyan' };
    case 'review':
      return readonly
        ? { text: 'The plan (read-only: nothing will be applied).', color: 'yellow' }
        : { text: 'The plan: nothing has run yet. a applies it (asks first) · v full commands · Esc back without changing anything', color: 'yellow' };
    case 'applying':
      return { text: 'Applying… (each host in order; a failure stops that host only)', color: 'cyan' };
    case 'finished': {
      if (run.error) return { text: `The step could not run: ${run.error}`, color: 'red' };
      if (run.outcome?.declined) return { text: `Not applied: nothing was changed.${readonly ? ' (read-only)' : ' r checks again and shows the plan to apply'}`, color: 'yellow' };
      if (run.outcome?.done) return { text: `Done and verified on every host.${run.step === 'mount' ? '' : ' n: next step'}`, color: 'green' };
      return { text: 'Not done on every host: fix what is shown, then r checks again and resumes from the real state.', color: 'red' };
    }
  }
}

export function StepView() {
  const run = useSetup((s) => s.run);
  const verbose = useSetup((s) => s.verbose);
  const readonly = useAppStore((s) => s.readonly);
  const prompt = useAppStore((s) => s.prompt);
  const { stdout } = useStdout();
  const [scroll, setScroll] = useState(0);
  const planKey = run?.plan ? run.plan.hosts.map((h) => h.items.length).join(',') : '';
  useEffect(() => setScroll(0), [planKey, run?.phase, verbose]);

  useScreenInput((input, key) => {
    if (key.pageDown || input === ']') setScroll((s) => s + 10);
    else if (key.pageUp || input === '[') setScroll((s) => Math.max(0, s - 10));
  });

  if (!run) return <Text>No step open.</Text>;
  const step = stepById(run.step);
  const phase = phaseText(run, readonly);
  const showPlan = run.plan !== null && (run.phase === 'review' || (run.phase === 'finished' && run.outcome?.declined === true));
  // After the plan: its step-wide notes (versions per host, the layout chosen) stay in view above the output.
  const notes: Line[] = !showPlan && run.plan ? run.plan.notes.slice(0, 3).map((text) => ({ text, dim: true })) : [];
  const lines: Line[] = showPlan ? planLines(run.plan!, verbose) : [...notes, ...run.log.map((text) => ({ text, dim: false }))];
  const failures = run.hosts.filter((h) => h.status === 'failed').length;
  const rows = stdout?.rows ?? 40;
  const budget = Math.max(4, rows - 14 - run.hosts.length - failures * 2 - (prompt ? 12 : 0));
  const maxScroll = Math.max(0, lines.length - budget);
  const from = showPlan ? Math.min(scroll, maxScroll) : Math.max(0, lines.length - budget);
  // The output keeps its newest lines in view, and the notes above it.
  const visible = showPlan || from === 0 ? lines.slice(from, from + budget) : [...notes, ...lines.slice(from + notes.length, from + budget)];
  return (
    <Box flexDirection="column">
      <Text bold>
        Step {step.number}/{SETUP_STEPS.length - 1} · {step.title}: <Text bold={false}>{step.summary}</Text>
      </Text>
      <Text color={phase.color}>{phase.text}</Text>
      <Box flexDirection="column" marginTop={1}>
        {run.hosts.map((h) => (
          <HostRow key={h.host} run={h} />
        ))}
      </Box>
      {visible.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>
            {showPlan ? 'Plan' : 'Output'}
            {lines.length > budget ? ` (lines ${from + 1}-${from + visible.length} of ${lines.length}${showPlan ? '; PgUp/PgDn or [ ] scroll' : ''})` : ''}
          </Text>
          {visible.map((l, i) => (
            // Commands wrap: the operator must see every word of what will run.
            <Text key={`${from + i}`} wrap={showPlan && l.color === 'cyan' ? 'wrap' : 'truncate-end'} color={l.color} dimColor={l.dim} bold={l.bold}>
              {l.text}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

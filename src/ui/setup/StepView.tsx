// One step on screen: every host's state (done / to do / running with a
// spinner and elapsed time / failed with the reason and the command), the plan
// (the exact commands per host) while it waits for the operator, and the live
// output of the commands while they run.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { stepById, SETUP_STEPS } from '../../steps/setup.js';
import type { HostRun, StepPlan } from '../../steps/types.js';
import type { StepRun } from '../../store/setup-store.js';
import { useAppStore } from '../../store/app-store.js';
import { useBodyRows, useTerminalSize, wrapText } from '../layout.js';
import { ScrollList, type ScrollLine } from '../ScrollList.js';
import { useScreenActive } from '../use-screen-input.js';
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

/** How a host's row looks: its line, and under trouble its whole reason and the failed command. */
function hostRowLines(run: HostRun, columns: number): { below: string[]; command?: string } {
  const trouble = run.status === 'failed' || run.status === 'blocked' || run.status === 'waiting';
  const below = trouble && run.message ? wrapText(`    ${run.message}`, columns, '    ') : [];
  const command =
    run.status === 'failed' && run.failedCommand ? `    the command: ${run.failedCommand.split('\n')[0]}${run.failedCommand.includes('\n') ? ' …' : ''}` : undefined;
  return { below, ...(command !== undefined ? { command } : {}) };
}

function hostRowHeight(run: HostRun, columns: number): number {
  const { below, command } = hostRowLines(run, columns);
  return 1 + below.length + (command !== undefined ? 1 : 0);
}

function HostRow({ run, columns }: { run: HostRun; columns: number }) {
  const s = STATUS[run.status];
  const progress = run.totalItems > 0 ? ` [${run.doneItems}/${run.totalItems}]` : '';
  // Trouble gets its whole reason on lines of its own; the rest fits on the row.
  const { below, command } = hostRowLines(run, columns);
  const trouble = run.status === 'failed' || run.status === 'blocked' || run.status === 'waiting';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {run.host.padEnd(16)} <Text color={s.color} bold>{s.text.padEnd(11)}</Text>
        {progress}{' '}
        {run.status === 'running' && run.running ? (
          <>
            <Elapsed since={run.running.since} long={run.running.long} /> {run.running.why}
          </>
        ) : trouble ? (
          ''
        ) : (
          run.message ?? ''
        )}
      </Text>
      {below.map((line, i) => (
        <Text key={i} color={s.color} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {command !== undefined ? (
        <Text color="red" wrap="truncate-end">
          {command}
        </Text>
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
  const active = useScreenActive();
  const { columns } = useTerminalSize();
  const bodyRows = useBodyRows();

  if (!run) return <Text>No step open.</Text>;
  const step = stepById(run.step);
  const phase = phaseText(run, readonly);
  const phaseLines = wrapText(phase.text, columns);
  const showPlan = run.plan !== null && (run.phase === 'review' || (run.phase === 'finished' && run.outcome?.declined === true));
  // After the plan: its step-wide notes (versions per host, the layout chosen) stay in view above the output.
  const notes = !showPlan && run.plan ? run.plan.notes.slice(0, 3) : [];
  // Commands wrap: the operator must see every word of what will run.
  const lines: ScrollLine[] = showPlan
    ? planLines(run.plan!, verbose).flatMap((l) => (l.color === 'cyan' ? wrapText(l.text, columns, '      ').map((text) => ({ ...l, text })) : [l]))
    : run.log.map((text) => ({ text }));
  const hostRows = run.hosts.reduce((n, h) => n + hostRowHeight(h, columns), 0);
  // The title, the phase, a blank, the hosts, a blank, the notes; the list has the rest.
  const height = bodyRows === undefined ? undefined : Math.max(3, bodyRows - 1 - phaseLines.length - 1 - hostRows - 1 - notes.length);
  const planKey = run.plan ? run.plan.hosts.map((h) => h.items.length).join(',') : '';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Step {step.number}/{SETUP_STEPS.length - 1} · {step.title}: <Text bold={false}>{step.summary}</Text>
      </Text>
      {phaseLines.map((line, i) => (
        <Text key={i} color={phase.color}>
          {line}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {run.hosts.map((h) => (
          <HostRow key={h.host} run={h} columns={columns} />
        ))}
      </Box>
      {lines.length > 0 || notes.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          {notes.map((text, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              {text}
            </Text>
          ))}
          {lines.length > 0 ? (
            <ScrollList
              lines={lines}
              height={height}
              title={showPlan ? 'Plan' : 'Output'}
              follow={!showPlan}
              isActive={active}
              resetKey={`${run.step}|${run.phase}|${planKey}|${verbose}`}
            />
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}

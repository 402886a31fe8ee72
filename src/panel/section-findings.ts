// A section whose latest query did not give a current answer, as a finding.
import type { Finding } from './report.js';
import type { Section } from './section.js';

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export function sectionProblem(label: string, section: Section<unknown> | undefined): Finding | undefined {
  if (!section || section.state === 'ok') return undefined;
  const id = `query-unknown:${label}`;
  if (section.state === 'pending') {
    return { id, kind: 'query-unknown', severity: 'unknown', title: `${label}: no answer yet`, explanation: ['The first refresh is still running.'] };
  }
  const err = section.error;
  const what =
    err?.kind === 'timeout'
      ? 'did not answer in time'
      : err?.kind === 'busy'
        ? 'got no answer: glusterd is busy with another operation'
        : err?.kind === 'implausible'
          ? 'answered something that cannot be right'
          : err?.kind === 'glusterd-down' || err?.kind === 'unreachable'
            ? 'no host with a working glusterd answered'
            : 'failed';
  return {
    id,
    kind: 'query-unknown',
    severity: 'unknown',
    title: `${label} ${what}: state unknown`,
    explanation: [
      err?.message ?? '',
      section.at !== undefined ? 'What is shown is from the last answer, with its age; it is not counted as healthy.' : 'Nothing is known about it yet.',
    ].filter(Boolean),
  };
}


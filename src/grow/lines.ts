// The grow as plain lines, the same for `gluster-console expand` and the
// console's grow screen: the phases, the proposed add-brick with the layout
// validator's verdict, each step's plan and each host's state, the rebalance's
// progress. Only the questions differ between the two, so they are not here.
import { changedHostLine, planLines } from '../commands/setup.js';
import type { HostRun } from '../steps/types.js';
import { formatMigrationProgress } from './progress.js';
import type { GrowEvents } from './run.js';

function describeRun(run: HostRun): string {
  const failed = run.failedCommand ? `\n    the command: ${run.failedCommand.split('\n').join('\n      ')}` : '';
  const words: Record<HostRun['status'], string> = {
    done: 'done',
    todo: 'to do',
    waiting: 'waiting',
    blocked: 'BLOCKED',
    failed: 'FAILED',
    running: 'running',
    verifying: 'verifying',
    checking: 'checking',
  };
  const what = run.status === 'running' ? (run.running?.why ?? run.message) : run.message;
  return `${words[run.status]}${what ? `: ${what}` : ''}${run.status === 'failed' ? failed : ''}`;
}

export type GrowLineEvents = Pick<GrowEvents, 'onPhase' | 'onProposal' | 'onPlan' | 'onHostRun' | 'onOutput' | 'onNote' | 'onProgress'>;

export function growLines(out: (line: string) => void, options: { dryRun: boolean }): GrowLineEvents {
  let lastStatus = new Map<string, string>();
  let lastProgress = '';
  return {
    onPhase(title, summary) {
      lastStatus = new Map();
      out(`== ${title}: ${summary}`);
    },
    onProposal(plan, anchor) {
      if (!plan.ok) {
        for (const reason of plan.reasons) out(`  refused: ${reason}`);
        return;
      }
      if (plan.words.length === 0) return;
      out(`  proposed on ${anchor}: gluster volume add-brick ${plan.volume} ${plan.words.join(' ')}`);
      out(`  layout: ${plan.layoutBefore} becomes ${plan.layoutAfter}; new sets: ${plan.sets.map((s) => s.join(' ')).join(' | ')}`);
      for (const note of plan.notes) out(`  note: ${note}`);
      if (plan.verdict) {
        out(`  layout validator: ${plan.verdict.accepted ? 'accepted' : 'REFUSED'}`);
        for (const e of plan.verdict.errors) out(`    error: ${e.message} (${e.fix})`);
        for (const w of plan.verdict.warnings) out(`    warning: ${w.message}`);
        for (const n of plan.verdict.notChecked) out(`    not checked: ${n.message}`);
      }
    },
    onPlan(plan) {
      for (const line of planLines(plan, options.dryRun)) out(line);
    },
    onHostRun(run) {
      const line = changedHostLine(lastStatus, run, describeRun);
      if (line !== undefined) out(`  ${line}`);
    },
    onOutput(host, chunk) {
      // gluster's --xml answers are read, not shown.
      for (const line of chunk.split('\n')) if (line.trim() && !line.trim().startsWith('<')) out(`  ${host} | ${line}`);
    },
    onNote: (line) => out(`  ${line}`),
    onProgress(status) {
      const line = formatMigrationProgress(status);
      if (line !== lastProgress) out(`  ${line}`);
      lastProgress = line;
    },
  };
}

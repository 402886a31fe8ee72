// A migration's progress in one line, for expand's output and the grow screen:
// what gluster counts (scanned, moved, failures) and its estimate when it has one.
import { formatBytes } from '../format-bytes.js';
import type { MigrationStatus } from '../gluster/xml/index.js';

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function formatMigrationProgress(s: MigrationStatus): string {
  if (!s.started) return `${s.kind}: not started (${s.message})`;
  const a = s.aggregate;
  const sum = (k: 'lookups' | 'files' | 'sizeBytes' | 'failures' | 'skipped') => a?.[k] ?? s.nodes.reduce((n, node) => n + node[k], 0);
  const runtime = a?.runtimeSeconds ?? Math.max(0, ...s.nodes.map((n) => n.runtimeSeconds));
  const states = [...new Set(s.nodes.map((n) => n.statusName))].join('/') || a?.statusName || '?';
  const estimate = s.estimatedSecondsLeft !== undefined ? `about ${clock(s.estimatedSecondsLeft)} left` : runtime < 600 ? 'no estimate yet (gluster gives one after 10 minutes)' : 'no estimate from gluster';
  return `${s.kind} ${states}: ${sum('lookups')} scanned, ${sum('files')} moved (${formatBytes(sum('sizeBytes'))}), ${sum('failures')} failures, ${sum('skipped')} skipped, ${clock(runtime)} running; ${estimate}`;
}

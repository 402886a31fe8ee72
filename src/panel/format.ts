// Small text helpers shared by the panel's screens and `status`.
import { formatBytes as formatBytesOf } from '../format-bytes.js';
import type { SectionAge, Verdict } from './report.js';

export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 120) return `${Math.round(s)}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

/** "0.4s ago", "running 3.1s (last 5.0s ago)", "timed out (last 12s ago)", "never". */
export function sectionAgeText(section: SectionAge, now: number): string {
  const age = section.at !== undefined ? `${formatAge(now - section.at)} ago` : 'never';
  const busy = section.busySince !== undefined && now - section.busySince >= 1000 ? `, running ${formatAge(now - section.busySince)}` : '';
  if (section.state === 'unknown') {
    const why = section.error?.kind === 'busy' ? 'glusterd busy' : section.error?.kind === 'implausible' ? 'answer could not be right' : 'timed out';
    return `${why} (last answer ${age})`;
  }
  if (section.state === 'failed') return `failed (last answer ${age})`;
  if (section.state === 'pending') return section.busySince !== undefined ? `waiting ${formatAge(now - section.busySince)}` : 'not asked yet';
  return `${age}${busy}`;
}

export function formatBytes(n: number | undefined): string {
  return n === undefined ? '—' : formatBytesOf(n);
}

export function verdictText(verdict: Verdict): string {
  return verdict.toUpperCase();
}

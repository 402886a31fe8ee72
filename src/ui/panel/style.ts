// How verdicts and severities look on screen.
import type { Severity, Verdict } from '../../panel/report.js';

export function verdictColor(verdict: Verdict): string {
  switch (verdict) {
    case 'healthy':
      return 'green';
    case 'degraded':
      return 'yellow';
    case 'down':
    case 'unreachable':
      return 'red';
    default:
      return 'magenta';
  }
}

export function severityColor(severity: Severity): string {
  return severity === 'down' ? 'red' : severity === 'degraded' ? 'yellow' : severity === 'unknown' ? 'magenta' : 'cyan';
}

export function severityMark(severity: Severity): string {
  return severity === 'down' ? '✗✗' : severity === 'degraded' ? '✗ ' : severity === 'unknown' ? '? ' : '! ';
}

/** Keeps both ends of a long name: "node1:/data/…/brick". */
export function shorten(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

export function pad(text: string, width: number): string {
  return shorten(text, width).padEnd(width);
}

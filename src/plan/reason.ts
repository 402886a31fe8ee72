// What a failed command said about why, in one line. Tools put the reason
// first and a generic trailer last ("Volume heal failed.", "dmesg(1) may have
// more information after failed mount system call."), so the first line that
// reads like an error wins, not the last line.
import { isGenericFailureLine } from '../gluster/errors.js';

const ERROR_LIKE = /^(E:|error|fatal|mount(\.\w+)?:)|\b(failed|fail|error|cannot|can't|unable|refused|denied|not found|no such|invalid|no space)\b/i;

export function failureReason(stdout: string, stderr: string): string {
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const said = [...lines(stderr), ...lines(stdout)];
  const specific = said.filter((l) => !isGenericFailureLine(l));
  return specific.find((l) => ERROR_LIKE.test(l)) ?? specific[0] ?? said[0] ?? 'no output';
}

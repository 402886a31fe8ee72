// Shared helpers for component tests: wait for what the screen shows (never a
// fixed sleep), temporary directories, and the bytes terminals send for keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  ctrlR: '\u0012',
  ctrlC: '\u0003',
} as const;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Polls until the latest frame satisfies the predicate, then yields once more
 * so the effects of that render (useInput subscriptions) are in place before
 * the test types. Fails with the last frame when it never happens.
 */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  { timeoutMs = 3000, intervalMs = 10 } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) {
      await nextTurn();
      await nextTurn();
      return lastFrame() ?? '';
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for the frame; last frame:\n${frame}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Ink holds a lone Escape until the next turn of the event loop, in case it
 * starts an escape sequence; a key written before then is read as Alt+key and
 * the Escape is lost. Terminals deliver keys in separate reads, so let Ink
 * flush it first, as it would there.
 */
export async function pressEscape(stdin: { write: (data: string) => void }): Promise<void> {
  stdin.write(KEY.escape);
  await nextTurn();
  await nextTurn();
}

export const frameHas = (text: string) => (frame: string) => frame.includes(text);

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'gc-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const SAMPLE_INVENTORY_YAML = `hosts:
  - name: node1
    address: 127.1.1.1
    zone: zone-a
    device: /dev/vdc
    ssh:
      user: root
      port: 2201
  - name: node2.lab.example
    address: 127.1.1.2
    zone: zone-b
    transientDevice: /dev/vdd
`;

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Gives ink-testing-library's stdout (100 columns, no rows: no limit) a terminal's
 * size, as a resize does: the frame then keeps within `rows`.
 */
export function resizeTerminal(stdout: NodeJS.EventEmitter, columns: number, rows: number): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
}

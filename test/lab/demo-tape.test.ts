// demo.tape is a test: its commands are replayed into a shell in a real
// terminal (tmux) against a lab of this test's own, and at every Sleep that
// follows "# expect:" comments the screen must show what they say (the Sleep
// becomes a wait for it). The shell is set up as VHS's is (prompt "> "), with
// `sudo` and `npx gluster-console` standing for the built bin, so the tape's
// lab lands in this test's lab directory and net.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labDown, labStatus } from '../../src/lab/lab.js';
import { lastLine, parseTape, screenShows, type Expectation, type TapeStep } from '../support/vhs-tape.js';
import { BIN } from './setup-support.js';
import { Tui } from './tui.js';

const TAPE = new URL('../../demo.tape', import.meta.url);
/** The tape's timeouts are for a recording on a quiet machine; a busy CI machine gets at least this. */
const MIN_WAIT_MS = 60_000;

const describeExpectation = (e: Expectation) => ('text' in e ? JSON.stringify(e.text) : String(e.regex));

async function replay(tui: Tui, step: TapeStep): Promise<void> {
  switch (step.kind) {
    case 'type':
      return tui.type(step.text);
    case 'keys':
      return tui.keys(...step.keys);
    case 'wait':
      await tui.waitFor((s) => step.regex.test(step.scope === 'line' ? lastLine(s) : s), Math.max(step.timeoutMs, MIN_WAIT_MS));
      return;
    case 'sleep':
      // A pause for viewers when nothing is expected; otherwise a wait for every expectation.
      for (const { expectation, timeoutMs, line } of step.expect) {
        await tui.waitFor((s) => screenShows(s, expectation), Math.max(timeoutMs, MIN_WAIT_MS)).catch((err: Error) => {
          throw new Error(`demo.tape line ${line}: expected ${describeExpectation(expectation)} on the screen: ${err.message}`);
        });
      }
      return;
  }
}

describe.skipIf(inject('labSkipReason') !== '')('demo.tape, replayed into the real console against a lab', () => {
  let work: string;
  let labDir: string;
  let tui: Tui | undefined;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gc-demo-'));
    labDir = join(work, 'lab');
  });
  afterAll(async () => {
    await tui?.close();
    // The tape ends with lab down; if it stopped half-way, the lab is still taken down here.
    await labDown(labDir);
    rmSync(work, { recursive: true, force: true });
  });

  it('tells its story on the real console: setup from bare hosts, the panel, a power cut found, a boot, a heal', async () => {
    const steps = parseTape(readFileSync(TAPE, 'utf8'));
    const rc = join(work, 'bashrc');
    writeFileSync(
      rc,
      [
        "PS1='> '",
        'HISTFILE=/dev/null',
        'sudo() { "$@"; }',
        `npx() { if [ "$1" = gluster-console ]; then shift; '${process.execPath}' '${BIN}' "$@"; else command npx "$@"; fi; }`,
        `export GLUSTER_CONSOLE_LAB_DIR='${labDir}' GLUSTER_CONSOLE_CONFIG_DIR='${join(work, 'config')}'`,
        '',
      ].join('\n'),
    );
    const net = process.env.GLUSTER_CONSOLE_LAB_NET;
    tui = await Tui.start([], net ? { GLUSTER_CONSOLE_LAB_NET: net } : {}, work, { program: ['bash', '--noprofile', '--rcfile', rc, '-i'] });
    await tui.waitFor((s) => lastLine(s) === '>');

    const started = Date.now();
    for (const step of steps) {
      await replay(tui, step).catch((err: Error) => {
        throw new Error(`demo.tape line ${step.line} (${step.kind}): ${err.message}`);
      });
    }
    process.stderr.write(`[demo] the tape's ${steps.length} steps replayed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    // The tape's last command took its lab down.
    expect(steps.filter((s) => s.kind === 'sleep' && s.expect.length > 0).length).toBeGreaterThan(10);
    expect((await labStatus(labDir))?.nodes.some((n) => n.running) ?? false).toBe(false);
  }, 1_200_000);
});

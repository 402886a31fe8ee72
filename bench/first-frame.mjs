#!/usr/bin/env node
// First frame of the interactive console in a real terminal (tmux): the time
// from the process's start to the Welcome screen's text on the screen, and to
// the first key taking effect (Down sent as soon as the Welcome text shows;
// done when the menu's pointer is on the second entry). Each run has a fresh
// config directory and its own tmux server. The start time is written by the
// shell that then execs node, so tmux's own start-up is not counted.
//
//   node bench/first-frame.mjs [--runs N] [--bin PATH] [--json]
//
// Prints the medians (and every run with --json) for bench/ to collect.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    bin: { type: 'string', default: new URL('../dist/cli.js', import.meta.url).pathname },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs');

const WELCOME = 'No hosts saved yet';
const MOVED = /❯ Guided setup/;
const TIMEOUT_MS = 30_000;

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Wall-clock time in ms with sub-ms precision, comparable with date(1)'s. */
const nowMs = () => performance.timeOrigin + performance.now();

function tmux(socket, args) {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One run: ms from process start to the Welcome text, and to the Down key's effect. */
function once(i) {
  const work = mkdtempSync(join(tmpdir(), 'gc-first-frame-'));
  const socket = `gc-first-frame-${process.pid}-${i}`;
  const startFile = join(work, 'start');
  // date(1) stamps the start in the shell that then becomes node (exec).
  const command = `date +%s%N > ${quote(startFile)}; exec env TERM=xterm-256color ${quote(process.execPath)} ${quote(values.bin)} --config-dir ${quote(join(work, 'config'))}`;
  try {
    tmux(socket, ['new-session', '-d', '-x', '120', '-y', '40', command]);
    let frameMs = null;
    let keyMs = null;
    const deadline = Date.now() + TIMEOUT_MS;
    while (keyMs === null && Date.now() < deadline) {
      const screen = tmux(socket, ['capture-pane', '-p', '-t', '0']);
      const seen = nowMs();
      if (frameMs === null && screen.includes(WELCOME)) {
        frameMs = seen;
        tmux(socket, ['send-keys', '-t', '0', 'Down']);
      } else if (frameMs !== null && MOVED.test(screen)) {
        keyMs = seen;
      }
    }
    if (keyMs === null || !existsSync(startFile)) throw new Error(`run ${i}: the Welcome screen or the key's effect did not show within ${TIMEOUT_MS} ms`);
    const startMs = Number(BigInt(readFileSync(startFile, 'utf8').trim()) / 1000n) / 1000;
    return { firstFrameMs: frameMs - startMs, keyMs: keyMs - startMs };
  } finally {
    try {
      tmux(socket, ['kill-server']);
    } catch {}
    rmSync(work, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(once(i));
const summary = {
  runs,
  firstFrameMs: Math.round(median(results.map((r) => r.firstFrameMs))),
  keyMs: Math.round(median(results.map((r) => r.keyMs))),
};
if (values.json) process.stdout.write(`${JSON.stringify({ ...summary, results })}\n`);
else process.stdout.write(`first frame (median of ${runs}): ${summary.firstFrameMs} ms; first key taken: ${summary.keyMs} ms\n`);

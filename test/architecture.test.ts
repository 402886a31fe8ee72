// The layers, enforced: read every source file's imports and fail when one
// points the wrong way. DESIGN.md says why each rule exists; docs/CODEBASE.md
// says where each kind of knowledge lives.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

interface Import {
  file: string;
  from: string;
  typeOnly: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const sources = files(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** Each import (and export ... from) statement, resolved to a path under src/ when it is relative. */
const imports: Import[] = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => {
    const spec = m[3]!;
    const from = spec.startsWith('.') ? relative(SRC, join(SRC, file, '..', spec)).replace(/\.js$/, '.ts') : spec;
    return { file, from, typeOnly: m[2] !== undefined };
  }),
);

const layer = (path: string) => path.split('/')[0]!;
const offenders = (rule: (i: Import) => boolean) => imports.filter(rule).map((i) => `${i.file} imports ${i.from}`);

describe('the layers point one way', () => {
  it('reads the imports it judges', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(imports.some((i) => i.from === 'ssh2')).toBe(true);
  });

  it('only ssh/ talks SSH', () => {
    expect(offenders((i) => i.from === 'ssh2' && layer(i.file) !== 'ssh')).toEqual([]);
  });

  it('the core has no React, no screens, no store', () => {
    const core = new Set(['ssh', 'gluster', 'steps', 'panel', 'plan', 'lab', 'config', 'shrink']);
    expect(offenders((i) => core.has(layer(i.file)) && (/^(react|ink)/.test(i.from) || ['ui', 'store'].includes(layer(i.from))))).toEqual([]);
  });

  it('gluster/ is pure knowledge: no I/O, no SSH', () => {
    // config/validate.ts is pure (names, addresses); the rest of config/ reads files.
    const impure = (from: string) => (['ssh', 'steps', 'panel', 'plan', 'lab'].includes(layer(from)) || (layer(from) === 'config' && from !== 'config/validate.ts'));
    // A gluster recipe may describe its commands in the plan model (types only); it never runs them.
    const planModel = (i: Import) => i.typeOnly && i.from === 'plan/item.ts';
    expect(offenders((i) => layer(i.file) === 'gluster' && !planModel(i) && (impure(i.from) || /^node:(fs|child_process|net)/.test(i.from)))).toEqual([]);
  });

  it('screens never reach the SSH layer or the runner directly: they dispatch', () => {
    const runners = /^(ssh\/(pool|connection|link|connect|session)|plan\/runner|steps\/engine)\.ts$/;
    expect(offenders((i) => layer(i.file) === 'ui' && !i.typeOnly && runners.test(i.from))).toEqual(KNOWN_UI_RUNNER_IMPORTS);
  });

  it('hosts are changed only through the one runner: exec() is called only by the SSH layer, the runner and the read-only checks', () => {
    const callers = sources.filter(({ file, text }) => layer(file) !== 'ssh' && /\.(exec|execAll)\(\s*[\w.[\]!]+\s*,/.test(text)).map((s) => s.file).sort();
    expect(callers).toEqual(EXEC_CALLERS);
  });
});

describe('gluster\'s codes have one home', () => {
  it('peer states are named values from gluster/ (PEER_IN_CLUSTER, PEER_REJECTED), never raw numbers elsewhere', () => {
    const raw = sources.filter(({ file, text }) => layer(file) !== 'gluster' && /\bstate\s*[!=]==\s*\d/.test(text)).map((s) => s.file).sort();
    expect(raw).toEqual([]);
  });

  it('gluster\'s own words for trouble (glusterd down, transaction busy) are matched only in gluster/', () => {
    const words = /Another transaction is in progress|Locking failed|gluster daemon is operational|Cannot connect to glusterd/;
    const outside = sources.filter(({ file, text }) => layer(file) !== 'gluster' && words.test(text)).map((s) => s.file).sort();
    expect(outside).toEqual([]);
  });
});

describe('host keys are always checked', () => {
  it('one place makes SSH clients, and it always passes our host key verifier', () => {
    const makers = sources.filter(({ text }) => /new Client\(/.test(text)).map((s) => s.file);
    expect(makers).toEqual(['ssh/connect.ts']);
    const connect = sources.find((s) => s.file === 'ssh/connect.ts')!.text;
    const config = /const config: ConnectConfig = \{([\s\S]*?)\n {4}\};/.exec(connect)?.[1] ?? '';
    expect(config).toMatch(/^\s*hostVerifier,$/m);
  });

  it('nothing turns checking off', () => {
    const off = sources.filter(({ text }) => /StrictHostKeyChecking=(no|off|accept-new)|UserKnownHostsFile=\/dev\/null|hostVerifier:\s*\(\)\s*=>\s*true/.test(text)).map((s) => s.file);
    expect(off).toEqual([]);
  });
});

/**
 * ui/app-start.tsx makes the SSH session for the whole app (one per inventory, closed on exit).
 * Moving it into a store-side controller is tracked in issue 8; this list may only shrink.
 */
const KNOWN_UI_RUNNER_IMPORTS: string[] = ['ui/app-start.tsx imports ssh/session.ts'];

/**
 * Read-only callers: checks (steps/read, host-check), the poller's queries, and
 * steps/mount.ts's verification, which reads its test file back directly (its writes,
 * the test file and its removal, go through plan/runner.ts). This list may only shrink.
 */
const EXEC_CALLERS = ['panel/poller.ts', 'plan/runner.ts', 'steps/host-check.ts', 'steps/mount.ts', 'steps/read.ts'].sort();

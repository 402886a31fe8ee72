// What the setup lab tests share: running the built CLI, and reading the
// nodes' state through the system's OpenSSH (an independent witness).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { labInventoryPath } from '../../src/lab/paths.js';
import { eventually, sshRun, type TestLab } from './fixture.js';
import type { Tui } from './tui.js';

export const BIN = new URL('../../dist/cli.js', import.meta.url).pathname;
export const BRICK_MOUNT = '/data/glusterfs/brick1';
export const BRICK = `${BRICK_MOUNT}/brick`;
export const MOUNT = '/data/shared';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 170_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The CLI in the background: its output so far, and its end. */
export function startCli(args: string[], env: Record<string, string> = {}): { output(): string; done: Promise<CliRun>; child: ChildProcess } {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
  return { output: () => stdout, done, child };
}

export function setupArgs(lab: TestLab, configDir: string, ...extra: string[]): string[] {
  return ['setup', '--inventory', labInventoryPath(lab.dir), '--volume', 'gv0', '--config-dir', configDir, ...extra];
}

export function address(lab: TestLab, node: string): string {
  const host = lab.inventory.hosts.find((h) => h.name === node);
  if (!host) throw new Error(`no ${node} in the lab`);
  return host.address;
}

export async function onNode(lab: TestLab, node: string, command: string): Promise<string> {
  const r = await sshRun(lab, address(lab, node), command);
  if (r.code !== 0) throw new Error(`${node}: ${command} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function device(lab: TestLab, node: string): string {
  const host = lab.inventory.hosts.find((h) => h.name === node)!;
  return host.device ?? host.transientDevice!;
}

/**
 * Everything the setup must leave byte for byte alone on a re-run: the files it
 * edits, the brick filesystem's identity, the brick root's gluster xattrs and
 * inode, and the files on the brick (gluster's own .glusterfs aside, which
 * glusterd itself touches, e.g. its health check).
 */
export async function nodeState(lab: TestLab, node: string): Promise<Record<string, string>> {
  const dev = device(lab, node);
  const out = await onNode(
    lab,
    node,
    [
      'echo "hosts $(sha256sum < /etc/hosts)"',
      'echo "fstab $(sha256sum < /etc/fstab)"',
      `echo "fs $(blkid -p -s UUID -s TYPE -o export ${dev} | tr '\\n' ' ')"`,
      `echo "inode $(stat -c %i ${BRICK})"`,
      `echo "xattrs $(getfattr --absolute-names -d -m 'trusted\\.(glusterfs\\.volume-id|gfid)' -e hex ${BRICK} | sort | tr '\\n' ' ')"`,
      `echo "files $(find ${BRICK} -path ${BRICK}/.glusterfs -prune -o -printf '%p %s %i\\n' | sort | sha256sum)"`,
      'echo "backups $(ls /etc | grep -c gluster-console-)"',
    ].join('; '),
  );
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

export async function allNodeStates(lab: TestLab): Promise<Record<string, Record<string, string>>> {
  const names = lab.inventory.hosts.map((h) => h.name);
  const states = await Promise.all(names.map((n) => nodeState(lab, n)));
  return Object.fromEntries(names.map((n, i) => [n, states[i]!]));
}

/** The volume as node1's glusterd sees it: type, status, and which bricks run. */
export async function volumeSummary(lab: TestLab): Promise<{ type: string; status: string; online: number; bricks: string[] }> {
  const info = await onNode(lab, 'node1', 'gluster --mode=script volume info gv0 --xml');
  const status = (await sshRun(lab, address(lab, 'node1'), 'gluster --mode=script volume status gv0 --xml')).stdout;
  const pick = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
  const brickNodes = [...status.matchAll(/<node>([\s\S]*?)<\/node>/g)].map((m) => m[1]!).filter((n) => /<path>\//.test(n));
  return {
    type: pick(info, 'typeStr')[0] ?? '',
    status: pick(info, 'statusStr')[0] ?? '',
    online: brickNodes.filter((n) => /<status>1<\/status>/.test(n)).length,
    bricks: [...info.matchAll(/<brick uuid="[^"]*">[^<]*<name>([^<]*)<\/name>/g)].map((m) => m[1]!),
  };
}

export async function waitForBricksOnline(lab: TestLab, count = 3, timeoutMs = 60_000): Promise<void> {
  const summary = await eventually(() => volumeSummary(lab).catch(() => ({ type: '', status: '', online: 0, bricks: [] })), (s) => s.online === count, timeoutMs, 500);
  expect(summary.online).toBe(count);
}

/** A file written through node1's mount is read through node3's. */
export async function expectWriteOnNode1ReadOnNode3(lab: TestLab, name: string): Promise<void> {
  const token = `written on node1 ${Date.now()}`;
  await onNode(lab, 'node1', `printf '%s' '${token}' > ${MOUNT}/${name}`);
  const seen = await eventually(() => sshRun(lab, address(lab, 'node3'), `cat ${MOUNT}/${name}`), (r) => r.stdout === token, 20_000, 200);
  expect(seen.stdout).toBe(token);
}

export async function auditLines(configDir: string): Promise<number> {
  const { existsSync, readFileSync } = await import('node:fs');
  const path = `${configDir}/audit.log`;
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).length : 0;
}

// ---- driving the console's setup screens ----------------------------------------

export const STEP_TITLES = ['Inventory', 'Host entries', 'Install', 'Bricks', 'Probe', 'Volume', 'Mount'] as const;

/** From a fresh console: Welcome → Local lab → import; returns the welcome screen listing the hosts. */
export async function importLabInventory(tui: Tui, hosts = 3): Promise<string> {
  await tui.waitFor('No hosts saved yet');
  await tui.keys('Down', 'Down', 'Down');
  await tui.waitFor((s) => /❯ Local lab/.test(s));
  await tui.keys('Enter');
  await tui.waitFor('Lab inventory found');
  await tui.keys('Enter');
  return tui.waitFor(`Imported ${hosts} hosts`);
}

/** Welcome → Local lab → import → Guided setup. */
export async function openSetupWithLabInventory(tui: Tui, hosts = 3): Promise<void> {
  await importLabInventory(tui, hosts);
  await tui.keys('Down');
  await tui.waitFor((s) => /❯ Guided setup/.test(s));
  await tui.keys('Enter');
}

/** The form: volume name and layout, saved with Enter. */
export async function fillIntent(tui: Tui, volume: string, layout: string): Promise<void> {
  await tui.waitFor('What the setup builds');
  await tui.keys(volume);
  await tui.waitFor((s) => s.includes(`Volume name       ${volume}`));
  await tui.keys('Down');
  await tui.keys(layout);
  await tui.waitFor((s) => s.includes(`Layout            ${layout}`));
  await tui.keys('Enter');
  await tui.waitFor('Steps (as the hosts are now)', 60_000);
}

/** In a step under review: a, then y; waits until the step has finished. */
export async function applyStep(tui: Tui, title: string, typed?: string): Promise<string> {
  await tui.waitFor('a applies it', 60_000);
  await tui.keys('a');
  await tui.waitFor(`Apply "${title}"?`);
  await tui.keys('y');
  if (typed) {
    await tui.waitFor(`Type ${typed} to confirm`, 60_000);
    await tui.keys(typed);
    // The prompt drops a chunk that holds a control character: Enter only once the name is on screen.
    await tui.waitFor(`Type ${typed} to confirm: ${typed}`);
    await tui.keys('Enter');
  }
  return tui.waitFor((s) => s.includes('Done and verified on every host') || s.includes('Not done on every host'), 120_000);
}


import { execFileSync } from 'node:child_process';
import type { InventoryHost } from '../../src/config/inventory.js';
import { replayCommand } from '../../src/ssh/replay.js';
import { readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, auditScript, outputTail, type AuditEntry } from '../../src/config/audit.js';
import { tempDir } from '../ui/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({ time: '2026-01-02T03:04:05.000Z', host: 'node1', step: 'bricks', command: 'mkfs.xfs -i size=512 /dev/vdc', exitCode: 0, outputTail: 'Done.', ...over });

describe('the audit log', () => {
  it('appends one JSON line per command, mode 0600, beside the settings', () => {
    const { dir, cleanup } = tempDir('gc-audit-');
    cleanups.push(cleanup);
    const log = AuditLog.beside(join(dir, 'config.json'));
    log.record(entry());
    log.record(entry({ host: 'node3', exitCode: null, error: 'lost the connection', outputTail: '' }));
    expect(log.path).toBe(join(dir, 'audit.log'));
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(log.path, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(log.read().map((e) => [e.host, e.exitCode])).toEqual([['node1', 0], ['node3', null]]);
  });

  it('skips a line torn by a crash and keeps the rest', () => {
    const { dir, cleanup } = tempDir('gc-audit-');
    cleanups.push(cleanup);
    const path = join(dir, 'audit.log');
    writeFileSync(path, `${JSON.stringify(entry())}\n{"time":"2026`);
    appendFileSync(path, `\n${JSON.stringify(entry({ host: 'node2' }))}\n`);
    expect(new AuditLog(path).read().map((e) => e.host)).toEqual(['node1', 'node2']);
  });

  it('keeps the tail of long output', () => {
    expect(outputTail(Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'), 3)).toBe('line 47\nline 48\nline 49');
  });

  it('exports a shell script of what was done: failed commands commented out, each reached as the console reached it', () => {
    const hosts: InventoryHost[] = [
      { name: 'node1', address: '127.1.1.1', zone: 'a', ssh: { user: 'root', port: 2222, identityFile: '/lab/lab key', knownHostsFile: '/lab/known_hosts' } },
      { name: 'node2', address: '127.1.1.2', zone: 'a', ssh: { user: 'admin' } },
    ];
    const reach = (name: string, command: string) => replayCommand(hosts.find((h) => h.name === name)!, command, { sshConfigFile: null });
    const script = auditScript(
      [
        entry(),
        entry({ host: 'node2', command: "printf '%s' 'a b' > /etc/x", exitCode: 0 }),
        entry({ host: 'node1', command: 'umount /mnt', exitCode: 32 }),
        entry({ host: 'node1', command: 'mkfs.xfs /dev/vdb', exitCode: null, error: 'lost the connection\nto node1' }),
      ],
      reach,
    );
    expect(script).toContain("ssh -p 2222 -i '/lab/lab key' -o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes root@127.1.1.1 'mkfs.xfs -i size=512 /dev/vdc'");
    // A non-root login: through sudo -n, as the console ran it.
    expect(script).toContain(`ssh -o StrictHostKeyChecking=yes admin@127.1.1.2 'sudo -n sh -c '\\''printf '\\''`);
    expect(script).toContain("# ssh -p 2222 -i '/lab/lab key' -o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes root@127.1.1.1 'umount /mnt'");
    expect(script).toContain('# 2026-01-02T03:04:05.000Z node1 [bricks] unknown: lost the connection to node1');
    // It is a valid shell script.
    execFileSync('sh', ['-n', '-c', script]);
  });
});

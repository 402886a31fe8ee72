// Bad input never reaches a shell, in the real console against the lab: every
// text field of the setup (volume name, layout, mount path, brick mount, apt
// repository) and of the inventory editor (every host field, the paste box)
// is fed names and paths with spaces, quotes, `;`, `$()`, backticks, line
// breaks and non-ASCII. Each gets a clear error on screen, nothing is saved,
// and nothing runs: no marker file appears, the hosts' files do not change,
// and the audit log stays empty.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSettings } from '../../src/config/settings.js';
import { readProgress } from '../../src/store/setup-progress.js';
import { printable } from '../../src/config/validate.js';
import { startTestLab, type TestLab } from './fixture.js';
import { Tui } from './tui.js';
import { auditLines, fillIntent, onNode, openSetupWithLabInventory } from './setup-support.js';

const MARK = `gc-pwned-${process.pid}`;
const marker = `/tmp/${MARK}`;

/** Hostile text and the words of the error it must produce, per kind. */
const KINDS = [
  { kind: 'space', text: 'a b', message: 'a space' },
  { kind: 'quote', text: "a'b", message: "\"'\", a shell character" },
  { kind: 'double quote', text: 'a"b', message: 'a shell character' },
  { kind: 'semicolon', text: `a;touch ${marker}`, message: '";", a shell character' },
  { kind: 'command substitution', text: `a$(touch ${marker})`, message: 'which a shell would expand' },
  { kind: 'backticks', text: `a\`touch ${marker}\``, message: 'which a shell would expand' },
  { kind: 'line break', text: `a\ntouch ${marker}`, message: 'a line break' },
  { kind: 'non-ASCII', text: 'gvé', message: 'not plain ASCII' },
] as const;

/** The intent form's fields, top to bottom, and how each wraps the hostile text. */
const FIELDS = [
  { label: 'Volume name', wrap: (t: string) => t, layoutWords: false },
  { label: 'Layout', wrap: (t: string) => `replica ${t.replace(/ /g, '')}`, layoutWords: true },
  { label: 'Mount path', wrap: (t: string) => `/data/${t}`, layoutWords: false },
  { label: 'Brick mount', wrap: (t: string) => `/data/${t}`, layoutWords: false },
  { label: 'apt repository', wrap: (t: string) => `ppa:x/${t}`, layoutWords: false },
] as const;

describe.skipIf(inject('labSkipReason') !== '')('hostile input in the console, on the lab', () => {
  let lab: TestLab;
  let work: string;
  const tuis: Tui[] = [];

  beforeAll(async () => {
    lab = await startTestLab(3, 1);
    work = mkdtempSync(join(tmpdir(), 'gc-setup-hostile-'));
  });
  afterEach(async () => {
    await Promise.all(tuis.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses it in every text field with a clear error, saves nothing, runs nothing', async () => {
    const config = join(work, 'config');
    const nodeFiles = 'sha256sum /etc/hosts /etc/fstab; ls /tmp | grep -c gc-pwned || true';
    const before = await Promise.all(['node1', 'node2', 'node3'].map((n) => onNode(lab, n, nodeFiles)));
    const tui = await Tui.start(['--config-dir', config], { GLUSTER_CONSOLE_LAB_DIR: lab.dir }, work);
    tuis.push(tui);
    await openSetupWithLabInventory(tui);
    await fillIntent(tui, 'gv0', 'replica 3');

    // The setup's own fields.
    await tui.keys('e');
    await tui.waitFor('What the setup builds');
    for (const [index, field] of FIELDS.entries()) {
      for (const { kind, text, message } of KINDS) {
        // A space is a word separator in a layout, not an error.
        if (field.layoutWords && kind === 'space') continue;
        const value = field.wrap(text);
        await tui.keys('C-u');
        await tui.keys(value);
        // The value must be on screen (as typed, line breaks shown as \x0a) before Enter, or the two arrive as one paste.
        const shown = await tui.waitFor((s) => s.includes(`${field.label.padEnd(18)}${printable(value)}`) && s.includes(field.label === 'Layout' && kind !== 'line break' && kind !== 'non-ASCII' ? 'a shell character' : message), 10_000).catch((err: Error) => {
          throw new Error(`${field.label}, ${kind}: ${err.message}`);
        });
        expect(shown, `${field.label}, ${kind}`).toMatch(new RegExp(`❯ ${field.label}`));
        await tui.keys('Enter');
        await tui.waitFor('Not saved: fix the field marked ✗ first. Nothing was sent to any host.');
      }
      // Put the field back as it was before going on to the next.
      const restore = ['gv0', 'replica 3', '/data/shared', '/data/glusterfs/brick1', ''][index]!;
      await tui.keys('C-u');
      if (restore) await tui.keys(restore);
      await tui.waitFor((s) => !s.includes('✗') && (restore === '' || s.includes(`❯ ${field.label.padEnd(18)}${restore}`)));
      await tui.keys('Down');
    }
    await tui.keys('Escape');
    await tui.waitFor('Steps (as the hosts are now)', 60_000);

    // The inventory editor: every host field, and the paste box.
    await tui.keys('i');
    await tui.waitFor('Inventory: 3 hosts');
    await tui.keys('+');
    await tui.waitFor('Add a host');
    const hostFields = [
      { label: 'Name', wrap: (t: string) => `node${t}`, message: 'is not a host name' },
      { label: 'Address', wrap: (t: string) => `10.0.0.9${t}`, message: 'is neither an IP address nor a host name' },
      { label: 'SSH user', wrap: (t: string) => `root${t}`, message: 'is not a user name' },
      { label: 'SSH port', wrap: (t: string) => `22${t}`, message: 'is not a port' },
      { label: 'SSH key file', wrap: (t: string) => `/root/.ssh/id${t.includes('\n') ? t : ''}`, message: 'a file path cannot contain control' },
      { label: 'known_hosts', wrap: (t: string) => `/root/.ssh/kh${t.includes('\n') ? t : ''}`, message: 'a file path cannot contain control' },
      { label: 'Zone', wrap: (t: string) => `zone${t}`, message: 'is not a zone name' },
      { label: 'Brick device', wrap: (t: string) => `/dev/vd${t}`, message: 'is not a device path' },
      { label: 'Transient disk', wrap: (t: string) => `/dev/vd${t}`, message: 'is not a device path' },
    ];
    for (const field of hostFields) {
      // Local file paths may hold spaces and quotes (they never reach a host's shell), not line breaks.
      const kinds = field.message === 'a file path cannot contain control' ? KINDS.filter((k) => k.kind === 'line break') : KINDS;
      for (const { kind, text } of kinds) {
        await tui.keys('C-u');
        await tui.keys(field.wrap(text));
        await tui.waitFor((s) => s.includes(`❯ ${field.label.padEnd(16)}${printable(field.wrap(text))}`) && s.includes(field.message), 10_000).catch((err: Error) => {
          throw new Error(`${field.label}, ${kind}: ${err.message}`);
        });
        await tui.keys('Enter');
        await tui.waitFor('Not saved: fix');
      }
      await tui.keys('C-u');
      await tui.waitFor((s) => (s.split('\n').find((l) => l.startsWith(`❯ ${field.label}`)) ?? '').length > 0 && !s.includes(field.message));
      await tui.keys('Down');
    }
    await tui.keys('Escape');
    await tui.waitFor('Inventory: 3 hosts');
    await tui.keys('p');
    await tui.waitFor('Paste /etc/hosts-style lines');
    await tui.keys(`10.0.0.7 node7;touch ${marker}`);
    await tui.waitFor('✗ line 1:');
    await tui.keys('Enter');
    await tui.waitFor('Not saved: line 1');
    await tui.keys('Escape');
    await tui.waitFor('Inventory: 3 hosts');
    await tui.keys('q');
    expect(await tui.waitForExit()).toBe(0);

    // Nothing was saved, nothing ran.
    expect(createSettings({ cwd: config }).getInventory()).toEqual(lab.inventory);
    expect(readProgress(join(config, 'setup-progress.json')).intent).toMatchObject({ volumeName: 'gv0', layout: 'replica 3', mountPath: '/data/shared', brickMount: '/data/glusterfs/brick1', aptRepository: '' });
    expect(await auditLines(config)).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync('/tmp').filter((f) => f.startsWith(MARK))).toEqual([]);
    expect(await Promise.all(['node1', 'node2', 'node3'].map((n) => onNode(lab, n, nodeFiles)))).toEqual(before);
  });
});

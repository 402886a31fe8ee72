// Property: whatever hostile value is put in any inventory field (shell syntax,
// quotes, newlines, NUL, "..", a leading "-", 10 000 characters, non-ASCII,
// terminal controls, the wrong type), the inventory is refused, the error names
// that field, and it never carries a terminal control back to the screen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseInventory, readInventoryFile } from '../../src/config/inventory.js';

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Fragments no field may hold (local file paths: see LOCAL_OK). */
const HOSTILE = [' ', '"', "'", ';', '&&', '|', '$(id)', '`id`', '\n', '\r', '\t', '\u0000', '..', 'é', '\u202e', '\u009b', '\u001b[31m', '\\', '*', '>', '<', '~'];
/**
 * Key and known_hosts paths are opened here, never given to a shell: spaces, non-ASCII, "~" and "*" are real in
 * home directories, and ".." inside a file name ("..kh") is just a name (a ".." part is tested on its own).
 */
const LOCAL_OK = new Set([' ', 'é', '~', '*', '\\', '..']);

type Field = { path: string[]; make: (s: string) => string; local?: boolean };
const FIELDS: Field[] = [
  { path: ['name'], make: (s) => `node${s}1` },
  { path: ['address'], make: (s) => `10.0.0.1${s}` },
  { path: ['zone'], make: (s) => `zone${s}a` },
  { path: ['device'], make: (s) => `/dev/vd${s}c` },
  { path: ['transientDevice'], make: (s) => `/dev/vd${s}b` },
  { path: ['ssh', 'user'], make: (s) => `ro${s}ot` },
  { path: ['ssh', 'port'], make: (s) => `22${s}` },
  { path: ['ssh', 'identityFile'], make: (s) => `/home/op/.ssh/${s}id`, local: true },
  { path: ['ssh', 'knownHostsFile'], make: (s) => `/home/op/.ssh/${s}kh`, local: true },
];

function inventoryWith(field: Field, value: unknown): { hosts: Record<string, unknown>[] } {
  const host: Record<string, unknown> = { name: 'node1', address: '10.0.0.1', ssh: { user: 'root', port: 22 }, zone: 'a', device: '/dev/vdc' };
  if (field.path.length === 1) host[field.path[0]!] = value;
  else host.ssh = { ...(host.ssh as object), [field.path[1]!]: value };
  return { hosts: [host, { name: 'node2', address: '10.0.0.2' }] };
}

function refusal(data: unknown): string | null {
  try {
    parseInventory(data, 'inv.yaml');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const fieldArb = fc.constantFrom(...FIELDS);
const filler = fc.string({ unit: fc.constantFrom(...'abc019-.'.split('')), maxLength: 6 });

describe('every inventory field refuses hostile values', () => {
  it('property: a hostile fragment anywhere in a field', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fieldArb, fc.constantFrom(...HOSTILE), filler, filler, (field, bad, pre, post) => {
        if (field.local && LOCAL_OK.has(bad)) return;
        const message = refusal(inventoryWith(field, field.make(`${pre}${bad}${post}`)));
        expect(message, `${field.path.join('.')} = ${JSON.stringify(bad)}`).toContain(`hosts[0].${field.path.join('.')}`);
        expect(message).not.toMatch(UNSAFE);
      }),
      { numRuns: 400 },
    );
  });

  it.each(FIELDS.map((f) => [f.path.join('.'), f]))('%s: a leading "-", 10 000 characters, empty', (_, field) => {
    const where = `hosts[0].${field.path.join('.')}`;
    for (const value of [field.local || field.path[0] === 'device' || field.path[0] === 'transientDevice' ? null : '-x', 'x'.repeat(10_000), field.make('x'.repeat(10_000)), '']) {
      if (value === null) continue;
      const message = refusal(inventoryWith(field, value));
      expect(message, JSON.stringify(value.slice(0, 20))).toContain(where);
      expect(message!.length).toBeLessThan(1000);
    }
  });

  it('local file paths: a ".." part, a relative path', () => {
    for (const key of ['identityFile', 'knownHostsFile']) {
      for (const value of ['/home/op/../root/.ssh/id', 'id_ed25519', '~/.ssh/id', '-i/x']) {
        expect(refusal(inventoryWith(FIELDS.find((f) => f.path[1] === key)!, value))).toContain(`hosts[0].ssh.${key}`);
      }
    }
  });

  it('property: a value of the wrong type', { timeout: 60_000 }, () => {
    const wrong = fc.oneof(fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }), fc.double());
    fc.assert(
      fc.property(fieldArb, wrong, (field, value) => {
        if (field.path[1] === 'port' && typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return;
        expect(refusal(inventoryWith(field, value))).toContain(`hosts[0].${field.path.join('.')}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the inventory reader refuses hostile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gc-inv-prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('property: a hostile field written as YAML or JSON', { timeout: 120_000 }, () => {
    let n = 0;
    fc.assert(
      fc.property(fieldArb, fc.constantFrom(...HOSTILE), fc.boolean(), (field, bad, json) => {
        if (field.local && LOCAL_OK.has(bad)) return;
        const data = inventoryWith(field, field.make(bad));
        const path = join(dir, `inv${n++}.${json ? 'json' : 'yaml'}`);
        writeFileSync(path, json ? JSON.stringify(data) : YAML.stringify(data));
        expect(() => readInventoryFile(path)).toThrow(`hosts[0].${field.path.join('.')}`);
      }),
      { numRuns: 200 },
    );
  });

  it('property: arbitrary bytes are refused with a message that shows no control characters', { timeout: 120_000 }, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const path = join(dir, `bin${n++}.yaml`);
        writeFileSync(path, bytes);
        let message = '';
        try {
          readInventoryFile(path);
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).not.toBe('');
        expect(message).not.toMatch(UNSAFE);
      }),
      { numRuns: 300 },
    );
  });
});

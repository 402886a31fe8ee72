// Silent nodes: a powered-off VM or a pulled cable does not refuse connections,
// it just never answers, so SSH and glusterd wait for their timeouts. The
// nodes share the machine's network namespace, so the lab drops every packet
// to and from a silent node's address with nftables, in a table of its own
// named after the lab's net (two labs side by side never touch each other's
// table), and with rules that name only the silent nodes' addresses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal } from './host-exec.js';
import { findProgram } from './preflight.js';
import type { LabState } from './state.js';

/** The lab's nftables table (family ip): gluster_console_lab_127_1_1 for the nodes 127.1.1.I. */
export function firewallTable(net: string): string {
  if (!/^127\.[0-9]{1,3}\.[0-9]{1,3}$/.test(net)) throw new Error(`not a lab net: "${net}"`);
  return `gluster_console_lab_${net.replace(/\./g, '_')}`;
}

/** The net of a lab from its record (the nodes' addresses), whatever the environment says now. */
export function labTableOf(state: LabState): string | null {
  const address = state.nodes[0]?.address;
  return address ? firewallTable(address.split('.').slice(0, 3).join('.')) : null;
}

/**
 * One nft script that replaces the lab's table in a single transaction:
 * dropped entirely when nothing is silent, else input and output chains with
 * a drop for each silent address as source and as destination (on lo every
 * packet passes output and then input; dropping in both covers either side).
 */
export function firewallScript(table: string, silent: Array<{ name: string; address: string }>): string {
  for (const s of silent) {
    if (!/^127(\.[0-9]{1,3}){3}$/.test(s.address)) throw new Error(`refusing to write a rule for "${s.address}": not a lab address`);
    if (!/^[a-z0-9]+$/.test(s.name)) throw new Error(`refusing a rule comment "${s.name}"`);
  }
  // Creating the table first makes the delete valid whether or not it existed.
  const lines = [`table ip ${table} {}`, `delete table ip ${table}`];
  if (silent.length > 0) {
    lines.push(`table ip ${table} {`);
    for (const [chain, hook] of [['input', 'input'], ['output', 'output']] as const) {
      lines.push(`  chain ${chain} {`, `    type filter hook ${hook} priority filter; policy accept;`);
      for (const s of silent) {
        lines.push(`    ip saddr ${s.address} drop comment "${s.name} silent"`);
        lines.push(`    ip daddr ${s.address} drop comment "${s.name} silent"`);
      }
      lines.push('  }');
    }
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

export class FirewallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirewallError';
  }
}

function nft(): string {
  const path = findProgram('nft');
  if (!path) throw new FirewallError('silencing a node needs nftables (the nft program): apt-get install -y nftables');
  return path;
}

/** Makes the kernel's rules match the record: exactly the nodes marked silenced are dropped. */
export async function applyFirewall(state: LabState): Promise<void> {
  const table = labTableOf(state);
  if (!table) return;
  const silent = state.nodes.filter((n) => n.silenced).map((n) => ({ name: n.name, address: n.address }));
  const program = silent.length > 0 ? nft() : findProgram('nft');
  if (!program) return; // nothing to drop and no nftables: there can be no table of ours either
  const dir = mkdtempSync(join(tmpdir(), 'gc-lab-nft-'));
  const file = join(dir, 'rules.nft');
  try {
    writeFileSync(file, firewallScript(table, silent), { mode: 0o600 });
    const r = await runLocal(program, ['-f', file]);
    if (r.code !== 0) throw new FirewallError(`nft could not load the lab's rules (table ip ${table}): ${(r.stderr || r.stdout).trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes the lab's table, if there is one. */
export async function removeFirewall(table: string): Promise<void> {
  const program = findProgram('nft');
  if (!program) return;
  const r = await runLocal(program, ['delete', 'table', 'ip', table]);
  if (r.code !== 0 && !/No such file or directory/.test(r.stderr)) {
    throw new FirewallError(`nft could not remove the lab's table ip ${table}: ${r.stderr.trim()}`);
  }
}

/** The addresses the kernel really drops now, as the lab's table says; empty without a table or nftables. */
export async function silencedAddresses(table: string): Promise<Set<string>> {
  const program = findProgram('nft');
  if (!program) return new Set();
  const r = await runLocal(program, ['list', 'table', 'ip', table]);
  if (r.code !== 0) return new Set();
  const found = new Set<string>();
  for (const m of r.stdout.matchAll(/ip daddr (127(?:\.[0-9]{1,3}){3}) drop/g)) found.add(m[1]!);
  return found;
}

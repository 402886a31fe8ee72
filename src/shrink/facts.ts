// What shrinking needs to know, read only: the volumes and the pool as a host
// that stays sees them, and on each leaving host the client mounts of the
// volume and its /etc/fstab. Reads go through steps/read.ts like every check;
// one host's trouble is said, never thrown.
import type { Inventory } from '../config/inventory.js';
import { poolListXml, volumeInfoXml } from '../gluster/commands.js';
import { parsePoolList, parseVolumeInfo, type Peer, type VolumeInfo } from '../gluster/xml/index.js';
import { CLIENT_MOUNTS_COMMAND, parseClientMounts, type ClientMount } from '../panel/client-mounts.js';
import type { Executor } from '../ssh/types.js';
import { FSTAB } from '../steps/bricks.js';
import { parseReadFile, readFileCommand, type FileFacts } from '../steps/file-edit.js';
import { readHosts } from '../steps/read.js';
import { parseSections, section, sections } from '../steps/sections.js';

export interface ReadContext {
  executor: Executor;
  inventory: Inventory;
  signal?: AbortSignal;
}

export interface ClusterFacts {
  /** The host that answered for the cluster: in the inventory, not leaving. */
  member: string;
  volumes: VolumeInfo[];
  pool: Peer[];
}

export interface ClientFacts {
  mounts: ClientMount[];
  fstab: FileFacts;
}

/** The hosts that may answer for the cluster: the inventory's, in its order, without the leaving ones. */
export function memberCandidates(inventory: Inventory, leaving: readonly string[]): string[] {
  const out = new Set(leaving.map((h) => h.toLowerCase()));
  return inventory.hosts.map((h) => h.name).filter((n) => !out.has(n.toLowerCase()));
}

/**
 * The volumes and the pool from the first staying host whose glusterd answers
 * both; every host's reason when none does.
 */
export async function readCluster(ctx: ReadContext, leaving: readonly string[]): Promise<ClusterFacts | { error: string }> {
  const problems: string[] = [];
  for (const host of memberCandidates(ctx.inventory, leaving)) {
    const { results, errors } = await readHosts(ctx, [host], () => sections(section('volumes', volumeInfoXml()), section('pool', poolListXml())));
    if (errors[host]) {
      problems.push(`${host}: ${errors[host]}`);
      continue;
    }
    const s = parseSections(results[host]!.stdout);
    try {
      return { member: host, volumes: parseVolumeInfo(s.volumes?.text ?? ''), pool: parsePoolList(s.pool?.text ?? '') };
    } catch (err) {
      problems.push(`${host}: its glusterd did not answer (${(err as Error).message.split('\n')[0]})`);
    }
  }
  if (problems.length === 0) return { error: 'no host stays in the inventory to ask: at least one host must stay' };
  return { error: `no staying host answered for the cluster:\n  ${problems.join('\n  ')}` };
}

export function clientFactsCommand() {
  return sections(section('clients', CLIENT_MOUNTS_COMMAND), section('fstab', readFileCommand(FSTAB)));
}

export function parseClientFacts(stdout: string): ClientFacts | null {
  const s = parseSections(stdout);
  const mounts = parseClientMounts(s.clients?.text.replace(/^\n/, '') ?? '');
  if (mounts === undefined || s.fstab === undefined) return null;
  return { mounts, fstab: parseReadFile(FSTAB, s.fstab.text) };
}

/** Each leaving host's client mounts and fstab; a host that did not answer has its reason instead. */
export async function readClients(ctx: ReadContext, hosts: readonly string[]): Promise<{ facts: Record<string, ClientFacts>; errors: Record<string, string> }> {
  const { results, errors } = await readHosts(ctx, hosts, clientFactsCommand);
  const facts: Record<string, ClientFacts> = {};
  for (const [host, result] of Object.entries(results)) {
    const parsed = parseClientFacts(result.stdout);
    if (parsed) facts[host] = parsed;
    else errors[host] = 'the check of its mounts did not run to its end';
  }
  return { facts, errors };
}

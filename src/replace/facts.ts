// What the replace decision reads, through the steps' read helper (read only):
// whether the old host answers at all, and the volumes, what runs and the pool
// as the first live member that answers sees them; then the heal backlog.
import type { Inventory } from '../config/inventory.js';
import { healInfoXml, peerStatusXml, volumeInfoXml, volumeStatusXml } from '../gluster/commands.js';
import { parseHealInfo, parsePeerStatus, parseVolumeInfo, parseVolumeStatus, startedButSilent } from '../gluster/xml/index.js';
import { cmd } from '../shell/command.js';
import { readHosts } from '../steps/read.js';
import type { StepContext } from '../steps/types.js';
import { healProgress, type HealProgress, type ReplaceFacts } from './plan.js';

type Reader = Pick<StepContext, 'executor' | 'signal'>;

export async function readReplaceFacts(ctx: Reader, inventory: Inventory, oldHost: string, newHost: string, only?: string): Promise<ReplaceFacts | { error: string }> {
  const members = inventory.hosts.map((h) => h.name).filter((h) => h !== oldHost && h !== newHost);
  const old = await readHosts(ctx, [oldHost], () => cmd('true'));
  const problems: string[] = [];
  for (const member of members) {
    // One question at a time: glusterd answers a volume status asked during another transaction with no volumes at all.
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const info = await readHosts(ctx, [member], () => volumeInfoXml());
        const status = await readHosts(ctx, [member], () => volumeStatusXml('all'));
        const peers = await readHosts(ctx, [member], () => peerStatusXml());
        const answers = [info, status, peers].map((r) => r.results[member]);
        if (answers.some((a) => a === undefined)) {
          problems.push(`${member}: ${[info, status, peers].map((r) => r.errors[member]).find(Boolean) ?? 'no answer'}`);
          break;
        }
        const volumes = parseVolumeInfo(answers[0]!.stdout);
        const running = parseVolumeStatus(answers[1]!.stdout);
        const silent = startedButSilent(volumes, running);
        if (silent.length > 0) {
          problems.push(`${member}: volume status says nothing of the started volume${silent.length === 1 ? '' : 's'} ${silent.join(', ')}`);
          await new Promise((r) => setTimeout(r, 2000));
          continue;
        }
        return {
          oldHost,
          newHost,
          inventory,
          member,
          volumes,
          status: running,
          peers: parsePeerStatus(answers[2]!.stdout),
          oldAnswers: old.results[oldHost] !== undefined,
          ...(only !== undefined ? { only } : {}),
        };
      } catch (err) {
        problems.push(`${member}: ${(err as Error).message}`);
        break;
      }
    }
  }
  return { error: `no live member of the pool answered volume info, volume status and peer status: ${problems.join('; ') || 'the inventory has no host besides the old and the new one'}` };
}

/** The heal backlog of one volume as the member sees it; null when heal info gave no answer. */
export async function readHealProgress(ctx: Reader, member: string, volume: string): Promise<HealProgress | null> {
  const { results } = await readHosts(ctx, [member], () => healInfoXml(volume));
  const answer = results[member];
  if (!answer) return null;
  try {
    return healProgress(parseHealInfo(answer.stdout));
  } catch {
    return null;
  }
}

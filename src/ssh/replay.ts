// How an operator runs by hand what the console ran: the ssh command line
// that reaches the host as the console did (the inventory's user, port, key
// and known_hosts, host keys checked), and runs the command as root there.
import type { InventoryHost } from '../config/inventory.js';
import { quote } from '../shell/command.js';
import { resolveHostSettings } from './host-config.js';
import { asRoot } from './remote.js';

export function replayCommand(host: InventoryHost, commandText: string, options: { sshConfigFile?: string | null } = {}): string {
  // The effective user decides whether the console went through sudo -n (it may come from ~/.ssh/config).
  const user = resolveHostSettings(host, options.sshConfigFile !== undefined ? { configFile: options.sshConfigFile } : {}).user;
  const words = ['ssh'];
  if (host.ssh.port !== undefined) words.push('-p', String(host.ssh.port));
  if (host.ssh.identityFile !== undefined) words.push('-i', host.ssh.identityFile);
  if (host.ssh.knownHostsFile !== undefined) words.push('-o', `UserKnownHostsFile=${host.ssh.knownHostsFile}`);
  words.push('-o', 'StrictHostKeyChecking=yes');
  words.push(host.ssh.user !== undefined ? `${host.ssh.user}@${host.address}` : host.address);
  return `${words.map(quote).join(' ')} ${quote(asRoot({ argv: [], text: commandText }, user))}`;
}

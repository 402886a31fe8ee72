// Which TCP addresses are being listened on, from /proc/net/tcp and tcp6.
// The lab needs this because a daemon listening on the wildcard address holds
// its port on every loopback address too, so a node could not bind it.
import { readFileSync } from 'node:fs';

export interface Listener {
  address: string; // dotted IPv4, or '::'-style IPv6 ('::' is the wildcard)
  port: number;
  wildcard: boolean;
}

const LISTEN = '0A';

function ipv4FromHex(hex: string): string {
  // /proc prints the address in host byte order (little-endian on x86/arm).
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).reverse();
  return bytes.join('.');
}

function ipv6FromHex(hex: string): string {
  // Four 32-bit words, each in host byte order.
  const words: string[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    const bytes = word.match(/../g)!.reverse().join('');
    words.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  const groups = words.map((g) => parseInt(g, 16).toString(16));
  if (groups.every((g) => g === '0')) return '::';
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    return `::ffff:${ipv4FromHex(hex.slice(24, 32))}`;
  }
  return groups.join(':');
}

/** Parses the text of /proc/net/tcp or /proc/net/tcp6 into its listening sockets. */
export function parseProcNetTcp(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (!local || cols[3] !== LISTEN) continue;
    const [addrHex, portHex] = local.split(':');
    if (!addrHex || !portHex) continue;
    const v6 = addrHex.length === 32;
    const address = v6 ? ipv6FromHex(addrHex) : ipv4FromHex(addrHex);
    out.push({ address, port: parseInt(portHex, 16), wildcard: address === '0.0.0.0' || address === '::' });
  }
  return out;
}

export function readListeners(): Listener[] {
  const out: Listener[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      out.push(...parseProcNetTcp(readFileSync(file, 'utf8')));
    } catch {
      // No IPv6 on this machine: nothing listens there.
    }
  }
  return out;
}

/** Whether a node could bind ADDRESS:PORT, and if not, who holds it. */
export function portBlocker(listeners: Listener[], address: string, port: number): Listener | undefined {
  return listeners.find((l) => l.port === port && (l.wildcard || l.address === address || l.address === `::ffff:${address}`));
}

import { describe, expect, it } from 'vitest';
import { parseProcNetTcp, portBlocker } from '../../src/lab/listeners.js';

// Captured from this machine's /proc/net/tcp and /proc/net/tcp6 (x86_64, little-endian).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0109097F:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9941 1 0000000081dfca7b 100 0 0 10 0
   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1602 1 000000003efe4da2 100 0 0 10 0
   2: 0101017F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   3: 0101017F:0016 0100007F:D6A2 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:5DC7 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
`;

describe('parseProcNetTcp', () => {
  it('reads listening IPv4 sockets and skips established ones', () => {
    expect(parseProcNetTcp(TCP)).toEqual([
      { address: '127.9.9.1', port: 2222, wildcard: false },
      { address: '0.0.0.0', port: 2024, wildcard: true },
      { address: '127.1.1.1', port: 22, wildcard: false },
    ]);
  });

  it('reads IPv6 wildcard and v4-mapped listeners', () => {
    expect(parseProcNetTcp(TCP6)).toEqual([
      { address: '::', port: 22, wildcard: true },
      { address: '::ffff:127.0.0.1', port: 24007, wildcard: false },
    ]);
  });
});

describe('portBlocker', () => {
  const listeners = [...parseProcNetTcp(TCP)];
  it('finds a listener on the exact address', () => {
    expect(portBlocker(listeners, '127.1.1.1', 22)).toMatchObject({ address: '127.1.1.1' });
    expect(portBlocker(listeners, '127.1.1.2', 22)).toBeUndefined();
  });
  it('treats a wildcard listener as holding the port on every address', () => {
    expect(portBlocker(listeners, '127.1.1.7', 2024)).toMatchObject({ wildcard: true });
    expect(portBlocker(parseProcNetTcp(TCP6), '127.1.1.7', 22)).toMatchObject({ address: '::' });
  });
});

// The TCP socket under an ssh2 Client, owned by us. ssh2 1.17's
// Client.destroy() does nothing once Client.end() has run (it checks that the
// socket is still writable, and end() made it not), so a host whose sshd accepts
// TCP but never answers (frozen, swapping) kept a half-closed socket forever and
// the process never exited. We open the socket, hand it to ssh2, and destroy it
// ourselves: every way of letting go of a connection ends in bounded time.
import { connect as tcpConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';

export interface Transport {
  client: Client;
  /** What ssh2 reads and writes: our TCP socket, or a jump host's forwarded channel. */
  socket: Duplex;
}

/**
 * Starts the TCP connect before ssh2 sees the socket: ssh2 waits for 'connect'
 * only while `connecting` is true, and would otherwise start the handshake at once.
 */
export function openSocket(host: string, port: number): Duplex {
  return tcpConnect({ host, port });
}

/** Lets go at once: no goodbye to a host that may never read it. */
export function drop(transport: Transport): void {
  transport.client.end();
  transport.socket.destroy();
}

/** Says goodbye (SSH disconnect, FIN), waits up to graceMs for the host to close, then drops. */
export function hangUp(transport: Transport, graceMs: number): Promise<void> {
  const { client, socket } = transport;
  if (socket.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, graceMs);
    client.once('close', done);
    client.end();
  });
}

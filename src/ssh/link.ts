// One persistent connection to one endpoint, made when first needed and shared
// by every command. Concurrent first users share the one connect (and so the
// one host key question); after the connection dies the next user makes a new
// Client, since an ssh2 Client is not reusable after an error.
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { connectEndpoint, type ConnectDeps } from './connect.js';
import { drop, hangUp, type Transport } from './transport.js';
import type { Endpoint } from './host-config.js';
import { SshError } from './types.js';

/** How long a host gets to answer our disconnect before the socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

export class SshLink {
  private transport: Transport | undefined;
  private pending: Promise<Client> | undefined;
  private closed = false;
  /** Stops a connect under way when the link is closed: a frozen host must not hold up the exit. */
  private readonly closing = new AbortController();

  constructor(
    readonly endpoint: Endpoint,
    private readonly deps: ConnectDeps,
    /** The jump host this endpoint is reached through, if any. */
    private readonly via?: SshLink,
  ) {}

  /** A connected client (connecting if needed). */
  get(): Promise<Client> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.transport) return Promise.resolve(this.transport.client);
    if (!this.pending) {
      this.pending = this.connect().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  isAlive(client: Client): boolean {
    return this.transport?.client === client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private async connect(): Promise<Client> {
    const sock = this.via ? await this.forward(this.via) : undefined;
    const transport = await connectEndpoint(this.endpoint, this.deps, sock, this.closing.signal);
    if (this.closed) {
      drop(transport);
      throw this.closedError();
    }
    const { client } = transport;
    client.once('close', () => {
      if (this.transport === transport) this.transport = undefined;
      // ssh2 closed on its own (keepalive, host gone): make sure the socket goes too.
      transport.socket.destroy();
    });
    this.transport = transport;
    return client;
  }

  private async forward(via: SshLink): Promise<Duplex> {
    const jump = await via.get();
    const { hostName, port } = this.endpoint;
    return new Promise((resolve, reject) => {
      const fail = (err: Error) =>
        reject(
          new SshError(
            'unreachable',
            this.endpoint.name,
            `${this.endpoint.name}: the jump host ${via.endpoint.name} could not open a connection to ${hostName}:${port} (${err.message}). Check the address and that the jump host can reach it (and allows TCP forwarding).`,
            { cause: err },
          ),
        );
      try {
        jump.forwardOut('127.0.0.1', 0, hostName, port, (err, stream) => (err ? fail(err) : resolve(stream)));
      } catch (err) {
        fail(err as Error);
      }
    });
  }

  private closedError(): SshError {
    return new SshError('cancelled', this.endpoint.name, `${this.endpoint.name}: the SSH connections were closed; nothing more can run on this pool.`);
  }

  /** Ends the connection (not the jump hosts': the pool owns those). */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    // A connect still under way settles within its own deadline, and drops its socket when it sees `closed`.
    if (!this.transport) await this.pending?.catch(() => undefined);
    const transport = this.transport;
    this.transport = undefined;
    if (transport) await hangUp(transport, CLOSE_GRACE_MS);
  }
}

// One persistent connection to one endpoint, made when first needed and shared
// by every command. Concurrent first users share the one connect (and so the
// one host key question); after the connection dies the next user makes a new
// Client, since an ssh2 Client is not reusable after an error.
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { connectEndpoint, type ConnectDeps } from './connect.js';
import type { Endpoint } from './host-config.js';
import { SshError } from './types.js';

export class SshLink {
  private client: Client | undefined;
  private pending: Promise<Client> | undefined;
  private closed = false;

  constructor(
    readonly endpoint: Endpoint,
    private readonly deps: ConnectDeps,
    /** The jump host this endpoint is reached through, if any. */
    private readonly via?: SshLink,
  ) {}

  /** A connected client (connecting if needed). */
  get(): Promise<Client> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.client) return Promise.resolve(this.client);
    if (!this.pending) {
      this.pending = this.connect().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  isAlive(client: Client): boolean {
    return this.client === client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private async connect(): Promise<Client> {
    const sock = this.via ? await this.forward(this.via) : undefined;
    const client = await connectEndpoint(this.endpoint, this.deps, sock);
    if (this.closed) {
      client.end();
      throw this.closedError();
    }
    client.once('close', () => {
      if (this.client === client) this.client = undefined;
    });
    this.client = client;
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
    const client = this.client ?? (await this.pending?.catch(() => undefined));
    this.client = undefined;
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, 1000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end();
    });
  }
}

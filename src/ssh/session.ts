// The console's SSH connections for the current inventory: one pool, kept
// while the inventory stays the same and replaced (the old one closed) when
// the operator changes it. Closed once, on the way out.
import type { Inventory } from '../config/inventory.js';
import { SshPool, type PoolOptions } from './pool.js';

export class SshSession {
  private pool: SshPool | null = null;
  private hostsKey = '';

  constructor(private readonly options: PoolOptions = {}) {}

  /** The pool for this inventory: the same object as long as the hosts do not change. */
  poolFor(inventory: Inventory): SshPool {
    const key = JSON.stringify(inventory.hosts);
    if (this.pool && key === this.hostsKey) return this.pool;
    const old = this.pool;
    this.pool = new SshPool(inventory.hosts, this.options);
    this.hostsKey = key;
    void old?.close();
    return this.pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}

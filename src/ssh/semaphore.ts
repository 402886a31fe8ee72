// Bounds the channels open on one connection: sshd refuses sessions beyond
// MaxSessions (10 by default) with a bare "open failed", so we queue instead.

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`a channel limit must be a whole number >= 1, not ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  get limit(): number {
    return this.max;
  }

  /** Lowers the limit (a server allows fewer sessions than we assumed). */
  lower(max: number): void {
    this.max = Math.max(1, Math.min(this.max, max));
  }

  /** Resolves with a release function; rejects with signal.reason if aborted while queued. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
  }

  private pump(): void {
    while (this.active < this.max && this.waiting.length > 0) (this.waiting.shift() as () => void)();
  }
}

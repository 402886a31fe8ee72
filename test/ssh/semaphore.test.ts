import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/ssh/semaphore.js';

describe('Semaphore', () => {
  it('grants up to the limit, then in arrival order as slots free', async () => {
    const s = new Semaphore(2);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const c = s.acquire().then((r) => (order.push('c'), r));
    const d = s.acquire().then((r) => (order.push('d'), r));
    expect(s.inUse).toBe(2);
    a();
    a(); // releasing twice frees one slot only
    const releaseC = await c;
    expect(order).toEqual(['c']);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect(s.inUse).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const s = new Semaphore(1);
    const held = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    const next = s.acquire();
    held();
    (await next)();
    expect(s.inUse).toBe(0);
    await expect(s.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('can lower its limit, never below one', async () => {
    const s = new Semaphore(4);
    s.lower(2);
    expect(s.limit).toBe(2);
    s.lower(0);
    expect(s.limit).toBe(1);
    s.lower(9);
    expect(s.limit).toBe(1);
    expect(() => new Semaphore(0)).toThrow();
  });
});

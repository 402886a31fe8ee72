import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInteractiveArgs, runInteractive } from '../../src/ui/run.js';
import { createShutdown } from '../../src/ui/shutdown.js';

describe('parseInteractiveArgs', () => {
  it('reads --config-dir as an absolute path and --readonly', () => {
    expect(parseInteractiveArgs([])).toEqual({ readonly: false });
    expect(parseInteractiveArgs(['--readonly', '--config-dir', '/etc/gc'])).toEqual({ readonly: true, configDir: '/etc/gc' });
    expect(parseInteractiveArgs(['--config-dir=rel']).configDir).toBe(`${process.cwd()}/rel`);
  });

  it('refuses unknown options, stray arguments and an empty directory', () => {
    expect(() => parseInteractiveArgs(['--bogus'])).toThrow(/bogus/);
    expect(() => parseInteractiveArgs(['extra'])).toThrow(/extra/);
    expect(() => parseInteractiveArgs(['--config-dir'])).toThrow(/config-dir/);
    expect(() => parseInteractiveArgs(['--config-dir', ''])).toThrow(/needs a directory/);
  });
});

describe('runInteractive', () => {
  afterEach(() => vi.restoreAllMocks());

  function captureStderr(): () => string {
    const chunks: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    return () => chunks.join('');
  }

  it('exits 2 with a clear message on an unknown option', async () => {
    const stderr = captureStderr();
    expect(await runInteractive(['--nope'])).toBe(2);
    expect(stderr()).toMatch(/gluster-console: .*--nope[\s\S]*Usage: gluster-console \[--config-dir DIR\] \[--readonly\]/);
  });

  it('exits 2 without a terminal instead of letting Ink fail on raw mode', async () => {
    const stderr = captureStderr();
    const isTTY = process.stdin.isTTY;
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      expect(await runInteractive([])).toBe(2);
    } finally {
      Object.defineProperty(process.stdin, 'isTTY', { value: isTTY, configurable: true });
    }
    expect(stderr()).toContain('needs a terminal');
  });
});

describe('createShutdown', () => {
  it('runs every hook once, newest first, and collects failures', async () => {
    const order: string[] = [];
    const { onShutdown, shutdown } = createShutdown();
    onShutdown(() => {
      order.push('first');
    });
    onShutdown(() => {
      throw new Error('boom');
    });
    onShutdown(async () => {
      order.push('last');
    });
    const failures = await shutdown();
    expect(order).toEqual(['last', 'first']);
    expect(failures.map((e) => e.message)).toEqual(['boom']);
    expect(await shutdown()).toBe(failures);
    expect(order).toEqual(['last', 'first']);
  });
});

// Wires the panel's poller to its store: starts polling when the panel opens
// (every refreshIntervalMs), stops and kills running queries when it closes.
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_SETTINGS } from '../../config/settings.js';
import { analyze } from '../../panel/analyze.js';
import type { CopyRead, EntryRef } from '../../panel/copies.js';
import { ClusterPoller } from '../../panel/poller.js';
import type { ClusterReport } from '../../panel/report.js';
import type { Snapshot } from '../../panel/snapshot.js';
import type { Executor } from '../../ssh/types.js';
import { useAppStore, useAppStoreApi } from '../../store/app-store.js';
import type { PanelStore } from '../../store/panel-store.js';
import { useServices } from '../services.js';

export interface PanelController {
  refresh(): void;
  /** Refreshes now and resolves with the report of what the hosts say now (null once the panel closed). */
  recheck(): Promise<ClusterReport | null>;
  watchEntries(volume: string, on: boolean): void;
  /** Every brick's copy of one entry (null: the panel is closed or the volume unknown). */
  readCopies(volume: string, entry: EntryRef): Promise<CopyRead[] | null>;
  executor: Executor | null;
  intervalMs: number;
}

/** Re-renders every `ms` so ages stay true between refreshes. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function usePanelController(panel: PanelStore): PanelController {
  const inventory = useAppStore((s) => s.inventory);
  const appStore = useAppStoreApi();
  const { executorFor, settings } = useServices();
  const poller = useRef<ClusterPoller | null>(null);
  const thresholdRef = useRef<number>(DEFAULT_SETTINGS.capacityThresholdPercent);
  const [executor, setExecutor] = useState<Executor | null>(null);
  const [intervalMs, setIntervalMs] = useState<number>(DEFAULT_SETTINGS.refreshIntervalMs);

  useEffect(() => {
    if (inventory.hosts.length === 0) return undefined;
    let interval: number = DEFAULT_SETTINGS.refreshIntervalMs;
    try {
      interval = settings.getSetting('refreshIntervalMs');
    } catch (err) {
      appStore.getState().setStatus(`${(err as Error).message}; refreshing every ${interval / 1000} s`, 'error');
    }
    let capacityThresholdPercent: number = DEFAULT_SETTINGS.capacityThresholdPercent;
    try {
      capacityThresholdPercent = settings.getSetting('capacityThresholdPercent');
    } catch (err) {
      appStore.getState().setStatus(`${(err as Error).message}; capacity threshold ${capacityThresholdPercent}%`, 'error');
    }
    thresholdRef.current = capacityThresholdPercent;
    const exec = executorFor(inventory);
    // Many sections answer per refresh: draw once per burst.
    let pending: Snapshot | null = null;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (!pending) return;
      const snapshot = pending;
      pending = null;
      panel.getState().setReport(snapshot, analyze(snapshot, Date.now(), { capacityThresholdPercent }));
    };
    const instance = new ClusterPoller({
      executor: exec,
      hosts: inventory.hosts,
      onChange: (snapshot) => {
        pending = snapshot;
        timer ??= setTimeout(flush, 25);
      },
    });
    poller.current = instance;
    setExecutor(exec);
    setIntervalMs(interval);
    instance.start(interval);
    return () => {
      instance.stop();
      if (timer) clearTimeout(timer);
      poller.current = null;
    };
  }, [inventory, executorFor, settings, panel, appStore]);

  return {
    refresh: () => void poller.current?.refresh(),
    recheck: async () => {
      const current = poller.current;
      if (!current) return null;
      const snapshot = await current.refresh();
      return poller.current === current ? analyze(snapshot, Date.now(), { capacityThresholdPercent: thresholdRef.current }) : null;
    },
    watchEntries: (volume, on) => poller.current?.watchEntries(volume, on),
    readCopies: async (volume, entry) => {
      const current = poller.current;
      const info = current?.snapshot.volumes.value?.find((v) => v.name === volume);
      return current && info ? current.readCopies(info, entry) : null;
    },
    executor,
    intervalMs,
  };
}

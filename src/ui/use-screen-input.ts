// Screens take keys only while nothing is on top of them (a question or help):
// otherwise a "y" meant for a prompt could also run a screen's action.
import { useInput, type Key } from 'ink';
import { useAppStore } from '../store/app-store.js';

export function useScreenActive(): boolean {
  const prompt = useAppStore((s) => s.prompt);
  const helpVisible = useAppStore((s) => s.helpVisible);
  return prompt === null && !helpVisible;
}

export function useScreenInput(handler: (input: string, key: Key) => void): void {
  const active = useScreenActive();
  useInput(handler, { isActive: active });
}

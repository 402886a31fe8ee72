import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/app-store.js';

describe('prompts', () => {
  it('asks one question at a time, in order, and answers each asker', async () => {
    const store = createAppStore();
    const first = store.getState().ask({ kind: 'confirm', title: 'first', lines: [] });
    const second = store.getState().ask({ kind: 'secret', title: 'second', lines: [] });
    expect(store.getState().prompt?.title).toBe('first');
    expect(store.getState().promptQueue.map((p) => p.title)).toEqual(['second']);
    store.getState().answerPrompt('yes');
    expect(await first).toBe('yes');
    expect(store.getState().prompt?.title).toBe('second');
    store.getState().answerPrompt(null);
    expect(await second).toBeNull();
    expect(store.getState().prompt).toBeNull();
  });

  it('ignores an answer when nothing is asked', () => {
    const store = createAppStore();
    store.getState().answerPrompt('yes');
    expect(store.getState().prompt).toBeNull();
  });
});

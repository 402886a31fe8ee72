// Questions the app must ask the operator in the middle of something else: an
// unknown host key, a key passphrase, a typed confirmation before destroying
// data. Asked one at a time; whoever asks gets a promise of the answer.
export type PromptKind =
  /** y / n (Esc is no). Answer 'yes' or null. */
  | 'confirm'
  /** Hidden text, e.g. a passphrase. Answer the text, or null when cancelled. */
  | 'secret'
  /** The operator must type `expect` exactly (e.g. a host name before mkfs). */
  | 'typed';

export interface Prompt {
  id: number;
  kind: PromptKind;
  title: string;
  lines: string[];
  expect?: string;
}

export type PromptRequest = Omit<Prompt, 'id'>;

export interface PromptData {
  /** The question on screen; the others wait in order behind it. */
  prompt: Prompt | null;
  promptQueue: Prompt[];
}

export interface PromptActions {
  ask(request: PromptRequest): Promise<string | null>;
  answerPrompt(value: string | null): void;
}

type Set = (partial: Partial<PromptData>) => void;
type Get = () => PromptData;

/** The prompt part of the app store; resolvers stay outside the state (they are not data). */
export function createPromptSlice(set: Set, get: Get): PromptActions {
  const resolvers = new Map<number, (value: string | null) => void>();
  let nextId = 1;
  return {
    ask(request) {
      const prompt: Prompt = { ...request, id: nextId++ };
      return new Promise((resolve) => {
        resolvers.set(prompt.id, resolve);
        const { prompt: current, promptQueue } = get();
        if (current) set({ promptQueue: [...promptQueue, prompt] });
        else set({ prompt });
      });
    },
    answerPrompt(value) {
      const { prompt, promptQueue } = get();
      if (!prompt) return;
      const [next, ...rest] = promptQueue;
      set({ prompt: next ?? null, promptQueue: rest });
      const resolve = resolvers.get(prompt.id);
      resolvers.delete(prompt.id);
      resolve?.(value);
    },
  };
}

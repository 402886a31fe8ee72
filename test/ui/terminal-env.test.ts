import { describe, expect, it } from 'vitest';
import { prepareTerminalEnv, terminalEnvChanges } from '../../src/ui/terminal-env.js';

describe('the environment Ink and chalk see in the console', () => {
  it('hides CI, which would cost every frame but the last and every colour', () => {
    expect(terminalEnvChanges({ CI: 'true', TERM: 'xterm-256color' })).toEqual({ CI: undefined });
    expect(terminalEnvChanges({ CI: 'false', CONTINUOUS_INTEGRATION: '1' })).toEqual({ CI: undefined, CONTINUOUS_INTEGRATION: undefined });
    expect(terminalEnvChanges({ TERM: 'xterm' })).toEqual({});
  });

  it('says NO_COLOR in the words supports-color reads; an explicit FORCE_COLOR wins', () => {
    expect(terminalEnvChanges({ NO_COLOR: '1' })).toEqual({ FORCE_COLOR: '0' });
    expect(terminalEnvChanges({ NO_COLOR: '' })).toEqual({});
    expect(terminalEnvChanges({ NO_COLOR: '1', FORCE_COLOR: '2' })).toEqual({});
  });

  it('applies the changes to the environment it is given', () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', NO_COLOR: 'yes', TERM: 'dumb' };
    prepareTerminalEnv(env);
    expect(env).toEqual({ NO_COLOR: 'yes', FORCE_COLOR: '0', TERM: 'dumb' });
  });
});

import { describe, expect, it } from 'vitest';
import { readCommandLine, servable } from './command-line.js';

const argv = (...args: string[]) => ['node', 'paperboy', ...args];

describe('reading a command line before loading the CLI', () => {
  it('finds the command and --data before or after it, as commander takes it', () => {
    expect(readCommandLine(argv('--data', '/lib', 'ask', 'why?'))).toEqual({ command: 'ask', data: '/lib' });
    // A newcomer writes the option last; the server must still be found for that library.
    expect(readCommandLine(argv('ask', 'why?', '--data', '/lib'))).toEqual({ command: 'ask', data: '/lib' });
    expect(readCommandLine(argv('search', '--data=/lib', 'tokens'))).toEqual({ command: 'search', data: '/lib' });
    expect(readCommandLine(argv('search', '--', '--data', '/lib'))).toEqual({ command: 'search' });
  });

  it('serves only the read commands, never with --no-server or a local model', () => {
    expect(servable(argv('ask', 'why?', '--data', '/lib'), {})).toBe(true);
    expect(servable(argv('ingest', 'x.bib'), {})).toBe(false);
    expect(servable(argv('ask', 'why?', '--no-server'), {})).toBe(false);
    expect(servable(argv('ask', 'why?'), { PAPERBOY_LLM_GGUF: '/m.gguf' })).toBe(false);
  });
});

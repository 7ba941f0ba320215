import { describe, expect, it } from 'vitest';
import { createLlm } from './create-llm.js';
import { OpenAiChat } from './openai-chat.js';

describe('createLlm', () => {
  it('is undefined without settings, and an OpenAI-compatible client with a URL and a model', async () => {
    expect(await createLlm({})).toBeUndefined();
    const llm = await createLlm({ url: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: 'sk-x' });
    expect(llm).toBeInstanceOf(OpenAiChat);
    expect(llm!.name).toBe('openai:llama3.1:8b');
    expect((llm as OpenAiChat).url).toBe('http://localhost:11434/v1/chat/completions');
  });

  it('refuses half settings without printing the key', async () => {
    await expect(createLlm({ url: 'http://localhost:11434/v1', apiKey: 'sk-hunter22' })).rejects.toThrow(/^invalid LLM settings: an LLM URL needs a model name/);
    await expect(createLlm({ model: 'llama3' })).rejects.toThrow(/needs the server it runs on/);
    await expect(createLlm({ url: 'ftp://x', model: 'm', apiKey: 'sk-hunter22' })).rejects.toThrow(/^invalid LLM settings: the LLM URL must be http\(s\)$/);
    await expect(createLlm({ url: 'http://x', model: 'm', gguf: '/m.gguf' })).rejects.toThrow(/not both/);
  });

  it('says how to install node-llama-cpp when a GGUF model is asked for without it', async () => {
    // The real import: node-llama-cpp is an optional package paperboy does not install.
    const err = await createLlm({ gguf: '/models/tiny.gguf' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/needs the optional package node-llama-cpp, which is not installed: run "paperboy install llama-cpp"/);
  });

  it('loads node-llama-cpp only when a GGUF model is asked for, and checks the file', async () => {
    const imported: string[] = [];
    const importer = (name: string) => {
      imported.push(name);
      return Promise.resolve({});
    };
    await createLlm({ url: 'http://localhost:11434', model: 'm' }, { importer });
    expect(imported).toEqual([]);
    await expect(createLlm({ gguf: '/no/such/model.gguf' }, { importer })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(imported).toEqual(['node-llama-cpp']);
  });
});

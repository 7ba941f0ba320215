import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const load = (env: NodeJS.ProcessEnv) => loadConfig({ data: '/tmp/x', env });

describe('mail configuration', () => {
  it('reads an smtp:// or smtps:// URL with credentials, with default ports', () => {
    expect(load({ PAPERBOY_SMTP_URL: 'smtp://ann%40x.org:p%3Ass@mail.example.org:2525' }).smtp).toEqual({
      host: 'mail.example.org',
      port: 2525,
      secure: false,
      user: 'ann@x.org',
      pass: 'p:ss',
    });
    expect(load({ PAPERBOY_SMTP_URL: 'smtps://mail.example.org' }).smtp).toEqual({ host: 'mail.example.org', port: 465, secure: true });
    expect(load({ PAPERBOY_SMTP_URL: 'smtp://mail.example.org' }).smtp?.port).toBe(587);
  });

  it('reads host, port, secure, user and password variables', () => {
    const config = load({
      PAPERBOY_SMTP_HOST: '127.0.0.1',
      PAPERBOY_SMTP_PORT: '1025',
      PAPERBOY_SMTP_USER: 'u',
      PAPERBOY_SMTP_PASS: 'secret',
      PAPERBOY_MAIL_FROM: 'paperboy <p@example.org>',
      PAPERBOY_BASE_URL: 'https://papers.example.org/',
    });
    expect(config.smtp).toEqual({ host: '127.0.0.1', port: 1025, secure: false, user: 'u', pass: 'secret' });
    expect(config.mailFrom).toBe('paperboy <p@example.org>');
    expect(config.baseUrl).toBe('https://papers.example.org');
    expect(load({}).smtp).toBeUndefined();
  });

  it('refuses bad settings without ever printing the password', () => {
    for (const env of [
      { PAPERBOY_SMTP_URL: 'http://u:hunter22@mail.example.org' },
      { PAPERBOY_SMTP_URL: 'smtp://u:hunter22@mail.example.org:99999' },
      { PAPERBOY_SMTP_HOST: 'mail.example.org', PAPERBOY_SMTP_PORT: 'hunter22', PAPERBOY_SMTP_PASS: 'hunter22' },
      { PAPERBOY_BASE_URL: 'javascript:hunter22' },
    ]) {
      let message = '';
      try {
        load(env);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, JSON.stringify(env)).toMatch(/invalid configuration/);
      expect(message).not.toContain('hunter22');
    }
  });
});

describe('LLM configuration', () => {
  it('reads the endpoint, model, key, GGUF path and limits', () => {
    expect(
      load({
        PAPERBOY_LLM_URL: 'http://localhost:11434/v1',
        PAPERBOY_LLM_MODEL: 'llama3.1:8b',
        PAPERBOY_LLM_API_KEY: 'sk-x',
        PAPERBOY_LLM_TIMEOUT_MS: '5000',
        PAPERBOY_LLM_MAX_TOKENS: '512',
        PAPERBOY_LLM_BUDGET: '8000',
        PAPERBOY_LLM_JUDGE: 'yes',
      }).llm,
    ).toEqual({ url: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: 'sk-x', timeoutMs: 5000, maxTokens: 512, budgetTokens: 8000, judge: true });
    expect(load({ PAPERBOY_LLM_GGUF: '/models/q4.gguf' }).llm).toEqual({ gguf: '/models/q4.gguf' });
    expect(load({}).llm).toEqual({});
  });

  it('refuses bad settings without printing the key', () => {
    for (const env of [{ PAPERBOY_LLM_URL: 'file:///etc/passwd', PAPERBOY_LLM_API_KEY: 'sk-hunter22' }, { PAPERBOY_LLM_BUDGET: 'lots', PAPERBOY_LLM_API_KEY: 'sk-hunter22' }]) {
      let message = '';
      try {
        load(env);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^invalid configuration: llm\.(url|budgetTokens): PAPERBOY_LLM_(URL|BUDGET) must be/);
      expect(message).not.toContain('hunter22');
    }
  });
});

describe('today', () => {
  it('is the UTC date now, or the one $PAPERBOY_TODAY pins', () => {
    const now = new Date('2026-12-31T23:30:00Z');
    expect(loadConfig({ data: '/tmp/x', env: {}, now })).toMatchObject({ today: '2026-12-31' });
    expect(loadConfig({ data: '/tmp/x', env: {}, now }).todayPinned).toBeUndefined();
    expect(loadConfig({ data: '/tmp/x', env: { PAPERBOY_TODAY: '2024-05-10' }, now })).toMatchObject({ today: '2024-05-10', todayPinned: true });
  });
});

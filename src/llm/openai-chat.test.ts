import { afterEach, describe, expect, it } from 'vitest';
import { isPaperboyError, type PaperboyError } from '../core/errors.js';
import { chatUrl, OpenAiChat, type OpenAiChatOptions } from './openai-chat.js';
import { SseDecoder } from './server-sent-events.js';
import { completionReply, serveChat, sseBody, streamReply, writeInPieces, type ChatReply, type ChatServer } from './test-support/chat-server.js';

const servers: ChatServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(reply: ChatReply): Promise<ChatServer> {
  const server = await serveChat(reply);
  servers.push(server);
  return server;
}

const KEY = 'sk-secret-never-printed';

/** Records the backoff delays instead of waiting them out. */
function client(baseUrl: string, options: Partial<OpenAiChatOptions> = {}) {
  const sleeps: number[] = [];
  const llm = new OpenAiChat({
    baseUrl: `${baseUrl}/v1`,
    model: 'test',
    apiKey: KEY,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { llm, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<PaperboyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPaperboyError(err), `expected a PaperboyError, got ${String(err)}`).toBe(true);
  expect((err as Error).message).not.toContain(KEY);
  return err as PaperboyError;
}

const ask = [{ role: 'user' as const, content: 'what is retrieval?' }];
const ANSWER = 'Retrieval finds evidence — naïve or not 🚀, it helps.\nSecond line.';

describe('chatUrl', () => {
  it('takes a server root, an API root or the endpoint', () => {
    expect(chatUrl('http://localhost:11434').toString()).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatUrl('https://api.openai.com/v1/').toString()).toBe('https://api.openai.com/v1/chat/completions');
    expect(chatUrl('http://h:8080/v1/chat/completions').toString()).toBe('http://h:8080/v1/chat/completions');
    expect(() => chatUrl('ftp://h')).toThrow(/http\(s\)/);
  });
});

describe('SseDecoder', () => {
  it('joins multi-line data, skips comments and other fields, and takes CRLF split across pieces', () => {
    const d = new SseDecoder();
    const text = ': ping\r\nevent: message\r\nid: 1\r\ndata: {"a":\r\ndata:1}\r\n\r\ndata: [DONE]\r\n\r\n';
    const events: string[] = [];
    for (const ch of text) events.push(...d.push(ch));
    events.push(...d.end());
    expect(events).toEqual(['{"a":\n1}', '[DONE]']);
  });

  it('keeps an event the server left unterminated', () => {
    const d = new SseDecoder();
    expect(d.push('data: x')).toEqual([]);
    expect(d.end()).toEqual(['x']);
  });
});

describe('OpenAiChat', () => {
  it('streams a reply cut at odd byte boundaries (through lines and UTF-8 characters)', async () => {
    const server = await serve((req, res) => streamReply(req, res, ANSWER));
    const { llm } = client(server.baseUrl);
    const deltas: string[] = [];
    const result = await llm.chat({ messages: ask, maxTokens: 99, temperature: 0, onDelta: (t) => deltas.push(t) });
    expect(result.text).toBe(ANSWER);
    expect(deltas.join('')).toBe(ANSWER);
    expect(deltas.length).toBeGreaterThan(1);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ promptTokens: 3, completionTokens: 12 });
    expect(llm.name).toBe('openai:test');
    const { body, headers } = server.seen[0]!;
    expect(body).toMatchObject({ model: 'test', messages: ask, max_tokens: 99, temperature: 0, stream: true, stream_options: { include_usage: true } });
    expect(body.response_format).toBeUndefined();
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads a plain completion and asks for a JSON object when json is wanted', async () => {
    const server = await serve((req, res) => completionReply(req, res, '{"ok":true}'));
    const { llm } = client(server.baseUrl, { maxTokens: 50 });
    const result = await llm.chat({ messages: ask, json: true });
    expect(result).toEqual({ text: '{"ok":true}', finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 1 } });
    expect(server.seen[0]!.body).toMatchObject({ stream: false, max_tokens: 50, response_format: { type: 'json_object' } });
  });

  it('hands the whole text to onDelta when the server ignores stream: true', async () => {
    const server = await serve((req, res) => completionReply(req, res, 'all at once'));
    const deltas: string[] = [];
    const result = await client(server.baseUrl).llm.chat({ messages: ask, onDelta: (t) => deltas.push(t) });
    expect(result.text).toBe('all at once');
    expect(deltas).toEqual(['all at once']);
  });

  it('waits out a 429 as Retry-After says, then succeeds', async () => {
    const server = await serve((req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' }).end('{"error":{"message":"slow down"}}');
      else completionReply(req, res, 'fine');
    });
    const { llm, sleeps } = client(server.baseUrl);
    expect((await llm.chat({ messages: ask })).text).toBe('fine');
    expect(sleeps).toEqual([2000]);
  });

  it('retries a 500 with backoff, and gives up after the retries with the server message', async () => {
    const server = await serve((req, res, n) => {
      if (n <= 1) res.writeHead(500).end('{"error":"model crashed"}');
      else completionReply(req, res, 'recovered');
    });
    const { llm, sleeps } = client(server.baseUrl);
    expect((await llm.chat({ messages: ask })).text).toBe('recovered');
    expect(sleeps).toEqual([375]);

    const down = await serve((_req, res) => res.writeHead(503).end('{"error":"loading model"}'));
    const err = await failure(client(down.baseUrl, { retries: 2 }).llm.chat({ messages: ask }));
    expect(err.code).toBe('LLM_UNAVAILABLE');
    expect(err.message).toContain(`${down.baseUrl}/v1/chat/completions answered 503`);
    expect(err.message).toContain('loading model');
    expect(err.message).toContain('gave up after 3 attempts');
  });

  it('surfaces a 400 at once with the server message', async () => {
    const server = await serve((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"model \\"test\\" not found"}}'));
    const { llm, sleeps } = client(server.baseUrl);
    const err = await failure(llm.chat({ messages: ask }));
    expect(err.code).toBe('LLM_FAILED');
    expect(err.message).toBe(`${server.baseUrl}/v1/chat/completions answered 400 Bad Request: model "test" not found`);
    expect(sleeps).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it('says so when the key is refused', async () => {
    const server = await serve((_req, res) => res.writeHead(401).end('{"error":{"message":"invalid api key"}}'));
    const err = await failure(client(server.baseUrl).llm.chat({ messages: ask }));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.message).toMatch(/401 Unauthorized: invalid api key \(check the API key\)/);
  });

  it('retries a reset connection', async () => {
    const server = await serve((req, res, n) => {
      if (n === 1) res.socket?.destroy();
      else streamReply(req, res, 'after reset');
    });
    const { llm, sleeps } = client(server.baseUrl);
    expect((await llm.chat({ messages: ask, onDelta: () => undefined })).text).toBe('after reset');
    expect(sleeps).toHaveLength(1);
  });

  it('fails a connection refused naming the URL', async () => {
    const server = await serve(() => undefined);
    const url = server.baseUrl;
    await server.close();
    servers.length = 0;
    const err = await failure(client(url, { retries: 0 }).llm.chat({ messages: ask }));
    expect(err.code).toBe('LLM_UNAVAILABLE');
    expect(err.message).toBe(`cannot reach ${url}/v1/chat/completions: connection refused`);
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const err = await failure(client(server.baseUrl, { timeoutMs: 100, retries: 1 }).llm.chat({ messages: ask }));
    expect(err.message).toBe(`${server.baseUrl}/v1/chat/completions did not answer within 0.1 s (gave up after 2 attempts)`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a stream that stalls mid-answer (idle timeout) and does not retry what was already streamed', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const body = sseBody(req, 'this answer never ends', 4);
      void writeInPieces(res, body.slice(0, body.indexOf('never')), 9, false);
    });
    const deltas: string[] = [];
    const started = Date.now();
    const err = await failure(client(server.baseUrl, { idleTimeoutMs: 200 }).llm.chat({ messages: ask, onDelta: (t) => deltas.push(t) }));
    expect(err.code).toBe('LLM_UNAVAILABLE');
    expect(err.message).toBe(`${server.baseUrl}/v1/chat/completions went silent mid-answer for 0.2 s`);
    expect(deltas.join('')).toMatch(/^this/);
    expect(server.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps a slow stream alive as long as chunks keep coming', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // ~20 pieces 50 ms apart: the whole answer takes about twice the idle timeout.
      void writeInPieces(res, sseBody(req, 'slow but steady'), 60, true, 50);
    });
    const started = Date.now();
    const result = await client(server.baseUrl, { idleTimeoutMs: 500, timeoutMs: 500 }).llm.chat({ messages: ask, onDelta: () => undefined });
    expect(result.text).toBe('slow but steady');
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('rejects malformed events, non-JSON bodies, empty choices and in-stream errors', async () => {
    const malformed = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: {not json\n\n');
    });
    let err = await failure(client(malformed.baseUrl).llm.chat({ messages: ask, onDelta: () => undefined }));
    expect(err.code).toBe('LLM_FAILED');
    expect(err.message).toBe(`${malformed.baseUrl}/v1/chat/completions sent a malformed event: "{not json"`);

    const html = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>'));
    err = await failure(client(html.baseUrl).llm.chat({ messages: ask }));
    expect(err.message).toMatch(/did not answer with JSON \(text\/html\): "<html>proxy login<\/html>"/);

    const empty = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[]}'));
    err = await failure(client(empty.baseUrl).llm.chat({ messages: ask }));
    expect(err.message).toMatch(/answered without choices/);

    const inStream = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"error":{"message":"context length exceeded"}}\n\n');
    });
    err = await failure(client(inStream.baseUrl).llm.chat({ messages: ask, onDelta: () => undefined }));
    expect(err.message).toMatch(/reported an error: context length exceeded$/);
  });

  it('fails a stream that ends before [DONE] without a finish', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"content":"cut"}}]}\n\n');
    });
    const err = await failure(client(server.baseUrl, { retries: 0 }).llm.chat({ messages: ask, onDelta: () => undefined }));
    expect(err.message).toMatch(/ended its stream before \[DONE\]$/);
  });

  it('asks again without response_format when the server rejects it, and remembers', async () => {
    const server = await serve((req, res) => {
      if (req.body.response_format) res.writeHead(400).end('{"error":"response_format is not supported"}');
      else completionReply(req, res, '{"a":1}');
    });
    const { llm } = client(server.baseUrl);
    expect((await llm.chat({ messages: ask, json: true })).text).toBe('{"a":1}');
    expect((await llm.chat({ messages: ask, json: true })).text).toBe('{"a":1}');
    expect(server.seen.map((s) => Boolean(s.body.response_format))).toEqual([true, false, false]);
  });

  it('stops at once when the caller aborts', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const body = sseBody(req, 'a long answer', 3);
      void writeInPieces(res, body.slice(0, body.indexOf('a lo') + 40), 5, false);
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client(server.baseUrl).llm.chat({ messages: ask, onDelta: () => controller.abort(), signal: controller.signal });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.seen).toHaveLength(1);
  });
});

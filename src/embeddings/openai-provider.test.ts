import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPaperboyError, type PaperboyError } from '../core/errors.js';
import { embeddingsUrl, OpenAiEmbeddingProvider, type OpenAiProviderOptions } from './openai-provider.js';
import { DIM, embeddingsReply, fakeEmbedding, normalised, serveEmbeddings, type EmbeddingServer, type Reply } from './test-support/openai-server.js';

const servers: EmbeddingServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(reply?: Reply): Promise<EmbeddingServer> {
  const server = await serveEmbeddings(reply);
  servers.push(server);
  return server;
}

/** Records the backoff delays instead of waiting them out. */
function provider(baseUrl: string, options: Partial<OpenAiProviderOptions> = {}) {
  const sleeps: number[] = [];
  const p = new OpenAiEmbeddingProvider({
    baseUrl,
    model: 'test-embed',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { p, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<PaperboyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPaperboyError(err), `expected a PaperboyError, got ${String(err)}`).toBe(true);
  return err as PaperboyError;
}

const texts = (n: number): string[] => Array.from({ length: n }, (_, i) => `paper number ${i}`);

describe('OpenAiEmbeddingProvider', () => {
  it('batches, keeps input order, normalises and learns the dimension', async () => {
    const { baseUrl, seen } = await serve((req, res) => embeddingsReply(req, res, { shuffle: true }));
    const { p } = provider(baseUrl, { batchSize: 3 });
    expect(p.modelId).toBe(`openai/${new URL(baseUrl).host}/test-embed`);
    expect(() => p.dimensions).toThrow(/not known yet/);

    const input = texts(8);
    const vectors = await p.embed(input, 'document');
    expect(seen.map((s) => s.body.input.length)).toEqual([3, 3, 2]);
    expect(seen.every((s) => s.body.model === 'test-embed')).toBe(true);
    expect(seen.flatMap((s) => s.body.input)).toEqual(input);
    expect(p.dimensions).toBe(DIM);
    vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      const want = normalised(fakeEmbedding(input[i]!));
      want.forEach((x, j) => expect(v[j]).toBeCloseTo(x, 6));
    });
    expect(await p.embed([], 'query')).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('connect() learns the dimension with one request; prefixes and empty texts', async () => {
    const { baseUrl, seen } = await serve();
    const p = await OpenAiEmbeddingProvider.connect({
      baseUrl: `${baseUrl}/v1/`,
      model: 'm',
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    });
    expect(p.dimensions).toBe(DIM);
    expect(seen).toHaveLength(1);
    await p.embed(['a', ''], 'query');
    await p.embed(['b'], 'document');
    expect(seen.slice(1).map((s) => s.body.input)).toEqual([['query: a', 'query: '], ['passage: b']]);
    const bare = new OpenAiEmbeddingProvider({ baseUrl, model: 'm' });
    await bare.embed([''], 'document');
    expect(seen[3]!.body.input).toEqual([' ']); // OpenAI rejects empty strings
    expect(p.modelId).toMatch(/^openai\/127\.0\.0\.1:\d+\/m\/doc-[0-9a-f]{8}$/);
  });

  it('sends the API key as a bearer token, and explains a 401', async () => {
    const { baseUrl, seen } = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer sk-test') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
      } else embeddingsReply(req, res);
    });
    const { p } = provider(baseUrl, { apiKey: 'sk-test' });
    await p.embed(['x'], 'query');
    expect(seen[0]!.headers.authorization).toBe('Bearer sk-test');

    const { p: noKey, sleeps } = provider(baseUrl);
    const err = await failure(noKey.embed(['x'], 'query'));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.message).toMatch(/answered 401 Unauthorized: Incorrect API key provided \(it wants an API key\)/);
    expect(sleeps).toEqual([]); // not retried
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it('retries after two 503s, with growing backoff, then succeeds', async () => {
    const { baseUrl, seen } = await serve((req, res, n) => {
      if (n <= 2) res.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded');
      else embeddingsReply(req, res);
    });
    const { p, sleeps } = provider(baseUrl, { retryBaseMs: 100 });
    const vectors = await p.embed(['x', 'y'], 'document');
    expect(vectors).toHaveLength(2);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]); // base·2^attempt, equal jitter with random() = 0.5
  });

  it('honours Retry-After on 429', async () => {
    const { baseUrl, seen } = await serve((req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' });
        res.end('{"error":{"message":"Rate limit reached"}}');
      } else embeddingsReply(req, res);
    });
    const { p, sleeps } = provider(baseUrl);
    await p.embed(['x'], 'document');
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up after the configured retries with the last error', async () => {
    const { baseUrl, seen } = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"CUDA out of memory"}');
    });
    const { p, sleeps } = provider(baseUrl, { retries: 3 });
    const err = await failure(p.embed(['x'], 'document'));
    expect(err.code).toBe('EMBEDDING_UNAVAILABLE');
    expect(err.message).toMatch(/answered 500 Internal Server Error: CUDA out of memory \(gave up after 4 attempts\)/);
    expect(seen).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('does not retry a 4xx, and reports its message', async () => {
    const { baseUrl, seen } = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"model \\"test-embed\\" not found, try pulling it first"}');
    });
    const { p } = provider(baseUrl);
    const err = await failure(p.embed(['x'], 'document'));
    expect(err.code).toBe('EMBEDDING_FAILED');
    expect(err.message).toMatch(/answered 404 Not Found: model "test-embed" not found, try pulling it first$/);
    expect(seen).toHaveLength(1);
  });

  it('says when the endpoint is down (connection refused)', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const { p, sleeps } = provider(`http://127.0.0.1:${port}`, { retries: 2 });
    const err = await failure(p.embed(['x'], 'document'));
    expect(err.code).toBe('EMBEDDING_UNAVAILABLE');
    expect(err.message).toBe(
      `cannot reach http://127.0.0.1:${port}/v1/embeddings: connection refused (gave up after 3 attempts)`,
    );
    expect(sleeps).toHaveLength(2);
  });

  it('times out when the server never answers', async () => {
    const { baseUrl, seen } = await serve(() => {
      /* never answers */
    });
    const { p } = provider(baseUrl, { timeoutMs: 200, retries: 1 });
    const err = await failure(p.embed(['x'], 'document'));
    expect(err.code).toBe('EMBEDDING_UNAVAILABLE');
    expect(err.message).toMatch(/\/v1\/embeddings did not answer within 0\.2 s \(gave up after 2 attempts\)$/);
    expect(seen).toHaveLength(2);
  });

  it('rejects vectors of the wrong size', async () => {
    const { baseUrl } = await serve((req, res, n) => {
      const data = req.body.input.map((t, index) => ({ index, embedding: fakeEmbedding(t, n === 1 ? DIM : DIM + 1) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
    const { p } = provider(baseUrl);
    await p.embed(['x'], 'document');
    const err = await failure(p.embed(['y'], 'document'));
    expect(err.code).toBe('EMBEDDING_FAILED');
    expect(err.message).toMatch(/returned 5-dimensional embeddings, expected 4 \(as in its earlier answers\)/);

    const { p: configured } = provider(baseUrl, { dimensions: 3 });
    const err2 = await failure(configured.embed(['x'], 'document'));
    expect(err2.message).toMatch(/returned 5-dimensional embeddings, expected 3 \(as configured\)/);
  });

  it('takes the size of the vectors a library holds as known: no probe, and an answer of another size fails', async () => {
    const { baseUrl, seen } = await serve();
    const p = await OpenAiEmbeddingProvider.connect({ baseUrl, model: 'm', storedDimensions: DIM });
    expect(p.dimensions).toBe(DIM);
    expect(seen).toHaveLength(0);
    expect(await p.embed(['a'], 'query')).toHaveLength(1);
    expect(seen).toHaveLength(1);

    const changed = await OpenAiEmbeddingProvider.connect({ baseUrl, model: 'm', storedDimensions: DIM + 2 });
    const err = await failure(changed.embed(['a'], 'query'));
    expect(err.code).toBe('EMBEDDING_FAILED');
    expect(err.message).toMatch(/returned 4-dimensional embeddings, expected 6 \(the size of the library's vectors from this model: .*paperboy embed/);
  });

  it('rejects the wrong number of vectors', async () => {
    const { baseUrl } = await serve((req, res) => {
      const data = req.body.input.slice(1).map((t, index) => ({ index, embedding: fakeEmbedding(t) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
    });
    const { p, sleeps } = provider(baseUrl);
    const err = await failure(p.embed(['a', 'b', 'c'], 'document'));
    expect(err.code).toBe('EMBEDDING_FAILED');
    expect(err.message).toMatch(/returned 2 embeddings for 3 inputs/);
    expect(sleeps).toEqual([]);
  });

  it('rejects malformed JSON, an error body, and duplicate indices', async () => {
    const { baseUrl } = await serve((req, res, n) => {
      if (n === 1) res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
      else if (n === 2) res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [');
      else if (n === 3) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'input too long', type: 'invalid_request_error' } }));
      } else {
        const data = req.body.input.map((t) => ({ index: 0, embedding: fakeEmbedding(t) }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      }
    });
    const { p } = provider(baseUrl);
    const html = await failure(p.embed(['x'], 'document'));
    expect(html.code).toBe('EMBEDDING_FAILED');
    expect(html.message).toMatch(/did not answer with JSON \(text\/html\): "<html><body>Welcome to nginx!/);
    const truncated = await failure(p.embed(['x'], 'document'));
    expect(truncated.message).toMatch(/did not answer with JSON \(application\/json\): "\{"data": \["/);
    const errorBody = await failure(p.embed(['x'], 'document'));
    expect(errorBody.message).toMatch(/reported an error: input too long$/);
    const dup = await failure(p.embed(['x', 'y'], 'document'));
    expect(dup.message).toMatch(/returned two embeddings with index 0/);
  });

  it('accepts base64 float32 embeddings and sends dimensions when asked', async () => {
    const { baseUrl, seen } = await serve((req, res) => {
      const data = req.body.input.map((t, index) => ({
        index,
        embedding: Buffer.from(Float32Array.from(fakeEmbedding(t, req.body.dimensions)).buffer).toString('base64'),
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
    const { p } = provider(baseUrl, { dimensions: 3, requestDimensions: true });
    const [v] = await p.embed(['x'], 'document');
    expect(seen[0]!.body.dimensions).toBe(3);
    normalised(fakeEmbedding('x', 3)).forEach((x, j) => expect(v![j]).toBeCloseTo(x, 6));
    expect(p.modelId).toMatch(/\/test-embed\/d3$/);
  });

  it('finds the endpoint from a root, an API root or the endpoint itself', () => {
    expect(embeddingsUrl('http://localhost:11434').toString()).toBe('http://localhost:11434/v1/embeddings');
    expect(embeddingsUrl('https://api.openai.com/v1/').toString()).toBe('https://api.openai.com/v1/embeddings');
    expect(embeddingsUrl('http://h:8080/v1/embeddings').toString()).toBe('http://h:8080/v1/embeddings');
    expect(embeddingsUrl('http://h/proxy/openai').toString()).toBe('http://h/proxy/openai/v1/embeddings');
    expect(() => embeddingsUrl('localhost:11434')).toThrow(/must be http\(s\)|not a URL/);
    expect(() => new OpenAiEmbeddingProvider({ baseUrl: 'http://h', model: 'm', batchSize: 0 })).toThrow(/batch size/);
  });
});

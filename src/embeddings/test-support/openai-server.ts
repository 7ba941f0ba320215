/** A local server speaking the OpenAI /v1/embeddings protocol, for tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const DIM = 4;

/** A deterministic, text-dependent, never-zero vector (the server's "model"). */
export function fakeEmbedding(text: string, dim = DIM): number[] {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: dim }, (_, j) => ((h >>> (j * 7)) % 97) - 48 + (j === 0 ? 100 : 0));
}
export const normalised = (v: number[]): number[] => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

export interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; input: string[]; dimensions?: number };
}
export type Reply = (req: Seen, res: http.ServerResponse, n: number) => void;

/** The real protocol, with knobs: shuffle the order of `data`. */
export function embeddingsReply(req: Seen, res: http.ServerResponse, options: { shuffle?: boolean } = {}): void {
  const data = req.body.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) }));
  if (options.shuffle) data.reverse().push(data.shift()!);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data, model: req.body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
}

export interface EmbeddingServer {
  baseUrl: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function serveEmbeddings(reply: Reply = (req, res) => embeddingsReply(req, res)): Promise<EmbeddingServer> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end('{"error":"not found"}');
        return;
      }
      const entry: Seen = { path: req.url, headers: req.headers, body: JSON.parse(raw) as Seen['body'] };
      seen.push(entry);
      reply(entry, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A local server speaking the OpenAI /v1/embeddings protocol, for tests. */
import type http from 'node:http';
import { serveOpenAi, type OpenAiServer, type Reply as LocalReply, type Seen as LocalSeen } from '../../net/test-support/openai-server.js';

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

export type Seen = LocalSeen<{ model: string; input: string[]; dimensions?: number }>;
export type Reply = LocalReply<Seen['body']>;

/** The real protocol, with knobs: shuffle the order of `data`. */
export function embeddingsReply(req: Seen, res: http.ServerResponse, options: { shuffle?: boolean } = {}): void {
  const data = req.body.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) }));
  if (options.shuffle) data.reverse().push(data.shift()!);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data, model: req.body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
}

export type EmbeddingServer = OpenAiServer<Seen['body']>;

export const serveEmbeddings = (reply: Reply = (req, res) => embeddingsReply(req, res)): Promise<EmbeddingServer> =>
  serveOpenAi('/v1/embeddings', reply);

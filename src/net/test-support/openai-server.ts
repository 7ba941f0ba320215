/**
 * A local server speaking an OpenAI-protocol endpoint, for tests: one POST path, JSON bodies
 * recorded, the reply left to the test (embeddings/test-support, llm/test-support).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen<Body> {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Body;
}
/** Answers request number `n` (from 1). */
export type Reply<Body> = (req: Seen<Body>, res: http.ServerResponse, n: number) => void;

export interface OpenAiServer<Body> {
  baseUrl: string;
  seen: Seen<Body>[];
  close(): Promise<void>;
}

export async function serveOpenAi<Body>(endpoint: string, reply: Reply<Body>): Promise<OpenAiServer<Body>> {
  const seen: Seen<Body>[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== endpoint) {
        res.writeHead(404).end('{"error":"not found"}');
        return;
      }
      const entry: Seen<Body> = { path: req.url, headers: req.headers, body: JSON.parse(raw) as Body };
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

/**
 * A local HTTP server for the sync tests: answers from recorded responses chosen by a handler,
 * and records every request it receives (path, query, headers, arrival time), so a test can
 * assert what a source asked for and how politely. Listens on 127.0.0.1, a free port.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** ms since the epoch. */
  at: number;
}

/** An answer, or 'reset' to drop the connection without one. */
export type Answer = { status?: number; headers?: Record<string, string>; body?: string | Buffer } | 'reset';

export interface RecordedServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startRecordedServer(handler: (req: SeenRequest, index: number) => Answer): Promise<RecordedServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const seen = { path: url.pathname, query: url.searchParams, headers: req.headers, at: Date.now() };
    requests.push(seen);
    const answer = handler(seen, requests.length - 1);
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const syncFixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Client settings for tests: no politeness delay, quick retries. */
export const FAST_HTTP = { minDelayMs: 0, retryBaseMs: 1, retryMaxMs: 50, timeoutMs: 5000 } as const;

/**
 * A local server speaking OpenAI's /v1/chat/completions, for tests: plain and streamed
 * (server-sent events written in pieces cut at odd byte boundaries) completions, and scripted
 * model replies, one per request in order.
 */
import type http from 'node:http';
import { serveOpenAi, type OpenAiServer, type Reply, type Seen } from '../../net/test-support/openai-server.js';

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  temperature?: number;
  stream?: boolean;
  response_format?: { type: string };
  stream_options?: { include_usage: boolean };
}
export type ChatSeen = Seen<ChatBody>;
export type ChatReply = Reply<ChatBody>;
export type ChatServer = OpenAiServer<ChatBody>;

export const serveChat = (reply: ChatReply): Promise<ChatServer> => serveOpenAi('/v1/chat/completions', reply);

/** Token counts the fake model reports: a word is a token. */
const tokens = (text: string): number => text.split(/\s+/).filter(Boolean).length;
const usageOf = (req: ChatSeen, text: string) => ({
  prompt_tokens: tokens(req.body.messages.map((m) => m.content).join(' ')),
  completion_tokens: tokens(text),
});

export function completionReply(req: ChatSeen, res: http.ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      model: req.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: usageOf(req, text),
    }),
  );
}

/** The SSE body of a streamed completion: a role chunk, content in `pieces` deltas, finish, usage, [DONE]. */
export function sseBody(req: ChatSeen, text: string, pieces = 3): string {
  const chunk = (choice: object) => `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', choices: [{ index: 0, ...choice }] })}\n\n`;
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / pieces));
  let body = chunk({ delta: { role: 'assistant', content: '' }, finish_reason: null }) + ': keep-alive\n\n';
  for (let i = 0; i < chars.length; i += size) body += chunk({ delta: { content: chars.slice(i, i + size).join('') }, finish_reason: null });
  body += chunk({ delta: {}, finish_reason: 'stop' });
  body += `data: ${JSON.stringify({ id: 'chatcmpl-test', choices: [], usage: usageOf(req, text) })}\n\n`;
  return `${body}data: [DONE]\n\n`;
}

/** Writes `body` in pieces of `step` bytes (cutting through lines and UTF-8 characters), `gapMs` apart. */
export async function writeInPieces(res: http.ServerResponse, body: string, step = 7, end = true, gapMs = 1): Promise<void> {
  const bytes = Buffer.from(body, 'utf8');
  for (let i = 0; i < bytes.length; i += step) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + step));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  if (end) res.end();
}

export function streamReply(req: ChatSeen, res: http.ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  void writeInPieces(res, sseBody(req, text));
}

/** A fake model: `answer` writes the reply to each request (n from 1), streamed when asked. */
export function modelReply(answer: (req: ChatSeen, n: number) => string): ChatReply {
  return (req, res, n) => {
    const text = answer(req, n);
    if (req.body.stream) streamReply(req, res, text);
    else completionReply(req, res, text);
  };
}

/** Scripted model replies: request n gets replies[n-1] (the last one again after that). */
export const scripted = (replies: string[]): ChatReply => modelReply((_req, n) => replies[Math.min(n, replies.length) - 1] ?? '');

/**
 * What every OpenAI-compatible client shares (embeddings/openai-provider.ts, llm/openai-chat.ts):
 * where the endpoint is for a base URL, and how to read a server's error body.
 */
import { PaperboyError } from '../core/errors.js';

/**
 * The endpoint (`embeddings`, `chat/completions`) for a base URL: the server root
 * ("http://localhost:11434"), its versioned API root ("https://api.openai.com/v1") or the
 * endpoint itself.
 */
export function openAiEndpoint(baseUrl: string, endpoint: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PaperboyError('BAD_CONFIG', `not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PaperboyError('BAD_CONFIG', `the ${what} endpoint must be http(s), not ${url.protocol} (${baseUrl})`);
  }
  const trimmed = url.pathname.replace(/\/+$/, '');
  if (trimmed.endsWith(`/${endpoint}`)) url.pathname = trimmed;
  else if (/\/v\d+$/.test(trimmed)) url.pathname = `${trimmed}/${endpoint}`;
  else url.pathname = `${trimmed}/v1/${endpoint}`;
  return url;
}

/** The message in an error body: OpenAI/vLLM {error: {message}}, Ollama/TEI {error: "..."}, {message}, {detail}. */
export function errorMessageOf(body: unknown): string | undefined {
  let json = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return body.trim() ? snippet(body) : undefined;
    }
  }
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  if (o.detail !== undefined) return snippet(JSON.stringify(o.detail));
  return undefined;
}

/** A short, one-line, quoted excerpt of a body for an error message. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return 'an empty body';
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}

/** "answered 400 Bad Request" with the server's own message, and a hint for 401/403. */
export function describeHttpError(url: string, status: number, statusText: string, body: string, hasKey: boolean): string {
  const message = errorMessageOf(body);
  const auth = status === 401 || status === 403;
  return (
    `${url} answered ${status}${statusText ? ` ${statusText}` : ''}${message ? `: ${message}` : ''}` +
    (auth ? (hasKey ? ' (check the API key)' : ' (it wants an API key)') : '')
  );
}

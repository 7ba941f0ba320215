/**
 * Retrying HTTP calls, shared by every client paperboy has (the embeddings endpoint, live
 * sources): exponential backoff with "equal jitter", Retry-After honoured, and the network
 * failures worth retrying told from those that will not mend themselves.
 */
import { PaperboyError } from '../core/errors.js';

export interface BackoffOptions {
  /** First backoff delay in ms (doubling, with jitter, up to maxMs). */
  baseMs: number;
  /** Longest delay in ms; also caps Retry-After. */
  maxMs: number;
}

/**
 * The wait before retry `attempt` (0-based): Retry-After when the server sent one, else
 * base·2^attempt halved plus a random half ("equal jitter", so clients that failed together
 * spread out but never retry at once).
 */
export function backoffDelay(attempt: number, retryAfter: number | undefined, options: BackoffOptions, random: () => number = Math.random): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, options.maxMs);
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Statuses that say "later" rather than "never": overload, rate limits, timeouts, server errors. */
export const isTransientStatus = (status: number): boolean => status === 429 || status === 408 || status >= 500;

/** Retry-After in ms: delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** A wrong host name or a bad certificate will not mend itself in a few seconds. */
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

export interface NetworkFailure {
  /** Worth retrying. */
  transient: boolean;
  /** "connection reset", "did not answer within 60 s"… */
  description: string;
  code?: string;
  /** No answer within the timeout (rather than a refused or dropped connection). */
  timedOut?: boolean;
}

/**
 * What a failed fetch() means. undici wraps the real cause: TypeError("fetch failed") → cause
 * (maybe an AggregateError) → code, so the causes are searched breadth first.
 */
export function describeNetworkError(err: unknown, timeoutMs: number): NetworkFailure {
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { transient: true, timedOut: true, description: `did not answer within ${formatSeconds(timeoutMs)}` };
  }
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let firstCode: string | undefined;
  let firstMessage: string | undefined;
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) return { transient: !PERMANENT_NETWORK_CODES.has(code), code, description: NETWORK_CODES[code] };
    if (typeof code === 'string') firstCode ??= code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && message && message !== 'fetch failed') firstMessage ??= message;
    queue.push((e as { cause?: unknown }).cause);
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return { transient: true, ...(firstCode ? { code: firstCode } : {}), description: firstMessage ?? firstCode ?? String(err) };
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The default wait between attempts (clients take another, to test without waiting). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The last attempt's error, saying how many attempts were made. */
export function gaveUp(error: PaperboyError, attempts: number): PaperboyError {
  return new PaperboyError(error.code, `${error.message} (gave up after ${attempts} attempts)`, { ...error.details, attempts });
}

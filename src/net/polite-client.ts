/**
 * A polite HTTP GET client for live sources: a User-Agent naming paperboy, a timeout per
 * attempt, a minimum delay between requests to one host (arXiv asks for 3 s between API calls),
 * and retries of network failures, 408, 429 and 5xx with exponential backoff and equal jitter,
 * Retry-After honoured (net/backoff.ts). Other statuses are answers: 2xx and 304 return, the rest
 * fail at once with SOURCE_FAILED; retries spent fail with SOURCE_UNAVAILABLE.
 */
import { createRequire } from 'node:module';
import { PaperboyError } from '../core/errors.js';
import { backoffDelay, describeNetworkError, gaveUp, isTransientStatus, retryAfterMs, sleep } from './backoff.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const USER_AGENT = `paperboy/${VERSION} (self-hosted research-paper library)`;

export interface PoliteClientOptions {
  /** Least time between the end of one request to a host and the start of the next, in ms. Default 3000. */
  minDelayMs?: number;
  /** Per attempt, in ms. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** First backoff delay (ms). Default 1000. */
  retryBaseMs?: number;
  /** Longest backoff and cap on Retry-After (ms). Default 120 000. */
  retryMaxMs?: number;
  userAgent?: string;
  /** Injection points for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface HttpAnswer {
  url: string;
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

export class PoliteClient {
  /** When each host may next be asked (ms since the epoch). */
  private readonly nextAllowed = new Map<string, number>();
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PoliteClientOptions = {}) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleep;
  }

  /** GET with politeness and retries; `headers` are added (conditional requests, say). */
  async get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const host = new URL(url).host;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const retries = this.options.retries ?? 4;
    let backoff = 0;
    for (let attempt = 0; ; attempt++) {
      // The politeness delay still applies after a backoff shorter than it.
      const wait = Math.max(backoff, (this.nextAllowed.get(host) ?? 0) - Date.now());
      if (wait > 0) await this.sleep(wait);
      let failure: { error: PaperboyError; transient: boolean; retryAfter?: number };
      try {
        const response = await this.fetchImpl(url, {
          headers: { 'user-agent': this.options.userAgent ?? USER_AGENT, ...headers },
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'follow',
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (response.ok || response.status === 304) return { url, status: response.status, headers: response.headers, bytes };
        const transient = isTransientStatus(response.status);
        const body = new TextDecoder().decode(bytes.subarray(0, 300)).replace(/\s+/g, ' ').trim();
        failure = {
          transient,
          error: new PaperboyError(transient ? 'SOURCE_UNAVAILABLE' : 'SOURCE_FAILED', `${url} answered ${response.status}${body ? `: ${body}` : ''}`, { url, status: response.status }),
          ...(transient ? { retryAfter: retryAfterMs(response.headers.get('retry-after')) } : {}),
        };
      } catch (err) {
        const net = describeNetworkError(err, timeoutMs);
        failure = { transient: net.transient, error: new PaperboyError('SOURCE_UNAVAILABLE', net.timedOut ? `${url} ${net.description}` : `cannot reach ${url}: ${net.description}`, { url }) };
      } finally {
        this.nextAllowed.set(host, Date.now() + (this.options.minDelayMs ?? 3000));
      }
      if (!failure.transient) throw failure.error;
      if (attempt >= retries) {
        throw gaveUp(failure.error, attempt + 1);
      }
      // Kept as a length, not a deadline, so the wait is exactly the backoff however long this took.
      backoff = backoffDelay(attempt, failure.retryAfter, { baseMs: this.options.retryBaseMs ?? 1000, maxMs: this.options.retryMaxMs ?? 120_000 }, this.options.random);
    }
  }
}

/** What the routers share: the library, its configuration, the limiters and the ingest queue. */
import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { csrfSecret } from '../accounts/csrf.js';
import { RateLimiter, type RateLimitOptions } from '../accounts/rate-limit.js';
import { SignInThrottle, type SignInThrottleOptions } from '../accounts/sign-in-throttle.js';
import type { Config } from '../core/config.js';
import type { Library } from '../library/library.js';

export interface AppOptions {
  /** Sign-in attempts: limited per client address, slowed per name (accounts/sign-in-throttle.ts). */
  signIn?: Partial<SignInThrottleOptions>;
  /** Ingest requests per user (default 30 per hour). */
  ingestLimit?: RateLimitOptions;
  /** Questions (API and web) per user, or per client address when anonymous (default 30 per 10 minutes). */
  askLimit?: RateLimitOptions;
  /** Largest request body, except ingest (default 64 KiB). */
  maxBodyBytes?: number;
  /** Largest ingest body (default 20 MiB). */
  maxIngestBytes?: number;
  /** Read uploads in the ingest worker thread (default true; tests may read in this thread). */
  ingestThread?: boolean;
}

export interface Services {
  library: Library;
  config: Config;
  signInThrottle: SignInThrottle;
  ingestLimiter: RateLimiter;
  askLimiter: RateLimiter;
  maxBodyBytes: number;
  maxIngestBytes: number;
  ingestThread: boolean;
  /** The server's CSRF secret (from the library's settings, read once). */
  csrfSecret(): Promise<string>;
  /** Runs ingests one at a time, with the library's other writers (scheduled syncs). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export function makeServices(library: Library, options: AppOptions = {}): Services {
  let secret: Promise<string> | undefined;
  return {
    library,
    config: library.config,
    signInThrottle: new SignInThrottle(options.signIn),
    ingestLimiter: new RateLimiter(options.ingestLimit ?? { limit: 30, windowMs: 60 * 60_000 }),
    askLimiter: new RateLimiter(options.askLimit ?? { limit: 30, windowMs: 10 * 60_000 }),
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    maxIngestBytes: options.maxIngestBytes ?? 20 * 1024 * 1024,
    ingestThread: options.ingestThread ?? true,
    csrfSecret: () => {
      secret ??= csrfSecret(library.store).catch((err: unknown) => {
        secret = undefined;
        throw err;
      });
      return secret;
    },
    exclusive: (task) => library.exclusive(task),
  };
}

/** The client's address: the first X-Forwarded-For hop when the proxy is trusted, else the socket's. */
export function clientAddress(c: Context, config: Config): string {
  if (config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Whether the request arrived over TLS (directly, or at a trusted proxy), or cookies are Secure by config. */
export function secureRequest(c: Context, config: Config): boolean {
  if (config.secureCookies) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return config.trustProxy === true && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * What absolute links start with (feeds, the feed URLs the API lists, a paper's stable URL):
 * PAPERBOY_BASE_URL, else the address and port the connection reached this server at (its
 * socket's own). Never the request's Host header or URL: the client writes those, and
 * `Host: evil.example` would make the links point there. '' (links stay relative) when neither is
 * known, as for a request made in-process. Pages link relatively wherever a browser resolves it.
 */
export function linkBase(c: Context, config: Config): string {
  if (config.baseUrl) return config.baseUrl;
  const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
  const address = socket?.localAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!socket || !address || !socket.localPort) return '';
  const scheme = 'encrypted' in socket && socket.encrypted ? 'https' : 'http';
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`;
}

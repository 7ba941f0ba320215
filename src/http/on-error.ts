/**
 * Errors to HTTP, in one place: a PaperboyError's status comes from its code's entry in
 * core/errors.ts (ERROR_CODES[code].http); the body is `{error: {code, message}}`. Anything else
 * is a 500 whose details stay in the server log.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, PaperboyError, isPaperboyError } from '../core/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function errorStatus(err: PaperboyError): ContentfulStatusCode {
  return ERROR_CODES[err.code].http as ContentfulStatusCode;
}

/** RATE_LIMITED, TOPICS_BUILDING: when to ask again, for JSON answers and pages alike. */
export function setRetryAfter(c: Context, err: PaperboyError): void {
  if (typeof err.details?.retryAfter === 'number') c.header('Retry-After', String(err.details.retryAfter));
}

export function errorJson(c: Context, err: PaperboyError, extra: Record<string, unknown> = {}): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  setRetryAfter(c, err);
  return c.json({ ...body, ...extra }, errorStatus(err));
}

/** The app's onError: every thrown error becomes one JSON error response. */
export function onError(err: Error, c: Context): Response {
  if (isPaperboyError(err)) return errorJson(c, err);
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 401 ? 'UNAUTHENTICATED' : err.status === 403 ? 'FORBIDDEN' : 'BAD_INPUT';
    return errorJson(c, new PaperboyError(code, err.message || ERROR_CODES[code].summary));
  }
  console.error(`paperboy: ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
  return c.json({ error: { code: 'INTERNAL', message: 'internal error: the server log has the details' } }, 500);
}

/** Unknown routes: a JSON 404 under /api, plain text elsewhere. */
export function notFound(c: Context): Response {
  const path = new URL(c.req.url).pathname;
  if (path === '/api' || path.startsWith('/api/')) {
    return c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${path} (GET /api/openapi.json lists them)` } }, 404);
  }
  return c.text('Not found', 404);
}

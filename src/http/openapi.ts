/**
 * The OpenAPI 3.1 description of every route, served at /api/openapi.json. Each router file
 * describes its own routes (`RouteDoc`s) next to the zod schemas it validates with; parameter
 * and body schemas are generated from those same schemas, so the document cannot drift from
 * the validation. A test checks that every route the app serves is described.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../core/errors.js';

export interface RouteDoc {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI style: /api/papers/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it: anyone ('public'), readers (everyone unless the library is private), signed-in users, admins. */
  auth: 'public' | 'read' | 'user' | 'admin';
  path_params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { json?: z.ZodType; form?: z.ZodObject; multipart?: boolean; raw?: boolean };
  /** Success responses by status. */
  responses: Record<number, { description: string; schema?: z.ZodType; headers?: string[]; eventStream?: string }>;
  /** Extra error statuses beyond the standard ones for its auth level. */
  errors?: number[];
  /** Supports If-None-Match / ETag. */
  etag?: boolean;
}

/**
 * A page's form POST (tag `forms`): its fields plus the CSRF token, answered with a 303 redirect
 * (`Set-Cookie` too when it signs in or out).
 */
export function formDoc(d: Pick<RouteDoc, 'path' | 'auth' | 'summary' | 'path_params' | 'errors'> & { form?: z.ZodObject; setsCookie?: boolean }): RouteDoc {
  const { form = z.object({}), setsCookie, ...rest } = d;
  return {
    method: 'post',
    tag: 'forms',
    ...rest,
    body: { form: form.extend({ csrf: z.string() }) },
    responses: { 303: { description: 'redirect', headers: setsCookie ? ['Location', 'Set-Cookie'] : ['Location'] } },
  };
}

/** A Hono route pattern (/api/papers/:id{…}/related) in OpenAPI form (/api/papers/{id}/related). */
export const openApiPath = (p: string): string => p.replace(/:(\w+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, '{$1}');

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _drop, ...rest } = schema;
  return rest;
}

function parameters(doc: RouteDoc): unknown[] {
  const out: unknown[] = [];
  for (const [where, obj] of [['path', doc.path_params], ['query', doc.query]] as const) {
    if (!obj) continue;
    const schema = jsonSchema(obj) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || (schema.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
        ...(rest.type === 'array' ? { style: 'form', explode: true } : {}),
      });
    }
  }
  if (doc.etag) out.push({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'an ETag from an earlier response: 304 when unchanged' });
  return out;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'BAD_INPUT / BAD_QUERY: a parameter or the body is invalid; the message names the field',
  401: 'UNAUTHENTICATED: sign in, or send a valid API token',
  403: 'FORBIDDEN or CSRF_FAILED',
  404: 'NOT_FOUND',
  409: 'CONFLICT or NO_EMBEDDINGS',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNRECOGNISED_FORMAT / BINARY_FILE',
  429: 'RATE_LIMITED (see Retry-After)',
  503: 'TOPICS_BUILDING: the topic model is being built (see Retry-After)',
  507: 'STORAGE_FULL: the disk holding the library is full',
};

function responses(doc: RouteDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    out[status] = {
      description: r.description,
      ...(r.headers ? { headers: Object.fromEntries(r.headers.map((h) => [h, { schema: { type: 'string' } }])) } : {}),
      ...(r.schema || r.eventStream
        ? {
            content: {
              ...(r.schema ? { 'application/json': { schema: strip(jsonSchema(r.schema)) } } : {}),
              ...(r.eventStream ? { 'text/event-stream': { schema: { type: 'string', description: r.eventStream } } } : {}),
            },
          }
        : {}),
    };
  }
  if (doc.etag) out['304'] = { description: 'Not modified: the If-None-Match ETag is current' };
  const errors = new Set<number>([400, ...(doc.errors ?? [])]);
  if (doc.auth === 'read') errors.add(401);
  if (doc.auth === 'user' || doc.auth === 'admin') errors.add(401);
  if (doc.auth === 'admin') errors.add(403);
  if (doc.method !== 'get') {
    errors.add(403);
    errors.add(413);
  }
  for (const status of [...errors].sort()) {
    out[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return out;
}

function requestBody(doc: RouteDoc): unknown {
  if (!doc.body) return undefined;
  const content: Record<string, unknown> = {};
  if (doc.body.json) content['application/json'] = { schema: strip(jsonSchema(doc.body.json)) };
  if (doc.body.form) content['application/x-www-form-urlencoded'] = { schema: strip(jsonSchema(doc.body.form)) };
  if (doc.body.multipart) {
    content['multipart/form-data'] = {
      schema: { type: 'object', additionalProperties: { type: 'string', format: 'binary' }, description: 'one or more files, under any field names' },
    };
  }
  if (doc.body.raw) content['text/plain'] = { schema: { type: 'string', description: 'the listing itself, as the body (any other content type is read the same way)' } };
  return { required: true, content };
}

export function openApiDocument(docs: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const security =
      doc.auth === 'public' ? [] : doc.auth === 'read' ? [{}, { session: [] }, { bearer: [] }] : [{ session: [] }, { bearer: [] }];
    const body = requestBody(doc);
    (paths[doc.path] ??= {})[doc.method] = {
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [doc.tag],
      operationId: `${doc.method}${doc.path.replace(/[{}]/g, '').replace(/(^|[/_.-])(\w)/g, (_m, _s, ch: string) => ch.toUpperCase())}`,
      security,
      'x-paperboy-auth': doc.auth,
      parameters: parameters(doc),
      ...(body ? { requestBody: body } : {}),
      responses: responses(doc),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'paperboy',
      version,
      description:
        'The JSON API of a paperboy library. Errors are {error: {code, message}}; codes: ' +
        Object.entries(ERROR_CODES)
          .map(([code, e]) => `${code} (${e.http})`)
          .join(', ') +
        '. Cookie-authenticated writes need the X-CSRF-Token header (GET /api/auth/me gives it); API-token requests do not.',
    },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token: pb_…' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  };
}

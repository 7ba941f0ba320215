/**
 * zod validation of query strings and bodies. A failure is a BAD_INPUT error (400) whose message
 * names the field: "limit: Too big: expected number to be <=100".
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { isoDate as coreIsoDate } from '../core/dates.js';
import { PaperboyError } from '../core/errors.js';

function fail(error: z.ZodError, where: string): never {
  const messages = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `${i.keys.join(', ')}: unexpected ${i.keys.length > 1 ? 'fields' : 'field'}`;
    const field = i.path.length ? i.path.join('.') : where;
    return `${field}: ${i.message}`;
  });
  throw new PaperboyError('BAD_INPUT', messages.join('; '));
}

const isArraySchema = (s: z.ZodType): boolean =>
  s instanceof z.ZodArray || ((s instanceof z.ZodOptional || s instanceof z.ZodDefault) && isArraySchema(s.unwrap() as z.ZodType));

/** The query string as an object for `schema`: its array fields take every repeated value (`?category=a&category=b`). */
export function queryObject(c: Context, schema: z.ZodObject): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    const field = schema.shape[key] as z.ZodType | undefined;
    raw[key] = field && isArraySchema(field) ? values : values[values.length - 1]!;
  }
  return raw;
}

/** The query string (or `raw`, read from it) against an object schema. */
export function validQuery<S extends z.ZodObject>(c: Context, schema: S, raw: Record<string, unknown> = queryObject(c, schema)): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) fail(parsed.error, 'query');
  return parsed.data;
}

/**
 * For pages: the query string (or `raw`, read from it) against an object schema whose fields are
 * all optional or defaulted. A field the schema refuses is dropped and reported, so the page can
 * say so where the API answers 400.
 */
export function lenientQuery<S extends z.ZodObject>(
  c: Context,
  schema: S,
  raw: Record<string, string | string[]> = queryObject(c, schema),
): { data: z.output<S>; refused: { field: string; value: string; message: string }[] } {
  const first = schema.safeParse(raw);
  if (first.success) return { data: first.data, refused: [] };
  const refused: { field: string; value: string; message: string }[] = [];
  for (const issue of first.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!(field in raw)) continue;
    refused.push({ field, value: [raw[field]!].flat().join(', '), message: issue.message });
    delete raw[field];
  }
  return { data: schema.parse(raw), refused };
}

export function validParams<S extends z.ZodObject>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) fail(parsed.error, 'path');
  return parsed.data;
}

/** A JSON body (Content-Type application/json) against a schema. */
export async function validJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new PaperboyError('BAD_INPUT', 'body: send JSON with Content-Type: application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new PaperboyError('BAD_INPUT', 'body: not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) fail(parsed.error, 'body');
  return parsed.data;
}

/** A form body (urlencoded or multipart) against a schema; only the fields the schema names are read. */
export async function validForm<S extends z.ZodObject>(c: Context, schema: S): Promise<z.output<S>> {
  const form = await c.req.parseBody();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (typeof form[key] === 'string') raw[key] = form[key];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) fail(parsed.error, 'form');
  return parsed.data;
}

/** Shared field schemas. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2024-05-31')
  .refine((d) => coreIsoDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))) === d, 'not a real date (years 1000 to 9999)');
export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
export const listParam = () => z.array(z.string().min(1).max(100)).max(20).optional();

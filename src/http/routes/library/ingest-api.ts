/**
 * POST /api/ingest (admins): listings into the library through the real pipeline. The body is
 * one of: multipart/form-data with one or more files; JSON `{format?, name?, text}`; or the
 * listing itself as the body (`curl --data-binary @file`, with ?format= and ?name=). Each upload
 * is ingested from memory and named in provenance `upload:USER/NAME#SHA` (its content hash, so
 * two different uploads of one name stay two sources). Malformed records are
 * skipped and listed per input; the valid ones stay in. Ingests run one at a time.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ERROR_CODES, PaperboyError } from '../../../core/errors.js';
import { FORMATS, type FormatName } from '../../../core/paper.js';
import { endsRun, notReached, startIngest, type IngestReport } from '../../../ingest/pipeline.js';
import type { AppEnv } from '../../app-env.js';
import { requireAdmin } from '../../auth-middleware.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validJson, validQuery } from '../../validate.js';

const name = z.string().trim().min(1).max(200);
const IngestJson = z.strictObject({
  format: z.enum(FORMATS).optional().describe('force the format instead of detecting it'),
  name: name.optional().describe('a name for provenance (default "pasted")'),
  text: z.string().min(1).describe('the listing'),
});
const IngestQuery = z.object({
  format: z.enum(FORMATS).optional().describe('force the format (all inputs) instead of detecting it'),
  name: name.optional().describe('a name for provenance, for a raw body (default "upload")'),
});

const Report = z.object({
  name: z.string(),
  source: z.string().describe('the name provenance records'),
  format: z.string().nullable(),
  records: z.number().int(),
  added: z.number().int(),
  merged: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  stoppedAtLine: z.number().int().nullable().describe('set when the library stopped taking this input (a full disk): lines before it are in'),
});
const IngestResponse = z.object({ reports: z.array(Report), papers: z.number().int() });

interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** A file name safe to show and to write: its last path part, printable, at most 100 characters. */
function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 100) || 'upload';
}

async function uploadsOf(c: Context<AppEnv>): Promise<{ uploads: Upload[]; format?: FormatName }> {
  const q = validQuery(c, IngestQuery);
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const body = await c.req.parseBody({ all: true });
    const files = Object.values(body)
      .flat()
      .filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
    if (files.length === 0) throw new PaperboyError('BAD_INPUT', 'files: the form holds no file');
    const uploads = await Promise.all(files.map(async (f) => ({ name: cleanName(f.name), bytes: new Uint8Array(await f.arrayBuffer()) })));
    return { uploads, ...(q.format ? { format: q.format } : {}) };
  }
  if (/^application\/json\b/i.test(type)) {
    const body = await validJson(c, IngestJson);
    const format = body.format ?? q.format;
    return { uploads: [{ name: cleanName(body.name ?? 'pasted'), bytes: new TextEncoder().encode(body.text) }], ...(format ? { format } : {}) };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new PaperboyError('BAD_INPUT', 'body: empty: send a listing file, multipart files, or JSON {text}');
  return { uploads: [{ name: cleanName(q.name ?? 'upload'), bytes }], ...(q.format ? { format: q.format } : {}) };
}

export function ingestRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/ingest', async (c) => {
    const user = requireAdmin(c);
    const { uploads, format } = await uploadsOf(c);
    const gate = services.ingestLimiter.attempt(`user:${user.id}`);
    if (!gate.allowed) throw new PaperboyError('RATE_LIMITED', `too many ingests: try again in ${gate.retryAfter} seconds`, { retryAfter: gate.retryAfter });
    const library = services.library;
    const reports = await services.exclusive(async () => {
      const session = await startIngest(library.store);
      const out: { upload: Upload; source: string; report: IngestReport }[] = [];
      try {
        let stop: IngestReport | undefined;
        for (const upload of uploads) {
          const source = `upload:${user.name}/${upload.name}#${createHash('sha256').update(upload.bytes).digest('hex').slice(0, 12)}`;
          const report = stop
            ? notReached(upload.name, stop)
            : await session.ingest(upload.name, {
                bytes: upload.bytes,
                today: library.config.today,
                sourceName: source,
                thread: services.ingestThread,
                ...(format ? { format } : {}),
              });
          if (endsRun(report)) stop ??= report;
          out.push({ upload, source, report });
        }
        if (!stop) await session.finish();
      } finally {
        await session.close();
      }
      await library.persist();
      return out;
    });
    const body = {
      reports: reports.map(({ upload, source, report: r }) => ({
        name: upload.name,
        source,
        format: r.format ?? null,
        records: r.records,
        added: r.added,
        merged: r.merged,
        unchanged: r.unchanged,
        skipped: r.skipped,
        error: r.error ?? null,
        stoppedAtLine: r.stoppedAtLine ?? null,
      })),
      papers: (await library.store.stats()).papers,
    };
    // The library stopped taking writes (507 for a full disk), or nothing went in at all: the
    // first input's error decides the status. The body tells what was committed either way.
    const failed = reports.find((r) => endsRun(r.report))?.report.error ?? (reports.every((r) => r.report.error) ? reports[0]!.report.error : undefined);
    if (failed) return c.json({ error: failed, ...body }, ERROR_CODES[failed.code].http as 400);
    return c.json(body);
  });
  return app;
}

export const ingestDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/ingest',
    tag: 'library',
    auth: 'admin',
    summary: 'Ingest listings: multipart files, JSON {format?, name?, text}, or the listing as the body',
    description:
      'Bodies up to 20 MiB. Each input gets a report; malformed records are listed in `skipped` and the valid ones are kept. ' +
      'When no input could be read at all, the status is that of the first error (400, 415) and the body carries `error` as well. ' +
      'When the disk holding the library is full: 507, with the reports of what was committed before it (`stoppedAtLine`); the rest is not ingested.',
    query: IngestQuery,
    body: { json: IngestJson, multipart: true, raw: true },
    responses: { 200: { description: 'one report per input', schema: IngestResponse } },
    errors: [415, 429, 507],
  },
];

/** GET /api/stats: what the library holds. Files and skipped records (server paths) for admins only. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';

const StatsResponse = z.object({
  papers: z.number().int(),
  records: z.number().int(),
  mergedDuplicates: z.number().int(),
  mergesByReason: z.record(z.string(), z.number().int()),
  skipped: z.number().int(),
  titlesDerived: z.number().int(),
  lastIngestedAt: z.string().nullable(),
  sources: z.number().int(),
  users: z.number().int(),
  files: z.array(z.object({ path: z.string(), format: z.string(), records: z.number().int(), skipped: z.number().int(), lastIngestedAt: z.string() })).optional().describe('admins only'),
  skippedRecords: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string() })).optional().describe('admins only; the first 1000'),
});

export function statsRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/stats', async (c) => {
    const store = services.library.store;
    const [s, users] = await Promise.all([store.stats(), store.userCount()]);
    const admin = c.get('user')?.admin === true;
    return c.json({
      papers: s.papers,
      records: s.records,
      mergedDuplicates: s.mergedDuplicates,
      mergesByReason: s.mergesByReason,
      skipped: s.skipped,
      titlesDerived: s.titlesDerived,
      lastIngestedAt: s.lastIngestedAt ?? null,
      sources: s.files.length,
      users,
      ...(admin ? { files: s.files, skippedRecords: s.skippedRecords.slice(0, 1000) } : {}),
    });
  });
  return app;
}

export const statsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/stats',
    tag: 'library',
    auth: 'read',
    summary: 'Counts: papers, records, merged duplicates, skipped records, sources',
    responses: { 200: { description: 'library statistics', schema: StatsResponse } },
  },
];

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from './openapi.js';
import { testEnv, type TestEnv } from './test-support/test-app.js';

let t: TestEnv;
beforeAll(async () => {
  t = await testEnv({ fixtures: [] });
});
afterAll(async () => t.close());

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every API and form route the app serves', async () => {
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    const served = t.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || (r.method === 'POST' && !r.path.startsWith('/api/'))))
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(new Set(served).size).toBeGreaterThan(15);
    for (const route of served) expect(documented, route).toContain(route);
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${m} ${p}`).toBeGreaterThan(0);
        for (const name of p.match(/\{(\w+)\}/g) ?? []) expect(op.parameters.some((x) => x.in === 'path' && `{${x.name}}` === name), `${m} ${p} ${name}`).toBe(true);
      }
    }
    const days = doc.paths['/api/days/{date}']!.get!;
    expect(days.parameters.map((x) => x.name)).toEqual(expect.arrayContaining(['date', 'sort', 'span', 'category', 'limit', 'cursor', 'If-None-Match']));
    expect(Object.keys(days.responses)).toEqual(expect.arrayContaining(['200', '304', '400', '401']));
  });
});

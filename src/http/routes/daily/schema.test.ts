import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../test-support/test-app.js';

let t: TestEnv;
beforeAll(async () => {
  t = await testEnv();
});
afterAll(async () => {
  await t.close();
});

async function api(path: string): Promise<{ sort: string; ids: string[] } | 'refused'> {
  const res = await t.app.request(`/api/days/${path}`);
  if (res.status === 400) return 'refused';
  expect(res.status).toBe(200);
  const body = (await res.json()) as { sort: string; papers: { id: string }[] };
  return { sort: body.sort, ids: body.papers.map((p) => p.id) };
}

async function page(path: string): Promise<string[]> {
  const res = await t.app.request(`/day/${path}`);
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/href="\/paper\/([^"#]+)" data-open/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('the daily API and the daily page list a period the same way', () => {
  it.each(['2024-05-01', '2024-05-01?sort=newest', '2024-05-01?category=cs.CL', '2024-05-01?sort=newest&category=cs.LG', '1999-01-04'])('%s: the same papers in the same order', async (path) => {
    const fromApi = await api(path);
    expect(fromApi).not.toBe('refused');
    expect(await page(path)).toEqual((fromApi as { ids: string[] }).ids);
  });

  it('top falls back to newest in both when no paper of the day has an upvote, and the API says so', async () => {
    expect(await api('1999-01-04')).toMatchObject({ sort: 'newest' });
    expect(await api('2024-05-01')).toMatchObject({ sort: 'upvotes' });
  });

  it('a field the API refuses, the page drops', async () => {
    expect(await api('2024-05-01?sort=oldest')).toBe('refused');
    expect(await page('2024-05-01?sort=oldest')).toEqual(await page('2024-05-01'));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../test-support/test-app.js';
import { wholeDay } from './schema.js';

let t: TestEnv;
beforeAll(async () => {
  t = await testEnv();
});
afterAll(async () => {
  await t.close();
});

/** The API's verdict on a query string: the hits' ids, or refused (400). */
async function api(qs: string): Promise<string[] | 'refused'> {
  const res = await t.app.request(`/api/search?${qs}&limit=100`);
  if (res.status === 400) return 'refused';
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: { id: string }[] }).hits.map((h) => h.id).sort();
}

/** The search page's verdict: the result cards' ids, or refused (a field dropped with a warning). */
async function page(qs: string): Promise<{ ids: string[]; refused: boolean }> {
  const res = await t.app.request(`/search?${qs}&partial=1`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const ids = [...text.matchAll(/href="\/paper\/([^"#]+)" data-open/g)].map((m) => decodeURIComponent(m[1]!)).sort();
  return { ids, refused: /class="warnings"/.test(text) };
}

describe('the search API and the search page parse the same filters the same way', () => {
  const accepted = ['to=2024-05', 'to=2024-05-01', 'from=2024', 'from=2024-05-02&to=2024-05', 'to=', 'category=cs.LG', 'sort=date', 'mode=lexical', 'author=Nobody'];
  it.each(accepted)('both accept %s, with the same results', async (qs) => {
    const q = `q=sparse&${qs}`;
    const fromApi = await api(q);
    const fromPage = await page(q);
    expect(fromApi).not.toBe('refused');
    expect(fromPage.refused).toBe(false);
    expect(fromPage.ids).toEqual(fromApi);
  });

  it('a partial `to` runs to the end of its month in both', async () => {
    expect(await api('q=sparse&to=2024-05')).toEqual(['2405.10001', '2405.10006']);
    expect(await api('q=sparse&to=2024-05-01')).toEqual(['2405.10001']);
  });

  it('the page shows a partial date as the whole day its date input can hold, so the filter stays visible', async () => {
    const text = await (await t.app.request('/search?q=sparse&from=2024&to=2024-02')).text();
    expect(text).toContain('name="from" form="site-search" value="2024-01-01"');
    expect(text).toContain('name="to" form="site-search" value="2024-02-29"');
    expect([wholeDay('2023-02', 'to'), wholeDay('2024-12', 'to'), wholeDay('2024', 'to'), wholeDay('2024-05-07', 'to')]).toEqual(['2023-02-28', '2024-12-31', '2024-12-31', '2024-05-07']);
  });

  const refused = ['to=2024-13', 'from=yesterday', 'to=2024-5', 'mode=fuzzy', 'sort=oldest'];
  it.each(refused)('both refuse %s (the page drops it and says so)', async (qs) => {
    const fromPage = await page(`q=sparse&${qs}`);
    expect(await api(`q=sparse&${qs}`)).toBe('refused');
    expect(fromPage.refused).toBe(true);
    expect(fromPage.ids).toEqual(await api('q=sparse'));
  });
});

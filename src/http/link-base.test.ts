/**
 * Absolute links come from PAPERBOY_BASE_URL or the server's own address, never from the request's
 * Host header: a real server on loopback, asked with `Host: evil.example`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../digest/subscriptions.js';
import { Browser, addTestUser, testEnv, type TestEnv } from './test-support/test-app.js';

let t: TestEnv;
let server: ServerType;
let origin: string;
let cookie: string;

/** GET through the socket, with a Host header of the client's choosing (fetch would not send it). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: `${JSON.stringify(res.headers)}\n${body}` }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  t = await testEnv();
  const ada = await addTestUser(t.library, 'ada');
  await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'sparse reward exploration' });
  const b = new Browser(() => t);
  await b.login('ada');
  cookie = `pb_session=${b.cookie('pb_session')}`;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

describe('links under a forged Host header', () => {
  it('point at the address the server is bound to, or stay relative, never at the Host', async () => {
    const headers = { host: 'evil.example', cookie, 'x-forwarded-host': 'evil.example' };
    const api = await get('/api/subscriptions', headers);
    expect(api.status).toBe(200);
    const feeds = (JSON.parse(api.body.slice(api.body.indexOf('\n') + 1)) as { subscriptions: { feeds: { atom: string; json: string } }[] }).subscriptions[0]!.feeds;
    expect(feeds.atom.startsWith(`${origin}/feeds/`)).toBe(true);

    const feed = await get(feeds.atom.slice(origin.length), { host: 'evil.example' });
    expect(feed.status).toBe(200);
    expect(feed.body).toContain(`<link rel="self" type="application/atom+xml" href="${feeds.atom}"/>`);
    expect(feed.body).toContain(`${origin}/paper/2405.10001`);

    const subscriptionsPage = await get('/subscriptions', headers);
    expect(subscriptionsPage.body).toContain(`<a href="${feeds.atom.slice(origin.length).replace(/&/g, '&amp;')}" type="application/atom+xml">`);
    const paperPage = await get('/paper/2405.10001', headers);
    expect(paperPage.body).toContain(`<dt>Stable URL</dt><dd><a href="${origin}/paper/2405.10001">`);
    const libraryPage = await get('/library', headers);
    expect(libraryPage.body).toContain(`${origin}/api/ingest`);
    for (const res of [api, feed, subscriptionsPage, paperPage, libraryPage]) expect(res.body).not.toContain('evil.example');
  });
});

/**
 * Static assets: the stylesheet and client script (src/web/assets, read once at start) and
 * KaTeX's CSS and fonts from its package. URLs carry a content hash (`?v=`), so a versioned
 * request is cached for a year; an unversioned one for an hour.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Env, Hono } from 'hono';
import { urls } from '../core/urls.js';

interface Asset {
  body: Uint8Array;
  type: string;
  hash: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** src/web/assets when run from source; from dist/web, the source tree beside it. */
function assetDir(): string {
  for (const dir of [path.join(here, 'assets'), path.join(here, '..', '..', 'src', 'web', 'assets')]) {
    if (existsSync(path.join(dir, 'style.css'))) return dir;
  }
  throw new Error(`paperboy: web assets not found near ${here}`);
}

const katexDir = path.dirname(createRequire(import.meta.url).resolve('katex'));

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

function load(file: string): Asset {
  const body = readFileSync(file);
  return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream', hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

let assets: Map<string, Asset> | undefined;

function all(): Map<string, Asset> {
  if (!assets) {
    const dir = assetDir();
    assets = new Map([
      ['style.css', load(path.join(dir, 'style.css'))],
      ['app.js', load(path.join(dir, 'app.js'))],
      ['favicon.svg', load(path.join(dir, 'favicon.svg'))],
      ['katex/katex.min.css', load(path.join(katexDir, 'katex.min.css'))],
    ]);
  }
  return assets;
}

/** The versioned URL of an asset, for pages to link. */
export function assetUrl(name: 'style.css' | 'app.js' | 'favicon.svg' | 'katex/katex.min.css'): string {
  return urls.asset(name, all().get(name)!.hash);
}

const fonts = new Map<string, Asset>();
const FONT = /^KaTeX_[A-Za-z0-9_-]+\.(woff2|woff|ttf)$/;

function serve(c: Context, asset: Asset | undefined): Response {
  if (!asset) return c.text('not found', 404);
  const etag = `"${asset.hash}"`;
  const versioned = c.req.query('v') === asset.hash;
  const headers = {
    'content-type': asset.type,
    'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(asset.body, { status: 200, headers });
}

export function mountAssets<E extends Env>(app: Hono<E>): void {
  app.get('/assets/style.css', (c) => serve(c, all().get('style.css')));
  app.get('/assets/app.js', (c) => serve(c, all().get('app.js')));
  app.get('/assets/favicon.svg', (c) => serve(c, all().get('favicon.svg')));
  app.get('/assets/katex/katex.min.css', (c) => serve(c, all().get('katex/katex.min.css')));
  app.get('/assets/katex/fonts/:file', (c) => {
    const file = c.req.param('file');
    if (!FONT.test(file)) return c.text('not found', 404);
    let font = fonts.get(file);
    if (!font) {
      const full = path.join(katexDir, 'fonts', file);
      if (!existsSync(full)) return c.text('not found', 404);
      font = load(full);
      fonts.set(file, font);
    }
    // Fonts are named by KaTeX's version: cached as immutable.
    const res = serve(c, font);
    if (res.status === 200) res.headers.set('cache-control', 'public, max-age=31536000, immutable');
    return res;
  });
}

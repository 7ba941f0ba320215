/**
 * Any RSS 2.0, RSS 1.0 or Atom feed (arXiv's per-category feeds at rss.arxiv.org, a journal's
 * feed), fetched with HTTP caching: the cursor keeps the feed's ETag and Last-Modified, sent back
 * as If-None-Match and If-Modified-Since, and a 304 means there is nothing to do.
 */
import type { SourceSpec, SyncContext, SyncPage, SyncSource } from './sync-source.js';

type Spec = Extract<SourceSpec, { kind: 'feed' }>;

interface Validators {
  etag?: string;
  lastModified?: string;
}

export function feedSource(spec: Spec): SyncSource {
  return {
    key: `feed:${spec.url}`,
    spec,
    politeDelayMs: 1000,
    async *pages(cursor: string | undefined, context: SyncContext): AsyncGenerator<SyncPage> {
      const saved: Validators = cursor ? (JSON.parse(cursor) as Validators) : {};
      const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' };
      if (saved.etag) headers['if-none-match'] = saved.etag;
      if (saved.lastModified) headers['if-modified-since'] = saved.lastModified;
      const answer = await context.http.get(spec.url, headers);
      if (answer.status === 304) return;
      const etag = answer.headers.get('etag');
      const lastModified = answer.headers.get('last-modified');
      const next: Validators = { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
      yield { name: spec.url, format: 'arxiv-atom', bytes: answer.bytes, cursor: JSON.stringify(next) };
    },
  };
}

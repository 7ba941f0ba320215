/**
 * A live source: something `paperboy sync` can ask for papers again and again (the arXiv API,
 * arXiv OAI-PMH, the Hugging Face Daily Papers API, any RSS/Atom feed). A source is its spec
 * (the parameters a library remembers) and a generator of pages from a saved cursor; the runner
 * (run-sync.ts) ingests each page and saves the page's cursor only once its records are committed.
 */
import { z } from 'zod';
import type { FormatName } from '../core/paper.js';
import type { PoliteClient } from '../net/polite-client.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const httpUrl = z.url({ protocol: /^https?$/ });

export const SourceSpec = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('arxiv'),
    categories: z.array(z.string().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'an arXiv category such as cs.CL')).default([]),
    query: z.string().trim().min(1).optional(),
    baseUrl: httpUrl.optional(),
    /** Papers asked for per request (arXiv allows up to 2000). */
    pageSize: z.number().int().min(1).max(2000).optional(),
    /** Papers fetched per run at most. */
    max: z.number().int().min(1).optional(),
    /** How far back the first run goes. */
    since: isoDate.optional(),
  }),
  z.strictObject({
    kind: z.literal('oai'),
    set: z.string().min(1).optional(),
    metadataPrefix: z.enum(['arXiv', 'arXivRaw']).default('arXiv'),
    baseUrl: httpUrl.optional(),
    since: isoDate.optional(),
  }),
  z.strictObject({ kind: z.literal('hf'), baseUrl: httpUrl.optional(), since: isoDate.optional() }),
  z.strictObject({ kind: z.literal('feed'), url: httpUrl }),
]);
export type SourceSpec = z.infer<typeof SourceSpec>;

/** One response worth ingesting, or one step of progress. */
export interface SyncPage {
  /** What provenance names: the source's URL without paging parameters, so a listing keeps one name across runs. */
  name: string;
  format: FormatName;
  /** The response; absent when there is nothing to ingest (an empty day, no new records). */
  bytes?: Uint8Array;
  /** Saved once this page is committed; absent leaves the saved cursor as it was. */
  cursor?: string;
}

export interface SyncContext {
  http: PoliteClient;
  /** ISO date. */
  today: string;
}

export interface SyncSource {
  /** Stable, from the parameters that choose what is listed: what `sync --remove` takes. */
  readonly key: string;
  readonly spec: SourceSpec;
  /** The least delay between two requests to this source's host, in ms (its operator's request). */
  readonly politeDelayMs: number;
  pages(cursor: string | undefined, context: SyncContext): AsyncGenerator<SyncPage>;
}

/** `@host/path` when a source is pointed somewhere other than its default (a mirror, a test server). */
export const baseSuffix = (baseUrl: string | undefined): string => (baseUrl ? `@${baseUrl.replace(/^https?:\/\//, '')}` : '');

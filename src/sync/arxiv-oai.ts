/**
 * arXiv's OAI-PMH interface (export.arxiv.org/oai2): `ListRecords` of a set, incrementally by
 * date, following resumption tokens to the end of the list. The cursor is the day the last
 * complete harvest started (its first responseDate); the next harvest asks `from` that day, so a
 * day is harvested twice rather than missed (ingest is idempotent). An unfinished harvest saves
 * no cursor and starts again: resumption tokens expire. `noRecordsMatch` is a harvest of nothing;
 * 503 with Retry-After (arXiv's flow control) is waited out by the client.
 */
import { addDays } from '../core/dates.js';
import { PaperboyError } from '../core/errors.js';
import type { SourceSpec, SyncContext, SyncPage, SyncSource } from './sync-source.js';
import { baseSuffix } from './sync-source.js';

const DEFAULT_BASE = 'http://export.arxiv.org/oai2';

type Spec = Extract<SourceSpec, { kind: 'oai' }>;

/** What paging needs from a response, read before the full parse. */
export function envelope(xml: string): { responseDate?: string; token?: string; error?: { code: string; message: string } } {
  const error = /<error\s+code="([^"]+)"[^>]*>([^<]*)<\/error>/.exec(xml);
  const token = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/.exec(xml)?.[1]?.trim();
  const responseDate = /<responseDate>\s*([^<\s]+)/.exec(xml)?.[1];
  return {
    ...(responseDate ? { responseDate } : {}),
    ...(token ? { token } : {}),
    ...(error ? { error: { code: error[1]!, message: error[2]!.trim() } } : {}),
  };
}

export function arxivOaiSource(spec: Spec): SyncSource {
  const base = spec.baseUrl ?? DEFAULT_BASE;
  const listing = new URL(base);
  listing.search = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: spec.metadataPrefix, ...(spec.set ? { set: spec.set } : {}) }).toString();
  return {
    key: `oai:${spec.set ? `set=${spec.set};` : ''}prefix=${spec.metadataPrefix}${baseSuffix(spec.baseUrl)}`,
    spec,
    politeDelayMs: 3000,
    async *pages(cursor: string | undefined, context: SyncContext): AsyncGenerator<SyncPage> {
      const from = cursor ?? spec.since ?? addDays(context.today, -7);
      const first = new URL(listing);
      first.searchParams.set('from', from);
      let url = first.toString();
      let harvestDay: string | undefined;
      for (;;) {
        const { bytes } = await context.http.get(url, { accept: 'text/xml' });
        const xml = new TextDecoder().decode(bytes);
        const { responseDate, token, error } = envelope(xml);
        harvestDay ??= responseDate?.slice(0, 10) ?? context.today;
        if (error?.code === 'noRecordsMatch') {
          yield { name: listing.toString(), format: 'arxiv-oai', cursor: harvestDay };
          return;
        }
        if (error) throw new PaperboyError('SOURCE_FAILED', `${url}: OAI-PMH error ${error.code}: ${error.message}`);
        yield { name: listing.toString(), format: 'arxiv-oai', bytes, ...(token ? {} : { cursor: harvestDay }) };
        if (!token) return;
        const next = new URL(base);
        next.search = new URLSearchParams({ verb: 'ListRecords', resumptionToken: token }).toString();
        url = next.toString();
      }
    },
  };
}

/**
 * The Hugging Face Daily Papers API, one request per day from the cursor's day to today. The
 * cursor is the last day fetched; that day is fetched again next time, since its papers keep
 * gathering upvotes (a changed listing merges in, the highest count wins). A first run starts a
 * week back, or at `since`.
 */
import { addDays } from '../core/dates.js';
import type { SourceSpec, SyncContext, SyncPage, SyncSource } from './sync-source.js';
import { baseSuffix } from './sync-source.js';

const DEFAULT_BASE = 'https://huggingface.co/api/daily_papers';

type Spec = Extract<SourceSpec, { kind: 'hf' }>;

export function hfDailySource(spec: Spec): SyncSource {
  const base = spec.baseUrl ?? DEFAULT_BASE;
  return {
    key: `hf${baseSuffix(spec.baseUrl)}`,
    spec,
    politeDelayMs: 1000,
    async *pages(cursor: string | undefined, context: SyncContext): AsyncGenerator<SyncPage> {
      for (let day = cursor ?? spec.since ?? addDays(context.today, -6); day <= context.today; day = addDays(day, 1)) {
        const url = new URL(base);
        url.searchParams.set('date', day);
        const { bytes } = await context.http.get(url.toString(), { accept: 'application/json' });
        // Weekends and days not yet curated are an empty list.
        const empty = /^\s*\[\s*\]\s*$/.test(new TextDecoder().decode(bytes.subarray(0, 64)));
        yield { name: url.toString(), format: 'hf-daily-api', ...(empty ? {} : { bytes }), cursor: day };
      }
    },
  };
}

/** The source module for a spec. */
import { arxivApiSource } from './arxiv-api.js';
import { arxivOaiSource } from './arxiv-oai.js';
import { feedSource } from './feed.js';
import { hfDailySource } from './hf-daily.js';
import type { SourceSpec, SyncSource } from './sync-source.js';

export function openSource(spec: SourceSpec): SyncSource {
  switch (spec.kind) {
    case 'arxiv':
      return arxivApiSource(spec);
    case 'oai':
      return arxivOaiSource(spec);
    case 'hf':
      return hfDailySource(spec);
    case 'feed':
      return feedSource(spec);
  }
}

/** How a paper is presented everywhere (CLI, API, web): its stable JSON fields and its author line. */
import type { Paper } from './paper.js';

/** The stable JSON shape of a paper (fields are only ever added, never renamed). */
export function paperJson(p: Paper): Record<string, unknown> {
  return {
    id: p.id,
    title: p.title,
    titleDerived: p.titleDerived,
    abstract: p.abstract,
    authors: p.authors,
    authorCount: p.authorCount ?? (p.authors.length || null),
    organization: p.organization ?? null,
    date: p.date ?? null,
    categories: p.categories,
    arxivId: p.arxivId ?? null,
    doi: p.doi ?? null,
    url: p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : null),
    upvotes: p.upvotes ?? null,
    comment: p.comment ?? null,
    venue: p.venue ?? null,
    sources: p.sources,
  };
}

export function authorLine(p: Paper): string {
  if (p.authors.length > 4) return `${p.authors.slice(0, 3).join(', ')} and ${p.authors.length - 3} more`;
  if (p.authors.length) return p.authors.join(', ');
  if (p.authorCount) return `${p.authorCount} authors`;
  return p.organization ?? '';
}

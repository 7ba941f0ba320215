/** How a paper is presented everywhere (CLI, API, web): its stable JSON fields, its author line, its sources' names. */
import type { Paper, SourceRef } from './paper.js';

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

/**
 * What a reader who does not run the server sees of a source: a file's name without the
 * server's directories, an upload's name, a fetched page's address without its query (which
 * may hold a token), "standard input"; never the absolute path on the server.
 */
export function sourceName(file: string): string {
  if (file === '-') return 'standard input';
  const upload = /^upload:[^/]*\/(.*)#[0-9a-f]+$/.exec(file);
  if (upload) return `${upload[1]} (upload)`;
  if (/^https?:\/\//i.test(file)) {
    try {
      const url = new URL(file);
      return `${url.origin}${url.pathname}`;
    } catch {
      return 'a web page';
    }
  }
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

/** A paper's sources as a reader who does not run the server sees them (sourceName). */
export const publicSources = (sources: readonly SourceRef[]): SourceRef[] => sources.map((s) => ({ ...s, file: sourceName(s.file) }));

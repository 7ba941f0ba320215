/**
 * arXiv metadata as JSON lines, in the two shapes in circulation:
 * - the OAI/Kaggle snapshot: `abstract`, `authors` string or `authors_parsed`, `categories` as a
 *   space-separated string, `versions` with RFC 2822 dates, `doi`, `comments`, `journal-ref`;
 * - daily listings: `summary`, `authors` and `categories` as arrays, `comment`, `abs`, and `date`,
 *   the listing day.
 * Runs on every line of large dumps, so the mapping is plain field access (no per-field regexes
 * beyond the id).
 */
import type { PaperRecord } from '../core/paper.js';
import { parseLooseDate } from '../core/dates.js';
import { normaliseDoi, parseArxivId } from '../core/identifiers.js';
import type { SourceParser } from './source-parser.js';
import { defined, nonEmpty, oneLine, splitAuthors, textOf, texts, unique, type JsonObject } from './field-mapping.js';
import { jsonLines, sampleObjects } from './jsonl.js';

/** `authors_parsed` rows are [last, first, suffix]. */
function parsedName(row: unknown): string | undefined {
  if (!Array.isArray(row)) return undefined;
  const [last, first, suffix] = row.map(textOf);
  return [first, last, suffix].filter(Boolean).join(' ') || undefined;
}

function authorsOf(o: JsonObject): string[] | undefined {
  if (Array.isArray(o.authors_parsed)) return nonEmpty(texts(o.authors_parsed, parsedName));
  if (Array.isArray(o.authors)) return nonEmpty(texts(o.authors));
  return typeof o.authors === 'string' ? nonEmpty(splitAuthors(o.authors)) : undefined;
}

function categoriesOf(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  return nonEmpty(unique(texts(list)));
}

/** Kaggle `versions`: [{ version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT" }, ...], oldest first. */
function versionsOf(value: unknown): { date?: string; latest?: number } {
  if (!Array.isArray(value) || value.length === 0) return {};
  const v1 = value[0] as JsonObject | undefined;
  const last = value[value.length - 1] as JsonObject | undefined;
  const latest = Number(textOf(last?.version)?.replace(/^v/i, ''));
  return {
    date: parseLooseDate(textOf(v1?.created)),
    latest: Number.isInteger(latest) && latest > 0 ? latest : undefined,
  };
}

function fromArxivObject(o: JsonObject): PaperRecord | string {
  const ref = parseArxivId(textOf(o.id));
  if (!ref) return o.id === undefined ? 'no id' : `id ${JSON.stringify(o.id)} is not an arXiv id`;
  const title = oneLine(o.title);
  if (!title) return 'no title';
  const versions = versionsOf(o.versions);
  return defined({
    title,
    abstract: textOf(o.abstract) ?? textOf(o.summary),
    authors: authorsOf(o),
    date: versions.date ?? parseLooseDate(textOf(o.date)) ?? parseLooseDate(textOf(o.update_date)),
    categories: categoriesOf(o.categories),
    arxivId: ref.id,
    arxivVersion: versions.latest ?? ref.version,
    doi: normaliseDoi(textOf(o.doi)),
    url: textOf(o.abs),
    comment: textOf(o.comments) ?? textOf(o.comment),
    venue: textOf(o['journal-ref']),
  });
}

export const arxivJsonlParser: SourceParser = {
  format: 'arxiv-jsonl',
  lineOriented: true,

  /** Every sampled line has an arXiv id and an abstract: above generic jsonl, which would also take it. */
  detect(sample) {
    const objects = sampleObjects(sample);
    const arxivLike = (o: JsonObject) =>
      parseArxivId(textOf(o.id)) !== undefined && (typeof o.abstract === 'string' || typeof o.summary === 'string');
    return objects?.every(arxivLike) ? 0.98 : 0;
  },

  parse(text, context) {
    return jsonLines(text, context, fromArxivObject);
  },
};

/**
 * The Hugging Face Daily Papers API (`https://huggingface.co/api/daily_papers?date=YYYY-MM-DD`):
 * a JSON array of `{paper: {id (the arXiv id), title, summary, authors: [{name}], upvotes,
 * publishedAt, organization?}, submittedOnDailyAt, title, summary, organization?, …}`. The
 * outer title and summary repeat the paper's; either place is read.
 */
import { PaperboyError } from '../core/errors.js';
import { parseLooseDate } from '../core/dates.js';
import { parseArxivId } from '../core/identifiers.js';
import type { PaperRecord } from '../core/paper.js';
import type { SourceParser } from './source-parser.js';
import { defined, isObject, nonEmpty, oneLine, textOf, texts, toItem, type JsonObject } from './field-mapping.js';
import { arrayElementLines, salvagedItems } from './json.js';

const organizationOf = (o: unknown): string | undefined => (isObject(o) ? (textOf(o.fullname) ?? textOf(o.name)) : undefined);

function fromEntry(entry: unknown): PaperRecord | string {
  if (!isObject(entry)) return 'not an object';
  const paper: JsonObject = isObject(entry.paper) ? entry.paper : {};
  const ref = parseArxivId(textOf(paper.id) ?? '');
  const abstract = textOf(paper.summary) ?? textOf(entry.summary);
  if (!abstract && !textOf(paper.title) && !textOf(entry.title)) return 'entry without a title or summary';
  const upvotes = paper.upvotes;
  return defined({
    title: oneLine(paper.title) ?? oneLine(entry.title),
    abstract,
    authors: nonEmpty(texts(Array.isArray(paper.authors) ? paper.authors : [], (a) => (isObject(a) ? textOf(a.name) : textOf(a)))),
    organization: organizationOf(paper.organization) ?? organizationOf(entry.organization),
    date: parseLooseDate(textOf(paper.publishedAt) ?? textOf(entry.publishedAt) ?? textOf(paper.submittedOnDailyAt) ?? textOf(entry.submittedOnDailyAt)),
    arxivId: ref?.id,
    url: ref ? `https://huggingface.co/papers/${ref.id}` : undefined,
    upvotes: typeof upvotes === 'number' && Number.isInteger(upvotes) && upvotes >= 0 ? upvotes : undefined,
  });
}

export const hfDailyApiParser: SourceParser = {
  format: 'hf-daily-api',
  lineOriented: false,
  longLines: true,

  detect(sample) {
    // A few stray characters before the array (a damaged file) still leave it this format.
    if (!/^\s*[^[\]{}\s]{0,16}\[/.test(sample)) return 0;
    return /"paper"\s*:\s*\{/.test(sample) && /"(?:submittedOnDailyAt|upvotes)"\s*:/.test(sample) ? 0.97 : 0;
  },

  *parse(text, context) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      yield* salvagedItems(text, context, err as Error, fromEntry);
      return;
    }
    if (!Array.isArray(data)) throw new PaperboyError('BAD_INPUT', `${context.file}: not a Daily Papers list (expected a JSON array)`);
    const lines = arrayElementLines(text, context.firstLine);
    for (const [i, entry] of data.entries()) yield toItem(fromEntry(entry), lines[i] ?? context.firstLine);
  },
};

/**
 * arXiv's OAI-PMH responses (`ListRecords`/`GetRecord` from export.arxiv.org/oai2) in either of
 * its full metadata formats: `arXiv` (authors split into keyname/forenames, `created` is the first
 * version's date) and `arXivRaw` (authors as one string, a dated `version` per revision). Deleted
 * records carry no metadata and are passed over; an OAI `error` element other than
 * noRecordsMatch makes the whole response unusable.
 */
import { PaperboyError } from '../core/errors.js';
import { parseLooseDate } from '../core/dates.js';
import { normaliseDoi, parseArxivId } from '../core/identifiers.js';
import type { PaperRecord } from '../core/paper.js';
import type { ParseContext, ParseItem, SourceParser } from './source-parser.js';
import { lineCounter, list, sourceXmlParser, startOf, text, xmlPieces, type RecordElement, type XmlPiece } from './arxiv-atom.js';
import { defined, isObject, nonEmpty, oneLine, splitAuthors, texts, toItem, unique, type JsonObject } from './field-mapping.js';

const xml = sourceXmlParser(new Set(['record', 'author', 'version']));

function authorOf(a: unknown): string | undefined {
  if (!isObject(a)) return text(a);
  const name = [text(a.forenames), text(a.keyname), text(a.suffix)].filter(Boolean).join(' ');
  return name || undefined;
}

/** arXivRaw dates each version ("Mon, 2 Apr 2007 19:18:42 GMT"); the first is the submission. */
function firstVersionDate(meta: JsonObject): string | undefined {
  const first = list(meta.version)[0];
  const ms = Date.parse((isObject(first) ? text(first.date) : undefined) ?? '');
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

function fromMetadata(meta: JsonObject, raw: boolean): PaperRecord | string {
  const ref = parseArxivId(text(meta.id));
  if (!ref) return `record without an arXiv id`;
  const authors = raw
    ? splitAuthors(oneLine(text(meta.authors)) ?? '')
    : texts(isObject(meta.authors) ? list(meta.authors.author) : [], authorOf);
  const date = raw ? firstVersionDate(meta) : parseLooseDate(text(meta.created));
  return defined({
    title: oneLine(text(meta.title)),
    abstract: text(meta.abstract),
    authors: nonEmpty(authors),
    date,
    categories: nonEmpty(unique((text(meta.categories) ?? '').split(/\s+/).filter(Boolean))),
    arxivId: ref.id,
    doi: normaliseDoi(text(meta.doi)),
    url: `https://arxiv.org/abs/${ref.id}`,
    comment: text(meta.comments),
    venue: text(meta['journal-ref']),
  });
}

export const arxivOaiParser: SourceParser = {
  format: 'arxiv-oai',
  lineOriented: false,
  longLines: true,

  detect(sample) {
    if (!/<OAI-PMH[\s>]/.test(sample)) return 0;
    return /<(?:arXiv|arXivRaw)[\s>]|oai:arXiv\.org:|export\.arxiv\.org\/oai2/.test(sample) ? 0.98 : 0.5;
  },

  *parse(source, context) {
    for (const piece of xmlPieces(xml, source, context, RECORD)) {
      if ('ok' in piece) yield piece;
      else yield* records(piece, context);
    }
  },
};

const RECORD: RecordElement = { tag: 'record', wrap: ['<OAI-PMH><ListRecords>', '</ListRecords></OAI-PMH>'] };

/** The records of one parsed piece (the whole response, or one record of a damaged one). */
function* records({ doc, text: source, firstLine }: XmlPiece, context: ParseContext): Generator<ParseItem> {
  const root = doc['OAI-PMH'];
  if (!isObject(root)) throw new PaperboyError('BAD_INPUT', `${context.file}: XML but not an OAI-PMH response`);
  const error = root.error;
  if (error !== undefined) {
    const code = isObject(error) ? text(error['@_code']) : undefined;
    if (code === 'noRecordsMatch') return;
    throw new PaperboyError('BAD_INPUT', `${context.file}: OAI-PMH error ${code ?? ''}: ${text(error) ?? ''}`.trim());
  }
  const container = isObject(root.ListRecords) ? root.ListRecords : isObject(root.GetRecord) ? root.GetRecord : undefined;
  if (!container) throw new PaperboyError('BAD_INPUT', `${context.file}: an OAI-PMH response without records (ListRecords or GetRecord)`);
  const lineAt = lineCounter(source, firstLine);
  for (const record of list(container.record)) {
    const line = lineAt(startOf(record));
    if (!isObject(record)) continue;
    if (isObject(record.header) && record.header['@_status'] === 'deleted') continue;
    const metadata = isObject(record.metadata) ? record.metadata : {};
    const raw = isObject(metadata.arXivRaw);
    const meta = raw ? metadata.arXivRaw : metadata.arXiv;
    yield toItem(isObject(meta) ? fromMetadata(meta, raw) : 'record without arXiv or arXivRaw metadata', line);
  }
}

/** Every source parser, and the choice of one for a file: by name, or by asking each how sure it is. */
import { PaperboyError } from '../core/errors.js';
import { FORMATS } from '../core/paper.js';
import type { SourceParser } from './source-parser.js';
import { abstractDumpParser } from './abstract-dump.js';
import { abstractListParser } from './abstract-list.js';
import { arxivAtomParser } from './arxiv-atom.js';
import { arxivJsonlParser } from './arxiv-jsonl.js';
import { arxivOaiParser } from './arxiv-oai.js';
import { bibtexParser } from './bibtex.js';
import { csvParser } from './csv.js';
import { hfDailyApiParser } from './hf-daily-api.js';
import { hfDailyPageParser } from './hf-daily-page.js';
import { jsonParser } from './json.js';
import { jsonlParser } from './jsonl.js';
import { inputLabel } from './read-input.js';

/**
 * Most specific first: on equal confidence the earlier parser wins, so arxiv-jsonl beats jsonl
 * and the prose fallback (abstract-list) loses to everything.
 */
export const PARSERS: readonly SourceParser[] = [
  arxivAtomParser,
  arxivOaiParser,
  arxivJsonlParser,
  hfDailyApiParser,
  bibtexParser,
  hfDailyPageParser,
  abstractDumpParser,
  jsonParser,
  jsonlParser,
  csvParser,
  abstractListParser,
];

/** Below this no parser is trusted with the file. */
const THRESHOLD = 0.3;

export interface Detection {
  parser: SourceParser;
  confidence: number;
}

/** The parser for a format name (as typed on a command line); BAD_INPUT for an unknown name. */
export function parserFor(format: string): SourceParser {
  const parser = PARSERS.find((p) => p.format === format);
  if (!parser) throw new PaperboyError('BAD_INPUT', `unknown format "${format}"; formats: ${FORMATS.join(', ')}`);
  return parser;
}

/** The parser most sure of `sample` (the start of the file `name`), or UNRECOGNISED_FORMAT. */
export function detectFormat(sample: string, name: string): Detection {
  if (sample.trim() === '') throw new PaperboyError('BAD_INPUT', `${inputLabel(name)} is empty`);
  let best: Detection | undefined;
  for (const parser of PARSERS) {
    const confidence = parser.detect(sample, name);
    if (!best || confidence > best.confidence) best = { parser, confidence };
  }
  if (!best || best.confidence < THRESHOLD) {
    throw new PaperboyError(
      'UNRECOGNISED_FORMAT',
      `${inputLabel(name)}: not a recognised listing format (tried ${PARSERS.map((p) => p.format).join(', ')})`,
    );
  }
  return best;
}

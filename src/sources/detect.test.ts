import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../core/paper.js';
import { PARSERS, detectFormat, parserFor } from './detect.js';
import { FIXTURES, SEEDS_MISSING, SEEDS_NOTE, fixture, seed } from './test-support/fixture-files.js';

/** Every fixture in ./fixtures and the format it is a sample of. */
const FIXTURE_FORMATS: Record<string, string> = {
  [FIXTURES['abstract-dump']]: 'abstract-dump',
  [FIXTURES['abstract-list']]: 'abstract-list',
  [FIXTURES['hf-daily-page']]: 'hf-daily-page',
  [FIXTURES.bibtex]: 'bibtex',
  'arxiv-api-sample.xml': 'arxiv-atom',
  'arxiv-rss-sample.xml': 'arxiv-atom',
  'kaggle-sample.jsonl': 'arxiv-jsonl',
  'daily-listing-sample.jsonl': 'arxiv-jsonl',
  'papers.csv': 'csv',
  'papers.tsv': 'csv',
  'papers.json': 'json',
  'papers.jsonl': 'jsonl',
};

const DAILY = new URL('../../../shared/datasets/arxiv-daily/2025-03.jsonl.gz', import.meta.url);

describe('PARSERS and parserFor', () => {
  it('has one parser per format', () => {
    expect(PARSERS.map((p) => p.format).sort()).toEqual([...FORMATS].sort());
  });

  it('finds a parser by name, and names the formats when it cannot', () => {
    expect(parserFor('bibtex').format).toBe('bibtex');
    expect(() => parserFor('docx')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('arxiv-jsonl') }));
  });
});

describe('detectFormat', () => {
  it.each(Object.entries(FIXTURE_FORMATS))('detects %s as %s', (name, format) => {
    const detection = detectFormat(fixture(name), name);
    expect(detection.parser.format).toBe(format);
    expect(detection.confidence).toBeGreaterThan(0.5);
  });

  it('does not need file extensions', () => {
    for (const name of Object.keys(FIXTURE_FORMATS)) {
      expect(detectFormat(fixture(name), 'upload').parser.format).toBe(FIXTURE_FORMATS[name]);
    }
  });

  it('refuses text nothing recognises, naming the file and the formats tried', () => {
    expect(() => detectFormat('just a note\nto myself\n', 'notes.txt')).toThrow(
      expect.objectContaining({
        code: 'UNRECOGNISED_FORMAT',
        message: expect.stringMatching(/^notes\.txt: .*tried .*abstract-dump.*jsonl/),
      }),
    );
  });

  it('calls an empty file empty', () => {
    expect(() => detectFormat(' \n\n', 'blank.csv')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: 'blank.csv is empty' }));
  });
});

describe.skipIf(SEEDS_MISSING)(`detectFormat on the shared seeds ${SEEDS_NOTE}`, () => {
  it.each([
    ['000', 'abstract-dump'],
    ['001', 'hf-daily-page'],
    ['002', 'abstract-list'],
    ['003', 'abstract-dump'],
  ])('seed %s is %s', (prefix, format) => {
    expect(detectFormat(seed(prefix), `${prefix}.txt`).parser.format).toBe(format);
  });
});

describe.skipIf(!existsSync(DAILY))(`detectFormat on the arXiv daily listings ${existsSync(DAILY) ? '' : `(skipped: no ${DAILY.pathname})`}`, () => {
  it('detects the first 200 lines as arxiv-jsonl', () => {
    const head = gunzipSync(readFileSync(DAILY)).toString('utf8').split('\n').slice(0, 200).join('\n');
    expect(detectFormat(head, '2025-03.jsonl').parser.format).toBe('arxiv-jsonl');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arxivOaiParser } from './arxiv-oai.js';
import { detectFormat } from './detect.js';
import { parseAll } from './test-support/fixture-files.js';

const syncFixture = (name: string) => readFileSync(new URL(`../sync/fixtures/${name}`, import.meta.url), 'utf8');

describe('arxiv-oai parser', () => {
  it('reads the arXiv metadata format: names from keyname/forenames/suffix, the created date, one-line titles', () => {
    const { records, skipped } = parseAll(arxivOaiParser, syncFixture('oai-page1.xml'));
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      arxivId: '2611.09107',
      title: 'On the Hubness of Dense Retrieval Embeddings',
      authors: ['Jonas Berg', 'Priya Natarajan', 'Yusuf Demir Jr'],
      date: '2026-11-17',
      categories: ['cs.IR'],
      doi: '10.5555/hub.2026.3',
      venue: 'Proc. Imaginary Retrieval Workshop 2026',
      url: 'https://arxiv.org/abs/2611.09107',
    });
    expect(records[1]!.abstract).toContain('$\\ell_2$ centering');
    expect(records[0]).toMatchObject({ comment: '9 pages; v2 adds a human study', categories: ['cs.CL', 'cs.AI'] });
  });

  it('passes over deleted records and reads arXivRaw (authors as one string, the first version dated)', () => {
    expect(parseAll(arxivOaiParser, syncFixture('oai-page2.xml')).records.map((r) => r.arxivId)).toEqual(['2611.09512']);
    const [raw] = parseAll(arxivOaiParser, syncFixture('oai-raw.xml')).records;
    expect(raw).toMatchObject({
      arxivId: '0704.0001',
      date: '2007-04-02',
      authors: ["C. Bal\\'azs", 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
    });
  });

  it('gives no records for noRecordsMatch and refuses other OAI errors', () => {
    expect(parseAll(arxivOaiParser, syncFixture('oai-no-records.xml')).records).toEqual([]);
    const bad = '<?xml version="1.0"?><OAI-PMH><error code="badArgument">Illegal set</error></OAI-PMH>';
    expect(() => parseAll(arxivOaiParser, bad)).toThrow(/badArgument: Illegal set/);
  });

  it('is detected over the Atom parser', () => {
    expect(detectFormat(syncFixture('oai-page1.xml'), 'page').parser.format).toBe('arxiv-oai');
  });
});

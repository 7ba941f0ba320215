import { describe, expect, it } from 'vitest';
import { arxivJsonlParser as parser } from './arxiv-jsonl.js';
import { jsonlParser } from './jsonl.js';
import { context, fixture, parseAll } from './test-support/fixture-files.js';

describe('arxiv-jsonl parser', () => {
  it('maps the Kaggle/OAI snapshot shape: authors_parsed, v1 date, latest version', () => {
    const { records, skipped } = parseAll(parser, fixture('kaggle-sample.jsonl'));
    expect(skipped).toEqual([]);
    expect(records[0]).toEqual({
      line: 1,
      title: 'Anomalous dimensions of twisted lattice operators at two loops',
      abstract: 'We compute the anomalous dimensions of twisted lattice operators to two loops\nand show that the $\\mathcal{O}(a^2)$ corrections cancel for $N_f = 2$.',
      authors: ['A. Bertolini', 'C. Nakamura', 'R. Díaz Jr'],
      date: '2007-05-15',
      categories: ['hep-lat', 'hep-ph'],
      arxivId: '0705.2231',
      arxivVersion: 3,
      doi: '10.5555/iplb.2008.0033',
      comment: '24 pages, 3 figures; v3: typos fixed',
      venue: 'Imag. Phys. Lett. B 612 (2008) 33-41',
    });
    // Without authors_parsed the author string is split.
    expect(records[1]).toMatchObject({ arxivId: 'math/0601123', arxivVersion: 1, authors: ['Petra Holm', 'Quentin Abara'] });
    expect(records[2]).toMatchObject({ title: 'Gradient noise as a thermometer', arxivVersion: 2, doi: '10.5555/gnt.2015.1' });
  });

  it('maps the daily listing shape, one record per listing day', () => {
    const { records } = parseAll(parser, fixture('daily-listing-sample.jsonl'));
    expect(records[0]).toEqual({
      line: 1,
      title: 'Lantern: Lighting Up Sparse Reward Landscapes',
      abstract: expect.stringMatching(/^Sparse rewards leave.*\nlights up the landscape with a learned potential \$\\Phi\(s\)\$/s),
      authors: ['Yuki Tanabe', 'Grace Oduya'],
      date: '2025-03-26',
      categories: ['cs.LG', 'cs.AI'],
      arxivId: '2503.20001',
      url: 'https://arxiv.org/abs/2503.20001',
    });
    expect(records[1]).toMatchObject({ comment: 'Accepted at an imaginary venue' });
    expect(records[2]).toMatchObject({ arxivId: '2503.20001', date: '2025-03-27' });
  });

  it('skips bad lines with their numbers and keeps the rest', () => {
    const good = fixture('daily-listing-sample.jsonl').split('\n')[1];
    const text = [good, '{"id": "2503.1", "title": broken', '', '[1, 2]', '{"title": "No id"}', '{"id": "2503.20009"}', '{"id": "x-17", "title": "T"}', good].join('\r\n');
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 100));
    expect(records.map((r) => r.line)).toEqual([100, 107]);
    expect(skipped.map((s) => s.line)).toEqual([101, 103, 104, 105, 106]);
    expect(skipped[0]!.reason).toMatch(/^invalid JSON/);
    expect(skipped.slice(1).map((s) => s.reason)).toEqual(['not a JSON object', 'no id', 'no title', 'id "x-17" is not an arXiv id']);
  });

  it('claims arXiv metadata above generic jsonl, and nothing else', () => {
    for (const name of ['kaggle-sample.jsonl', 'daily-listing-sample.jsonl']) {
      expect(parser.detect(fixture(name), name)).toBeGreaterThan(jsonlParser.detect(fixture(name), name));
    }
    expect(parser.detect(fixture('papers.jsonl'), 'papers.jsonl')).toBe(0);
    expect(parser.detect('{"id": "12", "abstract": "x"}\n', 'a.jsonl')).toBe(0);
    // A sample cut inside its last line is still judged by the complete lines.
    const cut = fixture('kaggle-sample.jsonl').slice(0, -40);
    expect(parser.detect(cut, 'x')).toBeGreaterThan(0.9);
    // So is a sample with a broken line among good ones.
    const [first, second, third] = fixture('daily-listing-sample.jsonl').split('\n');
    expect(parser.detect(`${first}\n{broken\n${second}\n${third}\n`, 'x')).toBeGreaterThan(0.9);
  });
});

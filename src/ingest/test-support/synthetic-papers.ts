/**
 * Invented papers in any number, as JSON lines: abstracts of 60 words drawn from a large invented
 * vocabulary by a seeded generator, so two distinct papers share no 3-shingle, and
 * `nearDuplicateLine` of a paper, one word rewritten (Jaccard about 0.9) under another title and
 * without its id: a different record that only the near-duplicate index can match to it.
 */
import type { PaperRecord } from '../../core/paper.js';
import { mulberry32 } from '../../core/random.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'ze', 'bra', 'dri', 'fle', 'gro', 'plu', 'sta', 'tre', 'qui', 'mon', 'tal'];
const WORDS_PER_ABSTRACT = 60;

/** A word of three syllables: 8,000 of them. */
const word = (random: () => number) => Array.from({ length: 3 }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');

function abstractWords(i: number): string[] {
  const random = mulberry32(i * 7919 + 17);
  return Array.from({ length: WORDS_PER_ABSTRACT }, () => word(random));
}

/** Paper `i`: an arXiv id of its own (2501.NNNNN), a title and a 60-word abstract. */
export function paperRecord(i: number): PaperRecord {
  const words = abstractWords(i);
  return {
    arxivId: `2501.${String(i).padStart(5, '0')}`,
    title: `Study ${i} of ${words.slice(0, 4).join(' ')}`,
    abstract: `${words.join(' ')}.`,
    authors: [`Author ${i}`],
    date: '2025-01-15',
    categories: ['cs.LG'],
  };
}

/** Paper `i` as a line of an arXiv JSON listing. */
export function paperLine(i: number): string {
  const { arxivId, ...rest } = paperRecord(i);
  return JSON.stringify({ arxiv_id: arxivId, ...rest });
}

/** Another record of paper `i`: no id, another title, one word of its abstract rewritten. */
export function nearDuplicateLine(i: number): string {
  const words = abstractWords(i);
  words[WORDS_PER_ABSTRACT / 2] = 'rewritten';
  return JSON.stringify({ title: `Revised notes ${i} on ${words.slice(4, 8).join(' ')}`, abstract: `${words.join(' ')}.`, authors: [`Author ${i}`] });
}

/** Lines for papers `from` to `to` (exclusive), by `line`. */
export const linesOf = (from: number, to: number, line: (i: number) => string = paperLine): string =>
  Array.from({ length: to - from }, (_, k) => `${line(from + k)}\n`).join('');

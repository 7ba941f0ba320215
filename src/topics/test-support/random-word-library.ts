/**
 * A library with no topics at all: every paper's title (6 words) and abstract (60 words) drawn at
 * random, without repeats, from one vocabulary of made-up words ("wabax"). Any split k-means finds
 * in it is chance; a topic model should show none.
 */
import type { PaperRecord } from '../../core/paper.js';
import { mulberry32 } from '../../core/random.js';

export interface RandomWordOptions {
  papers: number;
  /** Distinct words to draw from (at most 26³). */
  vocabulary: number;
  seed: number;
}

export function randomWordPapers({ papers, vocabulary, seed }: RandomWordOptions): PaperRecord[] {
  const random = mulberry32(seed);
  const letter = (i: number) => String.fromCharCode(97 + (i % 26));
  const vocab = Array.from({ length: vocabulary }, (_, i) => `w${letter(i)}${letter(Math.floor(i / 26))}${letter(Math.floor(i / 676))}x`);
  const words = (n: number) => {
    const pool = [...vocab];
    return Array.from({ length: n }, () => pool.splice(Math.floor(random() * pool.length), 1)[0]!).join(' ');
  };
  return Array.from({ length: papers }, (_, i) => ({
    arxivId: `2401.${10_000 + i}`,
    title: words(6),
    abstract: `${words(60)}.`,
    date: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
  }));
}

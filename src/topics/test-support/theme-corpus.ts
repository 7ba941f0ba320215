/**
 * A hand-made library of three clearly separated themes (astronomy, biology, law), each with its
 * own vocabulary over shared filler words: any sensible topic model must find these three groups,
 * labelled with their own words.
 */
import type { PaperRecord } from '../../core/paper.js';

export const THEMES = {
  astronomy: ['galaxies', 'stellar', 'telescope', 'supernova', 'redshift', 'cosmic', 'planets', 'nebula'],
  biology: ['protein', 'enzyme', 'genome', 'cells', 'mutation', 'bacteria', 'membrane', 'ribosome'],
  law: ['court', 'contract', 'statute', 'judges', 'litigation', 'plaintiff', 'verdict', 'legislation'],
} as const;
export type Theme = keyof typeof THEMES;

const FILLER = ['we', 'study', 'results', 'method', 'analysis', 'data', 'show', 'new', 'approach', 'evidence'];

/**
 * Paper `i` of a theme: title and abstract from the theme's words (rotating) and filler, made
 * unique by a word of its own ("law7") so no two papers merge.
 */
export function themePaper(theme: Theme, i: number, date = `2024-0${1 + (i % 3)}-1${i % 10}`): PaperRecord {
  const w = THEMES[theme];
  const pick = (j: number) => w[(i + j) % w.length]!;
  return {
    title: `On ${pick(0)} and ${pick(3)}: ${theme} study ${theme}${i}`,
    abstract: `${FILLER[i % FILLER.length]} ${pick(1)} ${pick(2)} ${FILLER[(i + 3) % FILLER.length]} ${pick(4)} ${pick(5)} ${pick(0)} ${FILLER[(i + 5) % FILLER.length]} ${pick(6)} ${pick(1)} results ${theme}${i}.`,
    authors: [`Author ${theme} ${i}`],
    categories: [theme === 'astronomy' ? 'astro-ph.GA' : theme === 'biology' ? 'q-bio.BM' : 'cs.CY'],
    date,
    arxivId: `2401.${String(i).padStart(3, '0')}${Object.keys(THEMES).indexOf(theme)}`,
    upvotes: i % 4,
  };
}

/** `perTheme` papers of each theme, interleaved. */
export function themeCorpus(perTheme: number, offset = 0): PaperRecord[] {
  const out: PaperRecord[] = [];
  for (let i = offset; i < offset + perTheme; i++) for (const t of Object.keys(THEMES) as Theme[]) out.push(themePaper(t, i));
  return out;
}

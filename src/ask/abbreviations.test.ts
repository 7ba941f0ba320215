import { describe, expect, it } from 'vitest';
import { definedAbbreviations, longFormOf, withAbbreviations } from './abbreviations.js';
import { focusScore, questionFocus, textWords } from './focus.js';

describe('abbreviations a paper defines', () => {
  it('finds the long form as Schwartz & Hearst do: the short form\'s letters in order, the first starting a word', () => {
    expect(longFormOf('LiM', 'Prior work has identified positional biases, such as the Lost in the Middle')).toBe('Lost in the Middle');
    expect(longFormOf('SAM', 'we fine-tune the Segment Anything Model')).toBe('Segment Anything Model');
    expect(longFormOf('MSJ', 'vulnerabilities in LLMs through Many-Shot Jailbreaking')).toBe('Many-Shot Jailbreaking');
    // No word starts with the first letter: no definition (the parenthesis says something else).
    expect(longFormOf('QKV', 'we report the mean accuracy')).toBeUndefined();
  });

  it('keeps only short forms with two capitals, drops a plural s, and reads each form as the other', () => {
    const text = 'Diffusion Language Models (DLMs) are slow (see below). The Lost in the Middle (LiM) effect is known.';
    const found = definedAbbreviations(text);
    expect(found.map((a) => a.key).sort()).toEqual(['dlm', 'lim']);
    const later = withAbbreviations(textWords('the LiM effect is strongest at half the window'), found);
    // "LiM" now also says "lost … middle", at its own position.
    const at = later.words.find((w) => w.key === 'lim')!.at;
    expect(later.words.filter((w) => w.at === at).map((w) => w.key)).toEqual(expect.arrayContaining(['lost', 'middl']));
    const long = withAbbreviations(textWords('caching for diffusion language models'), found);
    expect(long.words.some((w) => w.key === 'dlm')).toBe(true);
  });

  it('lets a sentence that only abbreviates its subject address a question that spells it out', () => {
    const lexicon = { idf: () => 3, docFrequency: () => 10 };
    const pool = [{ terms: new Set(['lost', 'middl', 'effect']), texts: [] }];
    const focus = questionFocus('When is the lost-in-the-middle effect strongest?', pool, lexicon);
    const sentence = 'the LiM effect is strongest when inputs fill half the window';
    const abbreviations = definedAbbreviations('the Lost in the Middle (LiM) effect');
    // Without the definition the sentence misses "lost" and "middle"; with it, it covers them.
    expect(focusScore(focus, withAbbreviations(textWords(sentence), abbreviations))).toBeGreaterThan(focusScore(focus, textWords(sentence)));
  });
});

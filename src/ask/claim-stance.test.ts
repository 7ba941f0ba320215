import { describe, expect, it } from 'vitest';
import { addAxisNeighbours, axisTerms, claimStance, polarity, senseDiffers } from './claim-stance.js';
import { focusScore, questionFocus, textWords } from './focus.js';

describe('claimStance', () => {
  it('reads null findings as contradicting a positive claim', () => {
    expect(claimStance('Aspirin reduces stroke risk', 'Aspirin did not reduce the incidence of stroke.')).toBe('contradicts');
    expect(claimStance('Aspirin reduces stroke risk', 'There was no significant difference in stroke rates.')).toBe('contradicts');
    expect(claimStance('Aspirin reduces stroke risk', 'Aspirin reduced stroke risk by 20%.')).toBe('supports');
  });

  it('reads opposite direction words as contradiction, negation flipping direction', () => {
    expect(claimStance('Exercise increases bone density', 'Bone density decreased after the exercise program.')).toBe('contradicts');
    expect(claimStance('Exercise increases bone density', 'Bone density increased in the exercise group.')).toBe('supports');
    expect(polarity('levels did not increase').direction).toBe(-1);
    expect(polarity('the model was trained').direction).toBe(0);
  });

  it('a null claim is not contradicted by a null finding, and is by an effect', () => {
    expect(claimStance('Drug X does not affect mortality', 'Drug X did not alter mortality.')).toBe('supports');
    // "no benefit" is a negated benefit (less); "indeed improves" is more: opposite directions.
    expect(claimStance('Large language models bring no benefit to time series forecasting.', 'Our results demonstrate that LLM4TS indeed improves forecasting performance.')).toBe('contradicts');
    // "no effect" governs no direction word: a null claim; a sentence reporting a fall is an effect.
    expect(claimStance('ART has no effect on the infectiveness of HIV-positive people.', 'Seven models estimated that HIV incidence is 17% to 32% lower than it would have been.')).toBe('contradicts');
  });

  it('reads comparisons: "worse than", "underperforms", "no better than", "at the cost of" against a claim of "better"', () => {
    const claim = 'Distilled reasoning models are better calibrated than instruction-tuned models.';
    // "worse" is less on the direction axis; the aside in parentheses ("greater overconfidence") restates it and is not read.
    expect(claimStance(claim, 'SFT reasoning models display worse calibration (greater overconfidence) compared to instruct models.')).toBe('contradicts');
    expect(claimStance(claim, 'Distilled models underperform instruction-tuned ones in calibration.')).toBe('contradicts');
    // "no better": the negation's scope holds "better", flipping it.
    expect(claimStance(claim, 'Distilled models are calibrated no better than instruction-tuned ones.')).toBe('contradicts');
    expect(claimStance('Pruning improves throughput.', 'Pruning raises throughput at the cost of accuracy.')).toBe('supports');
    expect(polarity('it speeds up decoding at the cost of accuracy').direction).toBe(-1);
    expect(claimStance(claim, 'Distilled models outperform instruction-tuned models in calibration.')).toBe('supports');
  });

  it('reads parity: "matches" against "unable to compete" and "comparable"', () => {
    const claim = 'Fine-tuning only the decoder of SAM matches a 3D U-Net.';
    // "unable" negates the parity word in its scope.
    expect(claimStance(claim, 'When fine-tuning only the decoder, SAM was unable to compete with 3D U-Net.')).toBe('contradicts');
    expect(claimStance(claim, 'The decoder-tuned SAM was comparable to the 3D U-Net.')).toBe('supports');
    // A claim of "better" met by "comparable" (no better, no worse) is contradicted.
    expect(claimStance('SAM segments menisci better than a U-Net.', 'SAM was comparable to the U-Net.')).toBe('contradicts');
  });

  it('reads a parity word as the gerund of a preposition as a task, not a parity found', () => {
    const claim = 'Fine-tuning only the decoder of SAM matches a 3D U-Net.';
    // "inferior" is less; "in matching the morphology" names what it is inferior at. Read as parity, "matching" agreed with the claim's "matches".
    expect(claimStance(claim, 'Both configurations of SAM were inferior to 3D U-Net in matching the meniscus morphology.')).toBe('contradicts');
    expect(polarity('inferior in matching the morphology').parity).toBe(0);
    expect(polarity('SAM was matching the U-Net').parity).toBe(1);
  });

  it('a sentence about the paper\'s own proposal does not bear on a claim about something else', () => {
    const claim = 'The auxiliary load balancing loss in MoE training leads to overly uniform routing that hinders expert specialization.';
    // "improves" is about "our method" against its baselines, not about what the auxiliary loss does.
    expect(claimStance(claim, 'Notably, our method improves classic MoE baselines with auxiliary loss by up to 23.79%, while also maintaining load balancing.')).toBeUndefined();
    expect(claimStance(claim, 'The auxiliary load balancing loss leads to overly uniform routing, which hinders expert specialization.')).toBe('supports');
    // A claim about a proposal is met by one.
    expect(claimStance('The proposed method improves accuracy.', 'Our method improves accuracy by 3 points.')).toBe('supports');
  });

  it('reads change against constancy, and a quantifier against its counter-example', () => {
    // "stay at fixed positions" is constancy; "shift … dynamic" is change.
    expect(claimStance('Attention sinks in diffusion language models stay at fixed positions during generation.', 'The sink positions in DLMs tend to shift throughout the generation process, displaying a dynamic behaviour.')).toBe('contradicts');
    expect(claimStance('Sink positions change during generation.', 'Sink positions remain fixed.')).toBe('contradicts');
    // "only … with crafted demonstrations" is a restriction; "do not require" denies it.
    expect(claimStance('Many-shot jailbreaks only work with carefully crafted harmful demonstrations.', 'We find that successful attacks do not require carefully crafted harmful content.')).toBe('contradicts');
    // "always helps" against "hurts in a setting": the counter-example's direction is opposite.
    expect(claimStance('Always training with dropout helps.', 'Dropout hurts small models.')).toBe('contradicts');
    // "never drop" is a negation governing no polarity word (a null claim); a sentence that tokens are dropped is the excluded case.
    expect(claimStance('Mixture-of-experts models never drop tokens.', 'Expert-choice routing drops tokens when an expert is full.')).toBe('contradicts');
  });

  it('a negation after "should" or "must" states a norm, not a null finding', () => {
    // "should not respond" tells what the models ought to do; it is no finding that something has no effect.
    expect(polarity('harmful queries to which the models should not respond').bareNegation).toBe(false);
    expect(polarity('the models did not respond').bareNegation).toBe(true);
    expect(claimStance('Refusal training changes how models respond.', 'A dataset of queries to which models should not respond.')).toBe('supports');
    expect(claimStance('Refusal training changes how models respond.', 'The models did not respond differently.')).toBe('contradicts');
  });

  it('a negation does not reach across a contrast or into another clause', () => {
    // "did not increase EF" is one clause; "reduced EED" is another: the reduction stands.
    expect(polarity('MSCs reduced mean EED but did not increase EF').direction).toBe(-1);
    expect(claimStance('MSCs reduce EED.', 'Without a placebo control, MSCs reduced EED.')).toBe('supports');
    // "with and without weight decay" names two conditions: no null finding.
    expect(claimStance('Adding weight decay to Muon tightens the bounds.', 'We give proofs for variants of Muon with and without weight decay.')).toBe('supports');
    expect(claimStance('Adding weight decay to Muon tightens the bounds.', 'Muon without weight decay does not converge.')).toBe('contradicts');
  });

  it('reads the sign of an association', () => {
    // "negatively associated" is less; "positively associated" is more.
    expect(claimStance('Birth weight is negatively associated with breast cancer.', 'Birth weight was positively associated with breast cancer risk.')).toBe('contradicts');
    expect(claimStance('Autophagy deficiency increases insulin resistance.', 'These mice were protected from insulin resistance.')).toBe('contradicts');
  });

  it('a sentence that states no finding bears on no claim', () => {
    const claim = 'Reasoning models are better calibrated than instruction-tuned models.';
    expect(claimStance(claim, 'It remains an open question whether LRMs are better calibrated compared to instruction-tuned counterparts.')).toBeUndefined();
    expect(claimStance(claim, 'In this paper, we investigate the calibration properties of reasoning models.')).toBeUndefined();
    // An adjective between "this" and "study" does not make an aim a finding.
    expect(claimStance('Random pruning beats sophisticated pruning methods.', 'This empirical study investigates methods to reduce patch embeddings at minimum performance degradation.')).toBeUndefined();
    // An aim that also reports its finding does bear.
    expect(claimStance(claim, 'We investigate calibration and find that reasoning models are worse calibrated.')).toBe('contradicts');
  });

  it('a quantity word in another sense does not bear on the claim ("drop tokens" vs "a 1% drop")', () => {
    const claim = 'Mixture-of-experts models never drop tokens.';
    const emo = 'Crucially, it enables selective expert use: retaining only 25% (12.5%) of experts incurs just a 1% (3%) absolute drop, whereas standard MoEs break under the same setting.';
    // "drop" after "1% (3%) absolute" is measured; "drop tokens" is not: another sense.
    expect(senseDiffers(claim, emo)).toBe(true);
    expect(claimStance(claim, emo)).toBeUndefined();
    // Both in the measured sense: the same word, the same sense.
    expect(senseDiffers('Quantization causes an accuracy drop.', 'We observe a 3% drop in accuracy.')).toBe(false);
    expect(claimStance('Quantization causes an accuracy drop.', 'We observe a 3% drop in accuracy.')).toBe('supports');
  });
});

describe('addAxisNeighbours / axisTerms', () => {
  const lexicon = { idf: () => 2, docFrequency: () => 10 };
  it('lets a sentence holding the antonym of a claim\'s polarity word address its focus', () => {
    const claim = 'Sink positions stay fixed during generation.';
    const sentence = textWords('The sink positions tend to shift throughout generation.');
    // The pool holds "sink", "positions" and "generation" everywhere: topic; "stay" and "fixed" are the focus.
    const pool = [0, 1].map(() => ({ terms: new Set(['sink', 'posit', 'gener']), texts: [] }));
    const plain = questionFocus(claim, pool, lexicon);
    const before = focusScore(plain, sentence);
    const withAxes = questionFocus(claim, pool, lexicon);
    addAxisNeighbours(withAxes);
    // "shift" is on the change axis with "fixed" and "stay": half credit each, as a term neighbour gets.
    expect(focusScore(withAxes, sentence)).toBeGreaterThan(before);
    expect(focusScore(withAxes, sentence)).toBeGreaterThanOrEqual(0.25);
    expect(axisTerms(claim, 'The sink positions tend to shift.').sort()).toEqual(['fix', 'stai'].sort());
    expect(axisTerms(claim, 'The sink positions were measured.')).toEqual([]);
  });
});

/**
 * Papers to grow the ask test library (ask-library.ts) into a larger one, for the tests of
 * size-independent abstention: deterministic abstracts over many fields, some about the same
 * topic as the small library's (mixture-of-experts models) without answering its questions, and
 * words that chance can match (continual learning, energy, water, football) in other contexts.
 */
import type { PaperRecord } from '../../core/paper.js';
import { mulberry32 } from '../../core/random.js';

const SUBJECTS = [
  'mixture-of-experts models', 'sparse expert layers', 'graph neural networks', 'diffusion models', 'vision transformers', 'speech recognisers',
  'recommender systems', 'protein language models', 'reinforcement learning agents', 'federated learning systems', 'retrieval-augmented generators',
  'weather forecasting networks', 'robot controllers', 'code language models', 'tabular classifiers', 'time series forecasters',
];
const ACTIONS = [
  'scale to billions of parameters', 'learn from few labelled examples', 'transfer across domains', 'run on edge devices', 'resist adversarial attacks',
  'forget earlier tasks during continual learning', 'consume less energy in training', 'generalise to longer inputs', 'explain their predictions',
  'route inputs to specialised modules', 'compress into smaller students', 'handle noisy labels', 'predict water quality in rivers',
  'rank football players from match data', 'estimate uncertainty', 'train faster with mixed precision',
];
const FINDINGS = [
  'Accuracy improves on {n} benchmarks.', 'Latency drops by {n} percent.', 'We release code and data.', 'The method needs {n} times less compute.',
  'Ablations show each component matters.', 'Results hold across {n} datasets.', 'A user study with {n} participants confirms the gains.',
];

/** `n` papers (ids 2302.NNNNN), the same for the same `n`. */
export function backgroundPapers(n: number): PaperRecord[] {
  const random = mulberry32(2302);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const subject = pick(SUBJECTS);
    const action = pick(ACTIONS);
    const other = pick(ACTIONS);
    const finding = pick(FINDINGS).replace('{n}', String(2 + Math.floor(random() * 20)));
    return {
      arxivId: `2302.${String(100 + i).padStart(5, '0')}`,
      title: `How ${subject} ${action}`,
      abstract: `We study how ${subject} ${action}. Our approach also lets them ${other}. ${finding}`,
      date: '2023-02-15',
      authors: ['Some Author'],
    };
  });
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STOPWORDS } from './analyze.js';
import { deriveTitle } from './derive-title.js';
import { toPlainText } from './normalise.js';

/** The checks every derived title must pass. */
function expectWellFormed(title: string): void {
  expect(title.length).toBeGreaterThan(0);
  expect(title.length).toBeLessThanOrEqual(100);
  expect(title).toBe(title.trim());
  expect(title).not.toMatch(/^untitled/i);
  expect(title).not.toMatch(/[,;:.]$/);
  const first = title.split(/\s/)[0]!;
  expect(STOPWORDS.has(first) && first === first.toLowerCase()).toBe(false);
}

describe('deriveTitle on adversarial text', () => {
  // Trailing-punctuation regexes and the look-ahead from every "we propose" were quadratic:
  // these took minutes. The timeout is a hundred times what they take now, not a speed target.
  it('reads only the start of a long abstract', { timeout: 20_000 }, () => {
    expect(deriveTitle(`${'. '.repeat(200_000)}x`).length).toBeLessThanOrEqual(100);
    expect(deriveTitle('We propose a Name for Things we propose '.repeat(20_000)).length).toBeLessThanOrEqual(100);
    expect(deriveTitle(`In this paper ${'we propose '.repeat(450)}`).length).toBeLessThanOrEqual(100);
  });
});

describe('deriveTitle: the name an abstract introduces', () => {
  it.each([
    {
      abstract:
        'Mixture-of-Experts (MoE) models address that by allowing the model size to grow. To tackle that, previous works introduced shared experts. In this paper, inspired by collective matrix factorization, we propose CartesianMoE, which implements more effective knowledge sharing among experts in more like a "multiplication" manner. Extensive experimental results indicate that CartesianMoE outperforms previous MoE models.',
      title: 'CartesianMoE: Implementing more effective knowledge sharing among experts…',
    },
    {
      abstract:
        'Reward models (RM) need preference data. To alleviate this issue, we introduce CodePMP, a scalable preference model pretraining (PMP) pipeline that utilizes a large corpus of synthesized code-preference pairs. CodePMP improves RM finetuning efficiency.',
      title: 'CodePMP: A scalable preference model pretraining pipeline',
    },
    {
      abstract:
        'Previous studies rely on empirically assigned dataset choices. In this paper, we propose a new task-level Distributionally Robust Optimization (tDRO) algorithm for LLM-DR fine-tuning, targeted at improving the universal domain generalization ability.',
      title: 'tDRO: Task-level Distributionally Robust Optimization',
    },
    {
      abstract:
        'Language models struggle with catastrophic forgetting in continual learning (CL). To address this limitation, we introduce MIGU (MagnItude-based Gradient Updating for continual learning), a rehearsal-free and task-label-free method that only updates the model parameters with large magnitudes of output.',
      title: 'MIGU: MagnItude-based Gradient Updating for continual learning',
    },
    {
      abstract:
        'The widely used retrievers become the bottleneck of the entire pipeline. To address these limitations, we propose LLatrieval (Large Language Model Verified Retrieval),where the LLM updates the retrieval result until it verifies that the retrieved documents can sufficiently support answering the question.',
      title: 'LLatrieval: Large Language Model Verified Retrieval',
    },
    {
      abstract:
        'Some experts are overflow, where the exceeding tokens are dropped. To address the dropped tokens and padding, we propose the Rectify-Router, comprising the Intra-GPU Rectification and the Fill-in Rectification. The Intra-GPU Rectification handles dropped tokens.',
      title: 'Rectify-Router',
    },
    {
      abstract:
        'However, the decoding hyperparameters may not always be optimal for each sample. To address the aforementioned challenges, we propose a novel text generation paradigm termed Hyperparameter Aware Generation (HAG). By leveraging hyperparameter-aware instruction tuning, the LLM autonomously determines the optimal decoding strategy.',
      title: 'HAG: Hyperparameter Aware Generation',
    },
    {
      abstract:
        'Therefore, determining whether to retrieve is crucial for RAG, which is usually referred to as Active Retrieval. However, existing active retrieval methods face two challenges. To address these challenges, we propose Unified Active Retrieval (UAR). UAR contains four orthogonal criteria.',
      title: 'UAR: Unified Active Retrieval',
    },
    {
      abstract:
        'Current benchmarks fall short of uncovering safety vulnerabilities in LLMs. To this end, this paper proposes a value alignment benchmark named Flames, which encompasses both common harmlessness principles and a unique morality dimension.',
      title: 'Flames: A value alignment benchmark',
    },
    {
      abstract:
        'We introduce AnyGPT, an any-to-any multimodal language model that utilizes discrete representations for the unified processing of various modalities. AnyGPT can be trained stably.',
      title: 'AnyGPT: An any-to-any multimodal language model',
    },
    {
      abstract:
        'Current research enhances reasoning by sampling multiple chains. To address this shortcoming, we introduce a hierarchical reasoning aggregation framework AoR (Aggregation of Reasoning), which selects answers based on the evaluation of reasoning chains.',
      title: 'AoR: Aggregation of Reasoning',
    },
    {
      abstract:
        'Prompt tuning struggles in few-shot settings. In this paper, we present Multi-task Pre-trained Modular Prompt (MP2) to boost prompt tuning for few-shot learning. MP2 is a set of combinable prompts.',
      title: 'MP2: Multi-task Pre-trained Modular Prompt',
    },
    {
      abstract:
        'Supervised contrastive learning lacks fine-grained training signals. In this paper, we propose to improve Contrastive Learning of sentence embeddings from AI Feedback (CLAIF).Our method utilizes AI feedback.',
      title: 'CLAIF: Contrastive Learning of sentence embeddings from AI Feedback',
    },
    {
      abstract:
        'Current routers assign tokens independently. To alleviate this issue, we introduce the Layerwise Recurrent Router for Mixture-of-Experts (RMoE). RMoE leverages a Gated Recurrent Unit (GRU).',
      title: 'RMoE: Layerwise Recurrent Router for Mixture-of-Experts',
    },
    {
      abstract:
        'Many tokens have uncertain routing results. Inspired by the Global Workspace Theory (GWT), we propose a new fine-tuning method, GW-MoE, to address this issue. GW-MoE does not introduce additional inference overhead.',
      title: 'GW-MoE: A new fine-tuning method',
    },
    {
      abstract:
        'Obtaining effective long-context data is challenging. To address this issue, we propose a Query-centric data synthesis method, abbreviated as Quest. Quest is an interpretable method.',
      title: 'Quest: A Query-centric data synthesis method',
    },
    {
      abstract:
        'Model growth emerges as a promising approach. Our findings reveal that a depthwise stacking operator, called G_stack, exhibits remarkable acceleration in training. We conduct extensive experiments to delve deeper into G_stack.',
      title: 'G_stack: A depthwise stacking operator',
    },
    {
      abstract:
        'Reward models can develop biases. This paper addresses the challenge of correcting such biases without additional data and training, introducing the concept of Post-hoc Reward Calibration. We first propose an intuitive approach to estimate the bias term.',
      title: 'Post-hoc Reward Calibration',
    },
    {
      abstract:
        'Previous works adopt heuristic metrics. Based on this observation, we propose a simple-yet-effective Hash-based Early Exiting approach HashEE) that replaces the learn-to-exit modules with hash functions.',
      title: 'HashEE: A simple-yet-effective Hash-based Early Exiting approach',
    },
    {
      abstract:
        'This paper introduces a novel measurement, referred to as spatial-temporal joint density (STJD), to quantify such interaction.',
      title: 'STJD: Spatial-temporal joint density',
    },
    {
      abstract:
        'Semantic knowledge helps super-resolution. We propose a Semantic-Guided Super-Resolution framework, SeG-SR, which leverages Vision-Language Models (VLMs) to extract semantic knowledge.',
      title: 'SeG-SR: A Semantic-Guided Super-Resolution framework',
    },
    {
      abstract:
        'Attention weights are normalised. We propose Affine-Scaled Attention, a simple extension to standard attention that introduces input-dependent scaling.',
      title: 'Affine-Scaled Attention: A simple extension to standard attention',
    },
  ])('$title', ({ abstract, title }) => {
    expect(deriveTitle(abstract)).toBe(title);
  });

  it('does not take a capitalised modifier for the name', () => {
    const title = deriveTitle(
      'Data are scarce. We designed a hybrid deep-learning framework comprising a novel adaptive DCT preprocessing module and two backbones.',
    );
    expect(title).toBe('A hybrid deep-learning framework');
  });

  it('ignores acronyms the abstract already used and those after a preposition', () => {
    const title = deriveTitle(
      'Large language models (LLMs) are widely used. We propose a lightweight caching scheme for LLMs and for Retrieval-Augmented Generation (RAG) pipelines.',
    );
    expect(title).toBe('A lightweight caching scheme for LLMs and for Retrieval-Augmented Generation pipelines');
  });

  it('ignores names in sentences about other work', () => {
    const title = deriveTitle(
      'Prior work introduced FooNet for this task. Which is usually referred to as Active Retrieval. We study the robustness of retrieval models under distribution shift.',
    );
    expect(title).toBe('The robustness of retrieval models under distribution shift');
  });

  it('picks the first system when several are introduced', () => {
    const title = deriveTitle(
      'We introduce AlphaNet, a sparse retrieval model. We further introduce BetaBench, a benchmark for sparse retrieval.',
    );
    expect(title).toMatch(/^AlphaNet/);
  });
});

describe('deriveTitle: abstracts that name nothing', () => {
  it('uses what the paper says it does', () => {
    expect(
      deriveTitle(
        'Multilingual models face many challenges. In this paper, we aim to provide a comprehensive analysis of MLLMs, delving deeply into discussions surrounding these critical issues.',
      ),
    ).toBe('A comprehensive analysis of MLLMs');
    expect(
      deriveTitle(
        'Mixture-of-experts is gaining attention. In this paper, we make an initial attempt to understand the inner workings of MoE-based large language models.',
      ),
    ).toBe('Understanding the inner workings of MoE-based large language models');
    expect(
      deriveTitle(
        'FFNs are key-value memories. In this work, we conduct an empirical ablation study on updating keys (the 1st layer in the FFNs layer) or values (the 2nd layer in the FFNs layer).',
      ),
    ).toBe('An empirical ablation study on updating keys or values');
    expect(
      deriveTitle(
        'Masked auto-encoders help retrieval. In this study, we aim to shed light on this issue by revealing that decoding matters. Building upon this observation, we propose a modification to the traditional MAE by replacing the decoder.',
      ),
    ).toBe('A modification to the traditional MAE');
  });

  it('falls back to the first sentence, shortened at a clause with an ellipsis', () => {
    const title = deriveTitle(
      'High temporal resolution CO2 emission data are crucial for understanding the drivers of emission changes, however, current emission dataset is only available on a yearly basis. Here, we extended a global daily CO2 emissions dataset backwards in time.',
    );
    expect(title).toBe('High temporal resolution CO2 emission data are crucial for understanding the drivers…');
    expectWellFormed(title);
  });

  it('keeps a short first sentence whole, without its full stop', () => {
    expect(deriveTitle('Ranking words is an important way to summarize a text. It is old.')).toBe(
      'Ranking words is an important way to summarize a text',
    );
  });

  it('drops leading boilerplate', () => {
    expect(deriveTitle('In this paper, we show that sparse attention suffices for long inputs.')).toBe(
      'We show that sparse attention suffices for long inputs',
    );
    expect(deriveTitle('Abstract: Sparse attention suffices.')).toBe('Sparse attention suffices');
  });

  it('does not split sentences at abbreviations', () => {
    expect(deriveTitle('Models such as BERT, e.g. RoBERTa, are strong. More text follows here.')).toBe(
      'Models such as BERT, e.g. RoBERTa, are strong',
    );
  });
});

describe('deriveTitle: odd input', () => {
  it.each([
    'a',
    '...',
    'Abstract:',
    '🚀 rockets',
    'x'.repeat(10_000),
    'word '.repeat(2_000),
    'We propose ' + 'VeryLongName'.repeat(20) + ', a thing.',
    'we propose (((((( ))))) named named called',
    'We introduce X (' + 'A '.repeat(500) + ').',
    '<script>alert(1)</script>',
  ])('%#: non-empty, at most 100 chars', (abstract) => {
    const title = deriveTitle(toPlainText(abstract));
    expect(title.length).toBeGreaterThan(0);
    expect(title.length).toBeLessThanOrEqual(100);
  });

  it('returns the text itself when there is nothing else', () => {
    expect(deriveTitle('Abstract:')).toBe('Abstract:');
    expect(deriveTitle('')).toBe('');
  });
});

const SEEDS = '/work/shared/seeds';

describe.skipIf(!existsSync(SEEDS))('deriveTitle on the seed abstracts', () => {
  // 000 and 003 hold "Abstract:"-prefixed lines, 002 plain ones.
  const abstracts = readdirSync(SEEDS)
    .filter((f) => /^00[023]_/.test(f))
    .sort()
    .flatMap((f) => readFileSync(join(SEEDS, f), 'utf8').split('\n'))
    .map((line) => line.replace(/^Abstract:/, '').trim())
    .filter((line) => line.length > 0)
    .map(toPlainText);

  it('finds the abstracts', () => {
    expect(abstracts.length).toBeGreaterThanOrEqual(30);
  });

  it('derives a well-formed title for every abstract', () => {
    for (const abstract of abstracts) expectWellFormed(deriveTitle(abstract));
  });

  it.each([
    ['we propose CartesianMoE', 'CartesianMoE'],
    ['we introduce MIGU', 'MIGU'],
    ['we propose LLatrieval', 'LLatrieval'],
    ['we propose the Rectify-Router', 'Rectify-Router'],
    ['called G_stack', 'G_stack'],
    ['the concept of Post-hoc Reward Calibration', 'Post-hoc Reward Calibration'],
    ['we propose HyperMoE', 'HyperMoE'],
    ['We introduce AnyGPT', 'AnyGPT'],
  ])('the abstract with "%s" gets a title starting with %s', (marker, name) => {
    const abstract = abstracts.find((a) => a.includes(marker));
    expect(abstract).toBeDefined();
    expect(deriveTitle(abstract!).startsWith(name)).toBe(true);
  });
});

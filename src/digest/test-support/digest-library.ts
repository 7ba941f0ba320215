/** A temporary library with a few papers and users, for the digest tests. */
import type { PaperRecord } from '../../core/paper.js';
import { refreshLexicalIndex } from '../../search/lexical-cache.js';
import type { Store } from '../../store/store.js';
import { ingestRecords } from '../../store/test-support/temp-store.js';
import type { MatchSources } from '../match-subscription.js';

const body = (topic: string) =>
  `We present a study of ${topic}. Our experiments on standard benchmarks show consistent gains over strong baselines, ` +
  `and an analysis explains when and why the approach helps.`;

export const PAPERS: Record<string, PaperRecord> = {
  moeRouting: {
    arxivId: '2501.00001',
    title: 'Mixture of Experts Routing with Balanced Expert Load',
    abstract: body('mixture of experts routing: how tokens are routed to experts and how expert load is balanced'),
    authors: ['Jane Doe', 'Ravi Kumar'],
    date: '2025-01-02',
  },
  moeMention: {
    arxivId: '2501.00002',
    title: 'Efficient Inference for Large Language Models',
    abstract: body('efficient inference for sparse mixture of experts language models with fixed routing on a single accelerator'),
    authors: ['Li Wei'],
    date: '2025-01-02',
  },
  segmentation: {
    arxivId: '2501.00003',
    title: 'Panoptic Segmentation of Street Scenes',
    abstract: body('panoptic segmentation of street scenes from dashboard cameras, for vehicle routing'),
    authors: ['Ana Müller'],
    date: '2025-01-03',
  },
};

export async function addPapers(store: Store, records: PaperRecord[], file: string): Promise<number[]> {
  const { docIds } = await ingestRecords(store, records, file);
  return records.map((r) => docIds.get(r.arxivId!)!).filter((d) => d !== undefined);
}

export async function sources(store: Store, topics?: MatchSources['topics']): Promise<MatchSources> {
  return { store, lexical: await refreshLexicalIndex(store), ...(topics ? { topics } : {}) };
}

export const tick = () => new Promise((r) => setTimeout(r, 5));

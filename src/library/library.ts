/**
 * A Library: the store plus its search indexes, kept current for a long-running process (the
 * HTTP server). The lexical index and the topic model are caught up from the papers changed
 * since they were loaded; the semantic side is reopened when the library is embedded again.
 */
import { ask } from '../ask/ask.js';
import type { Answer, AnswerEngine, AskOptions } from '../ask/ask-types.js';
import type { Config } from '../core/config.js';
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { LEXICAL_INDEX } from '../search/lexical-cache.js';
import { openSemantic } from '../search/open-semantic.js';
import type { Semantic } from '../search/search.js';
import { catchUp, loadDerived, saveDerived, type Derived } from '../store/derived-cache.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { TOPIC_MODEL, catchUpTopics } from '../topics/topic-cache.js';
import type { TopicModel } from '../topics/topic-model.js';

export class Library {
  private lexicalIndex: Derived<Bm25Index> | undefined;
  private semanticSide: { generation: number; value: Semantic | undefined } | undefined;
  /** One catch-up at a time: concurrent requests wait for the same one. */
  private pending: Promise<Bm25Index> | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private topicModel: Derived<TopicModel | undefined> | undefined;
  private pendingTopics: Promise<TopicModel | undefined> | undefined;
  /**
   * Makes what writes each answer for `ask` (the HTTP API, the web pages): one engine per
   * question, since an LLM engine carries that question's token budget. Undefined for the
   * pipeline's default, the extractive engine; `serve` sets it when an LLM is configured.
   */
  answerEngine: (() => AnswerEngine) | undefined;

  private constructor(
    readonly store: Store,
    readonly config: Config,
  ) {}

  static open(config: Config): Library {
    return new Library(openStore(config), config);
  }

  /** The lexical index, current with the store. */
  async lexical(): Promise<Bm25Index> {
    this.pending ??= (async () => {
      try {
        this.lexicalIndex ??= await loadDerived(this.store, LEXICAL_INDEX);
        if (await catchUp(this.store, LEXICAL_INDEX, this.lexicalIndex)) await saveDerived(this.store, LEXICAL_INDEX, this.lexicalIndex);
        return this.lexicalIndex.value;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /**
   * The topic model, current with the store: new papers are assigned to topics as they arrive
   * (topics/topic-cache.ts); undefined for an empty library. The first call on a library without
   * a model builds one (`paperboy topics` builds it ahead).
   */
  async topics(): Promise<TopicModel | undefined> {
    this.pendingTopics ??= (async () => {
      try {
        this.topicModel ??= await loadDerived(this.store, TOPIC_MODEL);
        if (await catchUpTopics(this.store, this.topicModel)) await saveDerived(this.store, TOPIC_MODEL, this.topicModel);
        return this.topicModel.value;
      } finally {
        this.pendingTopics = undefined;
      }
    })();
    return this.pendingTopics;
  }

  /** The semantic side, or undefined when the library has not been embedded. */
  async semantic(): Promise<Semantic | undefined> {
    const generation = (await getEmbeddingSetting(this.store))?.generation ?? -1;
    if (this.semanticSide?.generation !== generation) {
      this.semanticSide = { generation, value: generation < 0 ? undefined : await openSemantic(this.store, this.config.embeddingApiKey) };
    }
    return this.semanticSide.value;
  }

  /** `paperboy ask` over this library: its current indexes, its today, its answer engine. */
  async ask(question: string, options: Pick<AskOptions, 'paperId' | 'onEvent' | 'signal'> = {}): Promise<Answer> {
    const [lexical, semantic] = await Promise.all([this.lexical(), this.semantic()]);
    return ask({ store: this.store, lexical, semantic }, question, {
      today: this.config.today,
      ...(this.answerEngine ? { engine: this.answerEngine() } : {}),
      ...options,
    });
  }

  /**
   * Runs ingests (uploads, scheduled syncs) one at a time: two ingest sessions at once could miss
   * each other's near-duplicates.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task, task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/**
 * A Library: the store plus its search indexes, kept current for a long-running process (the
 * HTTP server). The lexical index and the topic model are caught up from the papers changed
 * since they were loaded (the topic model is built in a worker thread); the semantic side is
 * reopened when the library is embedded again.
 */
import { ask } from '../ask/ask.js';
import type { Answer, AnswerEngine, AskOptions } from '../ask/ask-types.js';
import type { Config } from '../core/config.js';
import { PaperboyError, isPaperboyError } from '../core/errors.js';
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { LEXICAL_INDEX } from '../search/lexical-cache.js';
import { openSemantic } from '../search/open-semantic.js';
import type { Semantic } from '../search/search.js';
import { catchUp, loadDerived, saveDerived, type Derived } from '../store/derived-cache.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildTopicsInThread, type TopicBuild } from '../topics/topic-build-thread.js';
import { TOPIC_MODEL, placeNewPapers } from '../topics/topic-cache.js';
import type { TopicModel } from '../topics/topic-model.js';

/** Seconds a client is asked to wait (Retry-After) while the first topic model is built. */
export const TOPICS_RETRY_AFTER = 15;
/** Whether `err` says the first topic model is still being built. */
export const isTopicsBuilding = (err: unknown): err is PaperboyError => isPaperboyError(err) && err.code === 'TOPICS_BUILDING';
/** After a failed topic build, no new one before this (ms): a build that always fails must not keep a core busy. */
export const TOPICS_REBUILD_PAUSE_MS = 60_000;

export class Library {
  private lexicalIndex: Derived<Bm25Index> | undefined;
  private semanticSide: { generation: number; value: Semantic | undefined } | undefined;
  /** One catch-up at a time: concurrent requests wait for the same one. */
  private pending: Promise<Bm25Index> | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private topicModel: Derived<TopicModel | undefined> | undefined;
  private pendingTopics: Promise<TopicModel | undefined> | undefined;
  /** The topic model being built in a worker thread, until its result is taken. */
  private topicBuild: TopicBuild | undefined;
  private topicBuildFailure: { error: unknown; at: number } | undefined;
  private closed = false;
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
   * (topics/topic-cache.ts); undefined for an empty library. Building a model takes minutes on a
   * large library, so the first call that needs one (or a rebuild) starts it in a worker thread
   * and this thread keeps answering: until the first model is ready this throws TOPICS_BUILDING
   * (503 with Retry-After), unless `wait`; during a rebuild the model in use keeps answering.
   * `paperboy topics` builds the model ahead.
   */
  async topics(options: { wait?: boolean } = {}): Promise<TopicModel | undefined> {
    for (;;) {
      try {
        return await this.currentTopics();
      } catch (err) {
        if (!options.wait || !isTopicsBuilding(err)) throw err;
        await this.topicBuild?.done.catch(() => undefined);
      }
    }
  }

  /** The topic model only when one of `subs` is a topic subscription: the others need not wait for a build. */
  topicsFor(subs: readonly { kind: string }[]): Promise<TopicModel | undefined> {
    return subs.some((s) => s.kind === 'topic') ? this.topics() : Promise.resolve(undefined);
  }

  /**
   * The topic model, or `building` while the first one is built instead of TOPICS_BUILDING: for
   * pages that show topics beside papers (trending), whose papers need no model.
   */
  async topicsUnlessBuilding(): Promise<{ model: TopicModel | undefined; building: boolean }> {
    try {
      return { model: await this.topics(), building: false };
    } catch (err) {
      if (isTopicsBuilding(err)) return { model: undefined, building: true };
      throw err;
    }
  }

  private currentTopics(): Promise<TopicModel | undefined> {
    this.pendingTopics ??= (async () => {
      try {
        const built = this.topicBuild?.settled ? this.topicBuild : undefined;
        if (built) {
          this.topicBuild = undefined;
          try {
            await built.done;
            this.topicModel = undefined; // load what the worker saved (and place what arrived since)
            this.topicBuildFailure = undefined;
          } catch (err) {
            this.topicBuildFailure = { error: err, at: Date.now() };
            // A failed rebuild leaves the model in use answering; with none, the failure is the answer.
            if (!this.topicModel?.value) throw err;
            console.error('paperboy: rebuilding the topics failed; the model in use keeps answering:', err);
          }
        }
        const d = (this.topicModel ??= await loadDerived(this.store, TOPIC_MODEL));
        const placed = await placeNewPapers(this.store, d);
        if (placed === 'rebuild' && !this.topicBuild && !this.closed) {
          const failure = this.topicBuildFailure;
          if (!failure || Date.now() - failure.at >= TOPICS_REBUILD_PAUSE_MS) this.topicBuild = buildTopicsInThread(this.config);
          else if (!d.value) throw failure.error;
        }
        // While a build runs, the store's artifact is the worker's to write.
        else if (placed === 'placed' && !this.topicBuild) await saveDerived(this.store, TOPIC_MODEL, d);
        if (!d.value && this.topicBuild) {
          throw new PaperboyError('TOPICS_BUILDING', 'the topics are being built (a few minutes for a large library): try again shortly', { retryAfter: TOPICS_RETRY_AFTER });
        }
        return d.value;
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
    // No build may start after this (a request midway through currentTopics could start one).
    this.closed = true;
    await this.pendingTopics?.catch(() => undefined);
    await this.topicBuild?.stop();
    await this.store.close();
  }
}

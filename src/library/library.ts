/**
 * A Library: the store plus its search indexes, kept current for a long-running process (the
 * HTTP server). The lexical index and the topic model are caught up from the papers changed
 * since they were loaded (the topic model is built in a worker thread); the semantic side is
 * reopened when the library is embedded again. A request only reads: what it caught up is saved
 * by `persist` (after an upload or a sync, and at close), never while it waits.
 *
 * A one-shot library (`oneShot`: a CLI command that answers once and exits) reads its saved
 * indexes in place, only the parts it needs (the postings of a query's words, the vectors of its
 * terms), and brings a stale one up to date and saves it at once, when nobody else is writing.
 */
import type { Answer, AnswerEngine, AskOptions } from '../ask/ask-types.js';
import type { Config } from '../core/config.js';
import { PaperboyError, isPaperboyError } from '../core/errors.js';
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { LEXICAL_INDEX, openLexicalIndex } from '../search/lexical-cache.js';
import { openSemantic } from '../search/open-semantic.js';
import type { Semantic } from '../search/search.js';
import { catchUp, loadDerived, saveDerived, type Derived } from '../store/derived-cache.js';
import type { Store } from '../store/store.js';
import { openLibraryStore, type StoreOptions } from './open-library-store.js';
import type { TopicBuild } from '../topics/topic-build-thread.js';
import type { TopicModel } from '../topics/topic-model.js';

/** Seconds a client is asked to wait (Retry-After) while the first topic model is built. */
export const TOPICS_RETRY_AFTER = 15;
/** Whether `err` says the first topic model is still being built. */
export const isTopicsBuilding = (err: unknown): err is PaperboyError => isPaperboyError(err) && err.code === 'TOPICS_BUILDING';
/** After a failed topic build, no new one before this (ms): a build that always fails must not keep a core busy. */
export const TOPICS_REBUILD_PAUSE_MS = 60_000;
/**
 * Papers a request brings the lexical index up to date with itself. A larger gap (another
 * process's bulk ingest) is closed in the background, a slice at a time, while requests are
 * answered from the index as it stands: a search waits for its own work, not for indexing
 * everyone's papers.
 */
const INLINE_CATCH_UP = 500;
/** Papers indexed per slice of a catch-up; requests are answered between slices. */
const CATCH_UP_SLICE = 250;

export interface LibraryOptions {
  /**
   * A command that answers once and exits: indexes are read in place, a stale one is caught up
   * and saved at once; `warn` is told why a save failed (a full disk).
   */
  oneShot?: { warn?: (message: string) => void };
}

export class Library {
  /** The seq of the lexical index as last saved (or loaded). */
  private lexicalSavedSeq = 0;
  /** New papers were placed in the topic model since it was saved (or loaded). */
  private topicsPlaced = false;
  /** Save failures already told to the log, so each is told once. */
  private readonly warned = new Set<string>();
  private semanticSide: { generation: number; value: Semantic | undefined } | undefined;
  private loadingLexical: Promise<Derived<Bm25Index>> | undefined;
  /** One catch-up at a time: concurrent requests share it. */
  private lexicalCatchUp: Promise<void> | undefined;
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

  private oneShotLexical: Promise<Bm25Index> | undefined;
  private oneShotTopics: Promise<TopicModel | undefined> | undefined;

  private constructor(
    readonly store: Store,
    readonly config: Config,
    private readonly oneShot: LibraryOptions['oneShot'],
  ) {}

  static open(config: Config, storeOptions?: StoreOptions, options: LibraryOptions = {}): Library {
    return new Library(openLibraryStore(config, storeOptions), config, options.oneShot);
  }

  /**
   * The lexical index, current with the store as of the call; or, for a request (`complete`
   * unset) while another process ingests in bulk, behind by what is being caught up in the
   * background.
   */
  async lexical(options: { complete?: boolean } = {}): Promise<Bm25Index> {
    if (this.oneShot) return (this.oneShotLexical ??= openLexicalIndex(this.store, this.oneShot));
    this.loadingLexical ??= loadDerived(this.store, LEXICAL_INDEX).then(
      (d) => {
        this.lexicalSavedSeq = d.seq;
        return d;
      },
      (err: unknown) => {
        this.loadingLexical = undefined;
        throw err;
      },
    );
    const d = await this.loadingLexical;
    // Complete up to now, not chasing a writer that goes on.
    const target = await this.store.currentSeq();
    if (!options.complete && target - d.seq > INLINE_CATCH_UP) {
      this.catchUpLexical(d).catch((err: unknown) => console.error('paperboy: indexing new papers failed:', err));
    } else {
      while (d.seq < target) await this.catchUpLexical(d);
    }
    return d.value;
  }

  /**
   * Indexes the papers changed since `d.seq` up to the store's seq now, a slice at a time,
   * letting requests in between.
   */
  private catchUpLexical(d: Derived<Bm25Index>): Promise<void> {
    this.lexicalCatchUp ??= catchUp(this.store, LEXICAL_INDEX, d, {
      batchSize: CATCH_UP_SLICE,
      between: () => new Promise((resolve) => setImmediate(resolve)),
    })
      .then(() => undefined)
      .finally(() => {
        this.lexicalCatchUp = undefined;
      });
    return this.lexicalCatchUp;
  }

  /**
   * The topic model, current with the store: new papers are assigned to topics as they arrive
   * (topics/topic-cache.ts); undefined for an empty library. Building a model takes minutes on a
   * large library, so the first call that needs one (or a rebuild) starts it in a worker thread
   * and this thread keeps answering: until the first model is ready this throws TOPICS_BUILDING
   * (503 with Retry-After), unless `wait`; during a rebuild the model in use keeps answering.
   * `paperboy topics` builds the model ahead. A one-shot library builds it in this thread and waits.
   */
  async topics(options: { wait?: boolean } = {}): Promise<TopicModel | undefined> {
    // A one-shot command waits for its model: caught up (or built) here and saved at once.
    if (this.oneShot) return (this.oneShotTopics ??= import('../topics/topic-cache.js').then(({ refreshTopicModel }) => refreshTopicModel(this.store)));
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
        // Imported when first needed: a command that never asks for topics does without them.
        const { TOPIC_MODEL, placeNewPapers } = await import('../topics/topic-cache.js');
        if (!this.topicModel) {
          this.topicModel = await loadDerived(this.store, TOPIC_MODEL);
          this.topicsPlaced = false;
        }
        const d = this.topicModel;
        const placed = await placeNewPapers(this.store, d);
        if (placed === 'rebuild' && !this.topicBuild && !this.closed) {
          const failure = this.topicBuildFailure;
          if (!failure || Date.now() - failure.at >= TOPICS_REBUILD_PAUSE_MS) this.topicBuild = (await import('../topics/topic-build-thread.js')).buildTopicsInThread(this.config);
          else if (!d.value) throw failure.error;
        } else if (placed === 'placed') this.topicsPlaced = true;
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
      this.semanticSide = {
        generation,
        value: generation < 0 ? undefined : await openSemantic(this.store, this.config.embeddingApiKey, { inParts: this.oneShot !== undefined }),
      };
    }
    return this.semanticSide.value;
  }

  /** `paperboy ask` over this library: its current indexes, its today, its answer engine. */
  async ask(question: string, options: Pick<AskOptions, 'paperId' | 'onEvent' | 'signal'> = {}): Promise<Answer> {
    const [lexical, semantic, { ask }] = await Promise.all([this.lexical(), this.semantic(), import('../ask/ask.js')]);
    return ask({ store: this.store, lexical, semantic }, question, {
      today: this.config.today,
      ...(this.answerEngine ? { engine: this.answerEngine() } : {}),
      ...options,
    });
  }

  /**
   * Saves what this process caught up (the lexical index, papers placed in the topic model) when
   * no one else is writing: for writers (an upload, a sync) after their writes, and at close. A
   * save skipped or failed (a full disk, told once to the log) leaves the older artifact, which
   * the next process catches up from.
   */
  async persist(): Promise<void> {
    // A one-shot library saved what it caught up when it opened it.
    if (this.oneShot) return;
    await this.lexical({ complete: true });
    const lexical = (await this.loadingLexical)!;
    const warn = (what: string) => (message: string) => {
      if (!this.warned.has(message)) console.error(`paperboy: the ${what} was not saved: ${message}`);
      this.warned.add(message);
    };
    if (lexical.seq > this.lexicalSavedSeq && (await saveDerived(this.store, LEXICAL_INDEX, lexical, { warn: warn('search index') }))) {
      this.lexicalSavedSeq = lexical.seq;
    }
    // While a build runs, the store's topic model is the worker's to write.
    const topics = this.topicModel;
    if (topics && this.topicsPlaced && !this.topicBuild) {
      const { TOPIC_MODEL } = await import('../topics/topic-cache.js');
      if (await saveDerived(this.store, TOPIC_MODEL, topics, { warn: warn('topic model') })) this.topicsPlaced = false;
    }
  }

  /** Runs ingests (uploads, scheduled syncs) one at a time, in the order asked. */
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
    try {
      await this.persist();
    } finally {
      await this.store.close();
    }
  }
}

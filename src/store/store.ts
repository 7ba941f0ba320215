import type { FormatName, Paper } from '../core/paper.js';
import type { BatchLookup, BatchWrites, PreparedRecord } from '../ingest/ingest-types.js';
import type { ArtifactReader } from './artifact-file.js';

/**
 * The Store: the only module that touches SQL or the data directory. SQLite is the embedded
 * default (store/sqlite); other backends implement this same interface.
 *
 * Methods are async so that a networked backend fits; the SQLite backend answers synchronously
 * inside them.
 */
export interface Store {
  readonly kind: string;
  /** Where the library lives (a directory for SQLite), for messages. */
  readonly location: string;

  /** Registers (or finds) an input file; returns its id. */
  beginFile(file: { path: string; format: FormatName; sha256: string }): Promise<number>;
  /** Records how reading a file ended. Skips are replaced per (file, line), so re-ingest is idempotent. */
  finishFile(fileId: number, outcome: { records: number; skipped: SkipNote[] }): Promise<void>;

  /**
   * Runs `fn` as the library's one writer: it holds the write lock, which spans processes (SQLite:
   * `BEGIN IMMEDIATE`; PostgreSQL: `pg_advisory_xact_lock`), in one transaction, committed when
   * `fn` resolves and rolled back when it throws. Through `tx`, `fn` sees everything committed
   * before it, and nobody else writes until it ends. Other writes of this process wait for it;
   * reads never wait for a writer. Inside `fn`, use the store only through `tx`.
   */
  withWriteLock<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T>;

  /** A paper by public id, arXiv id (any version) or DOI. */
  getPaper(idOrAlias: string): Promise<Paper | undefined>;
  /** The internal row id of a paper, by any id `getPaper` takes. */
  docIdOf(idOrAlias: string): Promise<number | undefined>;
  /** Papers by internal row id, in the order asked. Missing ids are left out. */
  getPapersByDocIds(docIds: number[]): Promise<{ docId: number; paper: Paper }[]>;
  /** Title and abstract of papers changed after `sinceSeq` (all when 0), in seq order. */
  iterateTexts(sinceSeq: number, batchSize?: number): AsyncIterable<DocText[]>;
  /** Row ids of papers matching every filter given; undefined when no filter is set. */
  filterDocIds(filters: PaperFilters): Promise<Set<number> | undefined>;
  /** The dates of these papers (from the narrow facets; undated papers left out). */
  datesOf(docIds: number[]): Promise<Map<number, string>>;
  /** The library's change counter: every paper write takes the next value. */
  currentSeq(): Promise<number>;
  stats(): Promise<LibraryStats>;

  /** Stores embedding vectors made by `model`, each stamped with the paper's seq when embedded. */
  putVectors(model: string, rows: { docId: number; seq: number; vector: Float32Array }[]): Promise<void>;
  /** Papers with no vector from `model`, or one older than the paper's last change. */
  textsToEmbed(model: string, limit: number): Promise<DocText[]>;
  /** Vectors from `model` of these papers (missing ones left out). */
  getVectors(model: string, docIds: number[]): Promise<Map<number, Float32Array>>;
  /** Every vector from `model`, in batches. */
  iterateVectors(model: string, batchSize?: number): AsyncIterable<{ docId: number; vector: Float32Array }[]>;
  /** Vectors per model. */
  vectorCounts(): Promise<Record<string, number>>;
  /** Removes every vector not made by `keepModel`. */
  dropVectorsExcept(keepModel: string): Promise<number>;

  /**
   * Papers dated within [from, to] (inclusive ISO dates), for the daily views. `sort` 'upvotes'
   * orders by total upvotes (the source's count plus this library's users'), then newest;
   * 'newest' by date, then upvotes. Paginated by an opaque cursor.
   */
  listByDate(query: DateListQuery): Promise<{ items: ListedPaper[]; nextCursor?: string }>;
  /** Days with papers in [from, to], newest first, with their paper counts. */
  dayCounts(from: string, to: string): Promise<{ date: string; papers: number }[]>;
  /**
   * The papers dated within [from, to] (with one of `categories`, when given, as in listByDate),
   * and how many of them carry each category (lower-cased), most first.
   */
  dateFacets(query: { from: string; to: string; categories?: string[] }): Promise<{ papers: number; categories: { category: string; papers: number }[] }>;
  /** The nearest days before and after `date` that have papers. */
  adjacentDays(date: string): Promise<{ previous?: string; next?: string }>;
  /** Upvotes by this library's users, per paper. */
  userUpvotes(docIds: number[]): Promise<Map<number, number>>;

  /**
   * Upvotes (`up`) or withdraws the upvote of one user on one paper: at most one upvote per user
   * and paper. `changed` is false when it was already so.
   */
  setUpvote(userId: number, docId: number, up: boolean): Promise<{ changed: boolean }>;
  /** Which of these papers the user has upvoted. */
  upvotedBy(userId: number, docIds: number[]): Promise<Set<number>>;
  /**
   * Papers gaining upvotes: those this library's users upvoted at or after `since` (an ISO
   * timestamp), most new upvotes first, with that count.
   */
  upvotesSince(since: string, limit: number): Promise<{ docId: number; upvotes: number }[]>;
  /** A counter every upvote change advances (upvotes do not touch papers, so `currentSeq` misses them). */
  upvoteSeq(): Promise<number>;

  /** Adds a user; a name already taken (names compare case-insensitively) is a CONFLICT error. */
  createUser(user: { name: string; passwordHash: string; admin: boolean }): Promise<UserRecord>;
  userByName(name: string): Promise<UserRecord | undefined>;
  userById(id: number): Promise<UserRecord | undefined>;
  /** Number of users, for messages ("no users yet: paperboy user add"). */
  userCount(): Promise<number>;

  /** Stores a session by the hash of its id (the id itself lives only in the user's cookie). */
  createSession(session: { idHash: string; userId: number; expiresAt: string }): Promise<void>;
  /** The user of an unexpired session (expiry compared with `now`, an ISO timestamp). */
  sessionUser(idHash: string, now: string): Promise<{ user: UserRecord; expiresAt: string } | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions expired at `now`; returns how many. */
  pruneSessions(now: string): Promise<number>;

  /** Stores an API token by its hash (the token is shown to the user once and never stored). */
  createApiToken(token: { tokenHash: string; name: string; userId: number }): Promise<ApiTokenInfo>;
  /**
   * The token and its user, by the token's hash. Records the use at `now` when nothing else is
   * writing: a request never waits for a writer to note a last-used time.
   */
  useApiToken(tokenHash: string, now: string): Promise<{ token: ApiTokenInfo; user: UserRecord } | undefined>;
  listApiTokens(userId: number): Promise<ApiTokenInfo[]>;
  /** Revokes one of the user's tokens; false when the user has no such token. */
  deleteApiToken(userId: number, tokenId: number): Promise<boolean>;

  /** Every user, by id. */
  listUsers(): Promise<UserRecord[]>;
  /** Sets (or, with undefined, clears) the address a user's digests go to. */
  setUserEmail(userId: number, email: string | undefined): Promise<void>;

  /** Adds a subscription; the same (user, kind, value) twice is a CONFLICT error. */
  createSubscription(sub: { userId: number; kind: SubscriptionKind; value: string }): Promise<SubscriptionRecord>;
  subscriptionById(id: number): Promise<SubscriptionRecord | undefined>;
  /** One user's subscriptions (every user's when undefined), by id. */
  listSubscriptions(userId?: number): Promise<SubscriptionRecord[]>;
  /** Removes one subscription; false when there is none with that id. */
  deleteSubscription(id: number): Promise<boolean>;
  /** Removes every subscription of a user; returns how many. */
  deleteUserSubscriptions(userId: number): Promise<number>;

  /** Papers first added to the library at or after `since` (an ISO timestamp), newest first, at most `limit`. */
  papersAddedSince(since: string, limit?: number): Promise<number[]>;
  /** The same papers, each with when it was first added: one read serves every window that starts later. */
  paperAdditionsSince(since: string, limit?: number): Promise<{ docId: number; addedAt: string }[]>;
  /** Which of these papers the user was already sent in a digest. */
  sentPapers(userId: number, docIds: number[]): Promise<Set<number>>;
  /**
   * Records one delivered digest in one transaction: the papers sent (a paper already sent stays
   * as first recorded) and the user's last digest time, `at`.
   */
  recordDigest(userId: number, sent: { docId: number; subscriptionId: number }[], at: string): Promise<void>;
  /** The users whose digests listed papers under this subscription id (the record outlives the subscription). */
  digestRecipientsOfSubscription(subscriptionId: number): Promise<number[]>;

  /** Small settings the library keeps (the embedding provider it was embedded with, say). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /**
   * Derived data (indexes, models) cached by the library, versioned by their owners, read whole
   * and checked. Undefined when there is none, or when it was damaged (it is then removed).
   */
  getArtifact(name: string): Promise<Artifact | undefined>;
  /**
   * An artifact to read in parts (what a one-shot command needs of a large index), every part
   * checked; undefined when there is none or it is not whole. Close it when done.
   */
  openArtifact(name: string): Promise<ArtifactReader | undefined>;
  /**
   * Saves an artifact, atomically (readers see the old one or the new one); `false` when `ifIdle`
   * and another writer holds the lock (nothing waits). A function is called only once the write
   * can go ahead: serialising a large index is then not wasted on a save that is skipped.
   */
  putArtifact(name: string, artifact: ArtifactToSave | (() => ArtifactToSave), options?: { ifIdle?: boolean }): Promise<boolean>;

  close(): Promise<void>;
}

/** What a holder of the write lock may do (see `Store.withWriteLock`). */
export interface WriteTransaction {
  /** The change counter: no one else can move it while the lock is held. */
  currentSeq(): Promise<number>;
  /** As `Store.iterateTexts`, inside the transaction. */
  iterateTexts(sinceSeq: number, batchSize?: number): AsyncIterable<DocText[]>;
  /**
   * Applies one batch: looks up what the batch's records match (by hash and identity key;
   * near-duplicates through `nearby`, which maps LSH bands to doc ids), lets `resolve` (a pure
   * function, see ingest/resolve.ts) decide the writes, and applies them, so a crash leaves either
   * all of the batch or none of it.
   */
  ingestBatch(
    fileId: number,
    batch: PreparedRecord[],
    nearby: (bands: number[]) => Map<number, number[]>,
    resolve: (lookup: BatchLookup) => BatchWrites,
  ): Promise<{ writes: BatchWrites; docIds: Map<string, number> }>;
}

export interface DateListQuery {
  from: string;
  to: string;
  sort: 'upvotes' | 'newest';
  limit: number;
  cursor?: string;
  /** Optional category filter (as in PaperFilters). */
  categories?: string[];
}

export interface ListedPaper {
  docId: number;
  paper: Paper;
  /** The source's upvotes plus this library's users' upvotes. */
  upvotes: number;
}

export interface UserRecord {
  id: number;
  name: string;
  admin: boolean;
  /** `scrypt$N$r$p$salt$hash` (accounts/password.ts). */
  passwordHash: string;
  createdAt: string;
  /** Where digests go; none means no digest email. */
  email?: string;
  /** When the last digest was delivered. */
  lastDigestAt?: string;
}

export type SubscriptionKind = 'search' | 'topic' | 'author' | 'question';

export interface SubscriptionRecord {
  id: number;
  userId: number;
  kind: SubscriptionKind;
  /** The query, topic id, author name or question. */
  value: string;
  createdAt: string;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  userId: number;
  createdAt: string;
  lastUsedAt?: string;
}

export interface DocText {
  docId: number;
  seq: number;
  title: string;
  abstract: string;
}

export interface PaperFilters {
  /** Each entry must match one author of the paper (words of a name, any order, accents folded). */
  authors?: string[];
  /** The paper must carry one of these categories (prefix match on `cs.` style archives). */
  categories?: string[];
  /** Inclusive ISO dates. */
  from?: string;
  to?: string;
  /** The paper must be one of these: paper ids, arXiv ids or DOIs. */
  ids?: string[];
}

export interface SkipNote {
  line: number;
  reason: string;
}

export interface Artifact {
  /** The owner's format version. */
  version: number;
  /** The library seq the artifact reflects. */
  seq: number;
  bytes: Uint8Array;
}

/** An artifact to save; its bytes may be given in parts, written one after another. */
export interface ArtifactToSave extends Omit<Artifact, 'bytes'> {
  bytes: Uint8Array | readonly Uint8Array[];
}

export type { ArtifactReader } from './artifact-file.js';

export interface LibraryStats {
  papers: number;
  /** Records stored (each listing of a paper by a source). */
  records: number;
  /** Records that joined a paper already in the library. */
  mergedDuplicates: number;
  /** Merged records by how they were matched. */
  mergesByReason: Record<string, number>;
  /** Merges that joined two different arXiv ids into one paper: each listed. */
  crossIdMerges: { paperId: string; otherArxivId: string; reason: string; similarity?: number }[];
  skipped: number;
  /** Every skipped record of the latest read of each file: where and why. */
  skippedRecords: { file: string; line: number; reason: string }[];
  files: { path: string; format: string; records: number; skipped: number; lastIngestedAt: string }[];
  titlesDerived: number;
  lastIngestedAt?: string;
}

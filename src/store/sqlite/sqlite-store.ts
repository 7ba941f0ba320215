import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PaperboyError, isPaperboyError } from '../../core/errors.js';
import { normaliseDoi, parseArxivId } from '../../core/identifiers.js';
import type { FormatName, Paper, SourceRef } from '../../core/paper.js';
import type { BatchLookup, BatchWrites, FieldTrust, PaperState, PreparedRecord } from '../../ingest/ingest-types.js';
import { foldText } from '../../ingest/identity.js';
import type {
  ApiTokenInfo,
  Artifact,
  ArtifactReader,
  ArtifactToSave,
  DateListQuery,
  DocText,
  LibraryStats,
  ListedPaper,
  PaperFilters,
  SkipNote,
  Store,
  SubscriptionKind,
  SubscriptionRecord,
  UserRecord,
  WriteTransaction,
} from '../store.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';
import { ARTIFACTS_DIR, isCorruptArtifact, openArtifactFile, storageFull, writeArtifactFile } from '../artifact-file.js';

export const DATABASE_FILE = 'library.sqlite';

/** How long a writer waits for another connection's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteOpenOptions {
  /**
   * Tests only: the disk has room for just this many more pages (4 KiB) of the library, so a full
   * disk (SQLITE_FULL) happens on demand on a real file (`PRAGMA max_page_count`, per connection).
   */
  roomForPages?: number;
}

const isBusy = (err: unknown) => /^SQLITE_BUSY/.test(String((err as { code?: unknown }).code));

/** What SQLite says about the disk and the lock, as the store's own errors; anything else as it is. */
function storeError(err: unknown): unknown {
  if ((err as { code?: unknown }).code === 'SQLITE_FULL') return storageFull();
  if (isBusy(err)) {
    return new PaperboyError('STORE_FAILURE', `another writer kept the library locked for over ${BUSY_TIMEOUT_MS / 1000} s: try again`);
  }
  return err;
}

interface PaperRow {
  rowid: number;
  id: string;
  title: string;
  title_derived: number;
  abstract: string;
  authors: string;
  author_count: number | null;
  organization: string | null;
  date: string | null;
  categories: string;
  arxiv_id: string | null;
  doi: string | null;
  url: string | null;
  upvotes: number | null;
  comment: string | null;
  venue: string | null;
  trust: string;
}

/** A list as one searchable string: items between bars, so `LIKE '%|x|%'` matches whole items. */
function facet(items: string[]): string {
  return `|${items.map((i) => i.replaceAll('|', ' ')).join('|')}|`;
}

/** `LIKE` pattern text with its wildcards escaped (ESCAPE '\\'). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A float32 vector from a BLOB; copied, since Float32Array needs 4-byte alignment. */
const toFloat32 = (b: Buffer) => new Float32Array(new Uint8Array(b).buffer);

/** SQLite binds at most 32,766 parameters; stay well below for IN (...) lists. */
const IN_CHUNK = 500;

function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A WHERE clause (on `paper_facets` columns) for "carries one of these categories": "cs.cl" matches
 * itself, an archive ("cs") its subject classes too. Undefined when no category is given.
 */
function categoryClause(categories: string[] | undefined, alias = ''): { sql: string; params: string[] } | undefined {
  const cats = (categories ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean);
  if (cats.length === 0) return undefined;
  const col = `${alias}categories`;
  return {
    sql: `(${cats.map(() => `${col} LIKE ? ESCAPE '\\' OR ${col} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    params: cats.flatMap((c) => [`%|${likeEscape(c)}|%`, `%|${likeEscape(c)}.%`]),
  };
}

interface UserRow {
  id: number;
  name: string;
  admin: number;
  password_hash: string;
  created_at: string;
  email: string | null;
  last_digest_at: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  name: r.name,
  admin: r.admin === 1,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  ...(r.email ? { email: r.email } : {}),
  ...(r.last_digest_at ? { lastDigestAt: r.last_digest_at } : {}),
});

interface SubscriptionRow {
  id: number;
  user: number;
  kind: SubscriptionKind;
  value: string;
  created_at: string;
}

const toSubscription = (r: SubscriptionRow): SubscriptionRecord => ({ id: r.id, userId: r.user, kind: r.kind, value: r.value, createdAt: r.created_at });

interface TokenRow {
  id: number;
  name: string;
  user: number;
  created_at: string;
  last_used_at: string | null;
}

const toToken = (r: TokenRow): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  userId: r.user,
  createdAt: r.created_at,
  ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
});

/** Total upvotes of a paper in the daily lists: the source's count plus this library's users'. */
const TOTAL_UPVOTES = 'COALESCE(p.upvotes, 0) + COALESCE(v.votes, 0)';

/** A daily-list cursor: the sort it belongs to and the last item's sort key. */
interface DateCursor {
  sort: DateListQuery['sort'];
  upvotes: number;
  date: string;
  id: string;
}

function encodeCursor(c: DateCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.upvotes, c.date, c.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: DateListQuery['sort']): DateCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== sort ||
    !Number.isInteger(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    typeof parsed[3] !== 'string'
  ) {
    throw new PaperboyError('BAD_INPUT', 'cursor: not a cursor of this list (pass back nextCursor unchanged, with the same sort)');
  }
  return { sort, upvotes: parsed[1] as number, date: parsed[2], id: parsed[3] };
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

function rowToPaper(row: PaperRow): Omit<Paper, 'sources'> {
  const p: Omit<Paper, 'sources'> = {
    id: row.id,
    title: row.title,
    titleDerived: row.title_derived === 1,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    categories: JSON.parse(row.categories) as string[],
  };
  if (row.author_count !== null) p.authorCount = row.author_count;
  if (row.organization !== null) p.organization = row.organization;
  if (row.date !== null) p.date = row.date;
  if (row.arxiv_id !== null) p.arxivId = row.arxiv_id;
  if (row.doi !== null) p.doi = row.doi;
  if (row.url !== null) p.url = row.url;
  if (row.upvotes !== null) p.upvotes = row.upvotes;
  if (row.comment !== null) p.comment = row.comment;
  if (row.venue !== null) p.venue = row.venue;
  return p;
}

/** Applies pending migrations; refuses a library written by a newer schema. Exported for tests. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS, dir = path.dirname(db.name)): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new PaperboyError(
      'STORE_VERSION',
      `the library has schema version ${current}, newer than this paperboy understands (${latest}); upgrade paperboy`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    // Under the write lock, and the version read again: another process opening the same new
    // library at once may have applied this migration meanwhile.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      m.run?.(db, dir);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** The embedded default store: one SQLite file in the data directory, WAL mode. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly location: string;
  private readonly db: Database.Database;
  private readonly stmt;
  /** Statements built at run time (IN lists of varying length), prepared once each. */
  private readonly cache = new Map<string, Database.Statement>();
  /** Set while this process holds the write lock (withWriteLock): its other writes wait for it. */
  private lockHeld: Promise<void> | undefined;
  /** writeIfIdle's connection: its busy timeout is 0 for good, so no request toggles the main one's. Opened on first use. */
  private idleWriter: Database.Database | undefined;
  private readonly idleStatements = new Map<string, Database.Statement>();
  /** What the holder of the write lock writes through. */
  private readonly tx: WriteTransaction;
  private readonly artifactsDir: string;
  /** Artifacts open for reading in parts. */
  private readonly readers = new Set<ArtifactReader>();

  private constructor(
    dir: string,
    db: Database.Database,
    /** Tests: a nearly full disk (SqliteOpenOptions.roomForPages) holds this many artifact bytes. */
    private readonly roomForBytes?: number,
  ) {
    this.location = dir;
    this.artifactsDir = path.join(dir, ARTIFACTS_DIR);
    this.db = db;
    this.tx = {
      currentSeq: () => this.currentSeq(),
      iterateTexts: (sinceSeq, batchSize) => this.iterateTexts(sinceSeq, batchSize),
      ingestBatch: async (fileId, batch, nearby, resolve) =>
        this.sql(() => {
          const writes = resolve(this.lookup(batch, nearby));
          return { writes, docIds: this.apply(fileId, writes) };
        }),
    };
    this.stmt = {
      paperById: db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE id = ?'),
      paperByKey: db.prepare<[string], PaperRow>(
        'SELECT p.* FROM identity_keys k JOIN papers p ON p.rowid = k.paper WHERE k.key = ?',
      ),
      abstractById: db.prepare<[string], { abstract: string }>('SELECT abstract FROM papers WHERE id = ?'),
      idExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM papers WHERE id = ?'),
      insertPaper: db.prepare(
        `INSERT INTO papers (id, title, title_derived, abstract, authors, author_count, organization, date, categories,
           arxiv_id, doi, url, upvotes, comment, venue, trust, seq, created_at, updated_at)
         VALUES (@id, @title, @title_derived, @abstract, @authors, @author_count, @organization, @date, @categories,
           @arxiv_id, @doi, @url, @upvotes, @comment, @venue, @trust, @seq, @now, @now)`,
      ),
      updatePaper: db.prepare(
        `UPDATE papers SET title = @title, title_derived = @title_derived, abstract = @abstract, authors = @authors,
           author_count = @author_count, organization = @organization, date = @date, categories = @categories,
           arxiv_id = @arxiv_id, doi = @doi, url = @url, upvotes = @upvotes, comment = @comment, venue = @venue,
           trust = @trust, seq = @seq, updated_at = @now
         WHERE id = @id`,
      ),
      rowidOf: db.prepare<[string], { rowid: number }>('SELECT rowid FROM papers WHERE id = ?'),
      idOfRowid: db.prepare<[number], { id: string }>('SELECT id FROM papers WHERE rowid = ?'),
      upsertFacets: db.prepare(
        'INSERT OR REPLACE INTO paper_facets (paper, date, authors, categories) VALUES (?, ?, ?, ?)',
      ),
      insertKey: db.prepare('INSERT OR IGNORE INTO identity_keys (key, paper) VALUES (?, ?)'),
      insertRecord: db.prepare(
        'INSERT OR IGNORE INTO records (hash, paper, file, line, format, date, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertMerge: db.prepare(
        'INSERT INTO merges (paper, record, reason, similarity, other_arxiv_id, at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getSeq: db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'seq'"),
      setSeq: db.prepare("UPDATE meta SET value = ? WHERE key = 'seq'"),
      textsSince: db.prepare<[number, number], DocText>(
        'SELECT rowid AS docId, seq, title, abstract FROM papers WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  /** Opens (creating if needed) the library in `dir`. */
  static open(dir: string, options: SqliteOpenOptions = {}): SqliteStore {
    try {
      mkdirSync(dir, { recursive: true });
      const db = new Database(path.join(dir, DATABASE_FILE));
      // First, so that two processes creating one library at once wait for each other.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      // NORMAL is crash-safe in WAL mode: a killed process loses at most the open transaction.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('cache_size = -65536');
      // Checkpoint every 64 MB of WAL rather than 4 MB: a bulk ingest then syncs a few times, not dozens.
      db.pragma('wal_autocheckpoint = 16384');
      migrate(db);
      if (options.roomForPages !== undefined) {
        db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + options.roomForPages}`);
      }
      return new SqliteStore(dir, db, options.roomForPages === undefined ? undefined : options.roomForPages * 4096);
    } catch (err) {
      if (err instanceof PaperboyError) throw err;
      throw new PaperboyError('STORE_FAILURE', `cannot open the library in ${dir}: ${(err as Error).message}`);
    }
  }

  /** Runs SQLite work, its disk and lock errors made the store's own. */
  private sql<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storeError(err);
    }
  }

  /** Waits until this process's holder of the write lock, if any, is done. */
  private async noLockHolder(): Promise<void> {
    while (this.lockHeld) await this.lockHeld;
  }

  /** A write outside withWriteLock: after this process's lock holder; other connections' wait up to the busy timeout. */
  private async write<T>(fn: () => T): Promise<T> {
    await this.noLockHolder();
    return this.sql(fn);
  }

  /**
   * Runs `fn` in a write transaction now unless a writer (of this process or another) holds the
   * lock: then `fn` is not run and the answer is false. Nothing waits. `fn` writes through the
   * statements it is given (prepared once on the idle writer's connection), not the main
   * connection's, which would wait for it.
   */
  private writeIfIdle(fn: (prepare: (sql: string) => Database.Statement) => void): boolean {
    if (this.lockHeld) return false;
    const db = this.idleConnection();
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (isBusy(err)) return false;
      throw storeError(err);
    }
    const prepare = (sql: string) => {
      let statement = this.idleStatements.get(sql);
      if (!statement) this.idleStatements.set(sql, (statement = db.prepare(sql)));
      return statement;
    };
    try {
      fn(prepare);
      db.exec('COMMIT');
      return true;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw storeError(err);
    }
  }

  private idleConnection(): Database.Database {
    if (!this.idleWriter) {
      const db = this.sql(() => new Database(path.join(this.location, DATABASE_FILE), { timeout: 0 }));
      db.pragma('synchronous = NORMAL');
      // The same room as the main connection (a test's nearly full disk).
      db.pragma(`max_page_count = ${this.db.pragma('max_page_count', { simple: true }) as number}`);
      this.idleWriter = db;
    }
    return this.idleWriter;
  }

  /** Reads of this process meanwhile share the connection, so they see the open transaction. */
  async withWriteLock<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    await this.noLockHolder();
    let release!: () => void;
    this.lockHeld = new Promise((r) => (release = r));
    try {
      this.sql(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        const out = await fn(this.tx);
        this.sql(() => this.db.exec('COMMIT'));
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.lockHeld = undefined;
      release();
    }
  }

  async beginFile(file: { path: string; format: FormatName; sha256: string }): Promise<number> {
    const now = new Date().toISOString();
    const row = await this.write(() =>
      this.db
        .prepare<[string, string, string, string, string], { id: number }>(
          `INSERT INTO files (path, format, sha256, first_ingested_at, last_ingested_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (path) DO UPDATE SET format = excluded.format, sha256 = excluded.sha256,
             last_ingested_at = excluded.last_ingested_at
           RETURNING id`,
        )
        .get(file.path, file.format, file.sha256, now, now),
    );
    return row!.id;
  }

  async finishFile(fileId: number, outcome: { records: number; skipped: SkipNote[] }): Promise<void> {
    await this.write(() =>
      this.db.transaction(() => {
        this.db.prepare('UPDATE files SET records = ?, skipped = ? WHERE id = ?').run(outcome.records, outcome.skipped.length, fileId);
        this.db.prepare('DELETE FROM skips WHERE file = ?').run(fileId);
        const insert = this.db.prepare('INSERT OR REPLACE INTO skips (file, line, reason) VALUES (?, ?, ?)');
        for (const s of outcome.skipped) insert.run(fileId, s.line, s.reason);
      })(),
    );
  }

  private prepare(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  private lookup(batch: PreparedRecord[], nearby: (bands: number[]) => Map<number, number[]>): BatchLookup {
    const knownHashes = new Set<string>();
    for (const part of chunks(batch.map((r) => r.hash))) {
      for (const row of this.prepare(`SELECT hash FROM records WHERE hash IN (${placeholders(part.length)})`).all(...part) as {
        hash: string;
      }[])
        knownHashes.add(row.hash);
    }
    const fresh = batch.filter((r) => !knownHashes.has(r.hash));
    const keyHits = new Map<string, string>();
    for (const part of chunks([...new Set(fresh.flatMap((r) => r.keys))])) {
      const rows = this
        .prepare(
          `SELECT k.key AS key, p.id AS id FROM identity_keys k JOIN papers p ON p.rowid = k.paper
           WHERE k.key IN (${placeholders(part.length)})`,
        )
        .all(...part) as { key: string; id: string }[];
      for (const row of rows) keyHits.set(row.key, row.id);
    }
    const papers = new Map<string, PaperState | undefined>();
    const paper = (id: string): PaperState | undefined => {
      if (!papers.has(id)) {
        const row = this.stmt.paperById.get(id);
        papers.set(id, row && { paper: rowToPaper(row), trust: JSON.parse(row.trust) as FieldTrust });
      }
      return papers.get(id);
    };
    return {
      knownHashes,
      keyHits,
      nearby: (bands) => {
        const out = new Map<number, string[]>();
        for (const [band, docIds] of nearby(bands)) {
          const ids = docIds.flatMap((d) => this.stmt.idOfRowid.get(d)?.id ?? []);
          if (ids.length) out.set(band, ids);
        }
        return out;
      },
      paper,
      abstractOf: (id) => this.stmt.abstractById.get(id)?.abstract,
      idTaken: (id) => this.stmt.idExists.get(id) !== undefined,
    };
  }

  /** Applies the writes; returns the doc id of every paper written. */
  private apply(fileId: number, writes: BatchWrites): Map<string, number> {
    const now = new Date().toISOString();
    let seq = Number(this.stmt.getSeq.get()!.value);
    const rowids = new Map<string, number>();
    for (const { state, created } of writes.papers) {
      const p = state.paper;
      const params = {
        id: p.id,
        title: p.title,
        title_derived: p.titleDerived ? 1 : 0,
        abstract: p.abstract,
        authors: JSON.stringify(p.authors),
        author_count: p.authorCount ?? null,
        organization: p.organization ?? null,
        date: p.date ?? null,
        categories: JSON.stringify(p.categories),
        arxiv_id: p.arxivId ?? null,
        doi: p.doi ?? null,
        url: p.url ?? null,
        upvotes: p.upvotes ?? null,
        comment: p.comment ?? null,
        venue: p.venue ?? null,
        trust: JSON.stringify(state.trust),
        seq: ++seq,
        now,
      };
      let rowid: number;
      if (created) rowid = Number(this.stmt.insertPaper.run(params).lastInsertRowid);
      else {
        this.stmt.updatePaper.run(params);
        rowid = this.stmt.rowidOf.get(p.id)!.rowid;
      }
      rowids.set(p.id, rowid);
      this.stmt.upsertFacets.run(rowid, p.date ?? null, facet(p.authors.map(foldText)), facet(p.categories.map((c) => c.toLowerCase())));
    }
    this.stmt.setSeq.run(String(seq));
    const rowidOf = (id: string): number => {
      let r = rowids.get(id);
      if (r === undefined) {
        r = this.stmt.rowidOf.get(id)!.rowid;
        rowids.set(id, r);
      }
      return r;
    };
    for (const k of writes.keys) this.stmt.insertKey.run(k.key, rowidOf(k.paperId));
    for (const r of writes.records)
      this.stmt.insertRecord.run(r.hash, rowidOf(r.paperId), fileId, r.line, r.format, r.date ?? null, now);
    for (const m of writes.merges)
      this.stmt.insertMerge.run(rowidOf(m.paperId), m.recordHash, m.reason, m.similarity ?? null, m.otherArxivId ?? null, now);
    return rowids;
  }

  async getPaper(idOrAlias: string): Promise<Paper | undefined> {
    const row = this.findRow(idOrAlias);
    if (!row) return undefined;
    return { ...rowToPaper(row), sources: this.sourcesOf([row.rowid]).get(row.rowid) ?? [] };
  }

  async docIdOf(idOrAlias: string): Promise<number | undefined> {
    return this.findRow(idOrAlias)?.rowid;
  }

  private findRow(idOrAlias: string): PaperRow | undefined {
    const q = idOrAlias.trim();
    let row = this.stmt.paperById.get(q);
    if (!row) {
      const arxiv = parseArxivId(q);
      if (arxiv) row = this.stmt.paperByKey.get(`arxiv:${arxiv.id}`);
    }
    if (!row) {
      const doi = normaliseDoi(q);
      if (doi) row = this.stmt.paperByKey.get(`doi:${doi}`);
    }
    return row;
  }

  private sourcesOf(rowids: number[]): Map<number, SourceRef[]> {
    const out = new Map<number, SourceRef[]>();
    for (const part of chunks(rowids)) {
      const rows = this
        .prepare(
          `SELECT r.paper AS paper, f.path AS file, r.format AS format, r.line AS line, r.ingested_at AS ingestedAt,
             r.date AS date
           FROM records r JOIN files f ON f.id = r.file
           WHERE r.paper IN (${placeholders(part.length)}) ORDER BY r.ingested_at, f.path, r.line`,
        )
        .all(...part) as (SourceRef & { paper: number; date: string | null })[];
      for (const { paper, date, ...ref } of rows) {
        const list = out.get(paper) ?? [];
        list.push(date ? { ...ref, date } : ref);
        out.set(paper, list);
      }
    }
    return out;
  }

  async getPapersByDocIds(docIds: number[]): Promise<{ docId: number; paper: Paper }[]> {
    const found = new Map<number, PaperRow>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT * FROM papers WHERE rowid IN (${placeholders(part.length)})`).all(...part) as PaperRow[];
      for (const row of rows) found.set(row.rowid, row);
    }
    const sources = this.sourcesOf([...found.keys()]);
    return docIds.flatMap((docId) => {
      const row = found.get(docId);
      return row ? [{ docId, paper: { ...rowToPaper(row), sources: sources.get(docId) ?? [] } }] : [];
    });
  }

  async *iterateTexts(sinceSeq: number, batchSize = 5000): AsyncIterable<DocText[]> {
    let after = sinceSeq;
    for (;;) {
      const rows = this.stmt.textsSince.all(after, batchSize);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async datesOf(docIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT paper, date FROM paper_facets WHERE date IS NOT NULL AND paper IN (${placeholders(part.length)})`).all(...part) as {
        paper: number;
        date: string;
      }[];
      for (const r of rows) out.set(r.paper, r.date);
    }
    return out;
  }

  async filterDocIds(filters: PaperFilters): Promise<Set<number> | undefined> {
    const where: string[] = [];
    const params: string[] = [];
    // Author words: SQL narrows to papers holding every word somewhere; the check below then
    // requires them in one author's name, as whole words.
    const authorFilters = (filters.authors ?? []).map((a) => [...new Set(foldText(a).split(' ').filter(Boolean))]).filter((t) => t.length);
    for (const token of new Set(authorFilters.flat())) {
      where.push("authors LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(token)}%`);
    }
    const cats = categoryClause(filters.categories);
    if (cats) {
      where.push(cats.sql);
      params.push(...cats.params);
    }
    if (filters.from) {
      where.push('date >= ?');
      params.push(filters.from);
    }
    if (filters.to) {
      where.push('date <= ?');
      params.push(filters.to);
    }
    if (filters.ids?.length) {
      const docIds = [];
      for (const id of filters.ids) {
        const row = this.findRow(id);
        if (row) docIds.push(row.rowid);
      }
      where.push(`paper IN (${docIds.join(',') || 'NULL'})`);
    }
    if (where.length === 0) return undefined;
    const rows = this.prepare(`SELECT paper, authors FROM paper_facets WHERE ${where.join(' AND ')}`).all(...params) as {
      paper: number;
      authors: string;
    }[];
    const out = new Set<number>();
    for (const row of rows) {
      const names = row.authors.split('|').filter(Boolean).map((n) => new Set(n.split(' ')));
      if (authorFilters.every((tokens) => names.some((name) => tokens.every((t) => name.has(t))))) out.add(row.paper);
    }
    return out;
  }

  async currentSeq(): Promise<number> {
    return Number(this.stmt.getSeq.get()!.value);
  }

  async stats(): Promise<LibraryStats> {
    const db = this.db;
    const one = <T>(sql: string) => db.prepare(sql).get() as T;
    const papers = one<{ n: number }>('SELECT COUNT(*) AS n FROM papers').n;
    const records = one<{ n: number }>('SELECT COUNT(*) AS n FROM records').n;
    const mergesByReason: Record<string, number> = {};
    for (const r of db.prepare('SELECT reason, COUNT(*) AS n FROM merges GROUP BY reason ORDER BY reason').all() as {
      reason: string;
      n: number;
    }[])
      mergesByReason[r.reason] = r.n;
    // Records joining a paper by the arXiv id it already had are not logged one by one: they are the rest.
    const logged = Object.values(mergesByReason).reduce((a, b) => a + b, 0);
    if (records - papers > logged) mergesByReason.arxiv = records - papers - logged;
    const crossIdMerges = (
      db
        .prepare(
          `SELECT p.id AS paperId, m.other_arxiv_id AS otherArxivId, m.reason AS reason, m.similarity AS similarity
           FROM merges m JOIN papers p ON p.rowid = m.paper WHERE m.other_arxiv_id IS NOT NULL ORDER BY p.id`,
        )
        .all() as { paperId: string; otherArxivId: string; reason: string; similarity: number | null }[]
    ).map(({ similarity, ...m }) => (similarity === null ? m : { ...m, similarity }));
    const files = db
      .prepare(
        'SELECT path, format, records, skipped, last_ingested_at AS lastIngestedAt FROM files ORDER BY last_ingested_at, path',
      )
      .all() as LibraryStats['files'];
    const skippedRecords = db
      .prepare('SELECT f.path AS file, s.line AS line, s.reason AS reason FROM skips s JOIN files f ON f.id = s.file ORDER BY f.path, s.line')
      .all() as LibraryStats['skippedRecords'];
    const titlesDerived = one<{ n: number }>('SELECT COUNT(*) AS n FROM papers WHERE title_derived = 1').n;
    const last = one<{ at: string | null }>('SELECT MAX(last_ingested_at) AS at FROM files').at;
    return {
      papers,
      records,
      mergedDuplicates: records - papers,
      mergesByReason,
      crossIdMerges,
      skipped: skippedRecords.length,
      skippedRecords,
      files,
      titlesDerived,
      ...(last ? { lastIngestedAt: last } : {}),
    };
  }

  async putVectors(model: string, rows: { docId: number; seq: number; vector: Float32Array }[]): Promise<void> {
    const insert = this.prepare('INSERT OR REPLACE INTO vectors (model, paper, seq, vector) VALUES (?, ?, ?, ?)');
    await this.write(() =>
      this.db.transaction(() => {
        for (const r of rows) insert.run(model, r.docId, r.seq, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength));
      })(),
    );
  }

  async textsToEmbed(model: string, limit: number): Promise<DocText[]> {
    return this.prepare(
      `SELECT p.rowid AS docId, p.seq AS seq, p.title AS title, p.abstract AS abstract
       FROM papers p LEFT JOIN vectors v ON v.model = ? AND v.paper = p.rowid
       WHERE v.paper IS NULL OR v.seq < p.seq ORDER BY p.rowid LIMIT ?`,
    ).all(model, limit) as DocText[];
  }

  async getVectors(model: string, docIds: number[]): Promise<Map<number, Float32Array>> {
    const out = new Map<number, Float32Array>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT paper, vector FROM vectors WHERE model = ? AND paper IN (${placeholders(part.length)})`).all(model, ...part) as {
        paper: number;
        vector: Buffer;
      }[];
      for (const r of rows) out.set(r.paper, toFloat32(r.vector));
    }
    return out;
  }

  async *iterateVectors(model: string, batchSize = 10_000): AsyncIterable<{ docId: number; vector: Float32Array }[]> {
    const page = this.prepare('SELECT paper, vector FROM vectors WHERE model = ? AND paper > ? ORDER BY paper LIMIT ?');
    let after = -1;
    for (;;) {
      const rows = page.all(model, after, batchSize) as { paper: number; vector: Buffer }[];
      if (rows.length === 0) return;
      yield rows.map((r) => ({ docId: r.paper, vector: toFloat32(r.vector) }));
      after = rows[rows.length - 1]!.paper;
    }
  }

  async vectorCounts(): Promise<Record<string, number>> {
    const rows = this.prepare('SELECT model, COUNT(*) AS n FROM vectors GROUP BY model').all() as { model: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.model, r.n]));
  }

  async dropVectorsExcept(keepModel: string): Promise<number> {
    return this.write(() => this.prepare('DELETE FROM vectors WHERE model <> ?').run(keepModel).changes);
  }

  async listByDate(query: DateListQuery): Promise<{ items: ListedPaper[]; nextCursor?: string }> {
    const where = ['p.date >= ?', 'p.date <= ?'];
    const params: (string | number)[] = [query.from, query.to];
    const cats = categoryClause(query.categories, 'f.');
    if (cats) {
      where.push(cats.sql);
      params.push(...cats.params);
    }
    if (query.cursor) {
      const c = decodeCursor(query.cursor, query.sort);
      // Keyset pagination: everything after the last item in the list's own order.
      if (query.sort === 'upvotes') {
        where.push(`(${TOTAL_UPVOTES} < ? OR (${TOTAL_UPVOTES} = ? AND (p.date < ? OR (p.date = ? AND p.id > ?))))`);
        params.push(c.upvotes, c.upvotes, c.date, c.date, c.id);
      } else {
        where.push(`(p.date < ? OR (p.date = ? AND (${TOTAL_UPVOTES} < ? OR (${TOTAL_UPVOTES} = ? AND p.id > ?))))`);
        params.push(c.date, c.date, c.upvotes, c.upvotes, c.id);
      }
    }
    const order = query.sort === 'upvotes' ? `${TOTAL_UPVOTES} DESC, p.date DESC, p.id` : `p.date DESC, ${TOTAL_UPVOTES} DESC, p.id`;
    const limit = Math.max(1, Math.floor(query.limit));
    // Reads only the covering index papers_date_rank (rowid, date, upvotes, id), the narrow
    // paper_votes and, with a category filter, paper_facets: never the wide paper rows.
    const rows = this.prepare(
      `SELECT p.rowid AS docId, p.id AS id, p.date AS date, ${TOTAL_UPVOTES} AS total
       FROM papers p INDEXED BY papers_date_rank
       LEFT JOIN paper_votes v ON v.paper = p.rowid
       ${cats ? 'JOIN paper_facets f ON f.paper = p.rowid' : ''}
       WHERE ${where.join(' AND ')}
       ORDER BY ${order} LIMIT ?`,
    ).all(...params, limit + 1) as { docId: number; id: string; date: string; total: number }[];
    const page = rows.slice(0, limit);
    const papers = new Map((await this.getPapersByDocIds(page.map((r) => r.docId))).map((p) => [p.docId, p.paper]));
    const items = page.flatMap((r) => {
      const paper = papers.get(r.docId);
      return paper ? [{ docId: r.docId, paper, upvotes: r.total }] : [];
    });
    const last = page[page.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ sort: query.sort, upvotes: last.total, date: last.date, id: last.id }) }
      : { items };
  }

  async dayCounts(from: string, to: string): Promise<{ date: string; papers: number }[]> {
    return this.prepare('SELECT date, COUNT(*) AS papers FROM papers WHERE date >= ? AND date <= ? GROUP BY date ORDER BY date DESC').all(from, to) as {
      date: string;
      papers: number;
    }[];
  }

  async dateFacets(query: { from: string; to: string; categories?: string[] }): Promise<{ papers: number; categories: { category: string; papers: number }[] }> {
    // Reads the date index and the narrow facets only, as listByDate does.
    const rows = this.prepare(
      `SELECT f.categories AS categories FROM papers p INDEXED BY papers_date_rank JOIN paper_facets f ON f.paper = p.rowid WHERE p.date >= ? AND p.date <= ?`,
    ).all(query.from, query.to) as { categories: string }[];
    const counts = new Map<string, number>();
    for (const r of rows) for (const c of r.categories.split('|')) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    const cats = categoryClause(query.categories, 'f.');
    const papers = cats
      ? (
          this.prepare(
            `SELECT COUNT(*) AS n FROM papers p INDEXED BY papers_date_rank JOIN paper_facets f ON f.paper = p.rowid WHERE p.date >= ? AND p.date <= ? AND ${cats.sql}`,
          ).get(query.from, query.to, ...cats.params) as { n: number }
        ).n
      : rows.length;
    const categories = [...counts].map(([category, n]) => ({ category, papers: n })).sort((a, b) => b.papers - a.papers || (a.category < b.category ? -1 : 1));
    return { papers, categories };
  }

  async adjacentDays(date: string): Promise<{ previous?: string; next?: string }> {
    const previous = (this.prepare('SELECT MAX(date) AS d FROM papers WHERE date < ?').get(date) as { d: string | null }).d;
    const next = (this.prepare('SELECT MIN(date) AS d FROM papers WHERE date > ?').get(date) as { d: string | null }).d;
    return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
  }

  async userUpvotes(docIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT paper, votes FROM paper_votes WHERE votes > 0 AND paper IN (${placeholders(part.length)})`).all(...part) as {
        paper: number;
        votes: number;
      }[];
      for (const r of rows) out.set(r.paper, r.votes);
    }
    return out;
  }

  async upvotesSince(since: string, limit: number): Promise<{ docId: number; upvotes: number }[]> {
    const rows = this.prepare(
      'SELECT paper, COUNT(*) AS n FROM upvotes WHERE created_at >= ? GROUP BY paper ORDER BY n DESC, paper DESC LIMIT ?',
    ).all(since, limit) as { paper: number; n: number }[];
    return rows.map((r) => ({ docId: r.paper, upvotes: r.n }));
  }

  async setUpvote(userId: number, docId: number, up: boolean): Promise<{ changed: boolean }> {
    const run = await this.write(() =>
      up
        ? this.prepare('INSERT OR IGNORE INTO upvotes (user, paper, created_at) VALUES (?, ?, ?)').run(userId, docId, new Date().toISOString())
        : this.prepare('DELETE FROM upvotes WHERE user = ? AND paper = ?').run(userId, docId),
    );
    return { changed: run.changes > 0 };
  }

  async upvotedBy(userId: number, docIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT paper FROM upvotes WHERE user = ? AND paper IN (${placeholders(part.length)})`).all(userId, ...part) as {
        paper: number;
      }[];
      for (const r of rows) out.add(r.paper);
    }
    return out;
  }

  async upvoteSeq(): Promise<number> {
    return Number((this.prepare("SELECT value FROM meta WHERE key = 'vote_seq'").get() as { value: string }).value);
  }

  async createUser(user: { name: string; passwordHash: string; admin: boolean }): Promise<UserRecord> {
    await this.noLockHolder();
    try {
      const row = this.sql(() =>
        this.prepare('INSERT INTO users (name, password_hash, admin, created_at) VALUES (?, ?, ?, ?) RETURNING *').get(
          user.name,
          user.passwordHash,
          user.admin ? 1 : 0,
          new Date().toISOString(),
        ),
      ) as UserRow;
      return toUser(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new PaperboyError('CONFLICT', `a user named ${JSON.stringify(user.name)} already exists`);
      }
      throw err;
    }
  }

  async userByName(name: string): Promise<UserRecord | undefined> {
    const row = this.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  async userById(id: number): Promise<UserRecord | undefined> {
    const row = this.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  async userCount(): Promise<number> {
    return (this.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createSession(session: { idHash: string; userId: number; expiresAt: string }): Promise<void> {
    await this.write(() =>
      this.prepare('INSERT INTO sessions (id_hash, user, expires_at, created_at) VALUES (?, ?, ?, ?)').run(
        session.idHash,
        session.userId,
        session.expiresAt,
        new Date().toISOString(),
      ),
    );
  }

  async sessionUser(idHash: string, now: string): Promise<{ user: UserRecord; expiresAt: string } | undefined> {
    const row = this.prepare(
      'SELECT u.*, s.expires_at AS expires_at FROM sessions s JOIN users u ON u.id = s.user WHERE s.id_hash = ? AND s.expires_at > ?',
    ).get(idHash, now) as (UserRow & { expires_at: string }) | undefined;
    return row && { user: toUser(row), expiresAt: row.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.write(() => this.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash));
  }

  async pruneSessions(now: string): Promise<number> {
    return this.write(() => this.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes);
  }

  async createApiToken(token: { tokenHash: string; name: string; userId: number }): Promise<ApiTokenInfo> {
    const row = (await this.write(() =>
      this.prepare('INSERT INTO api_tokens (token_hash, name, user, created_at) VALUES (?, ?, ?, ?) RETURNING *').get(
        token.tokenHash,
        token.name,
        token.userId,
        new Date().toISOString(),
      ),
    )) as TokenRow;
    return toToken(row);
  }

  async useApiToken(tokenHash: string, now: string): Promise<{ token: ApiTokenInfo; user: UserRecord } | undefined> {
    const token = this.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as TokenRow | undefined;
    if (!token) return undefined;
    try {
      if (this.writeIfIdle((prepare) => prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, token.id))) token.last_used_at = now;
    } catch (err) {
      // A last-used time is a note: a full disk does not refuse the request.
      if (!isPaperboyError(err) || err.code !== 'STORAGE_FULL') throw err;
    }
    const user = await this.userById(token.user);
    return user && { token: toToken(token), user };
  }

  async listApiTokens(userId: number): Promise<ApiTokenInfo[]> {
    return (this.prepare('SELECT * FROM api_tokens WHERE user = ? ORDER BY id').all(userId) as TokenRow[]).map(toToken);
  }

  async deleteApiToken(userId: number, tokenId: number): Promise<boolean> {
    return this.write(() => this.prepare('DELETE FROM api_tokens WHERE user = ? AND id = ?').run(userId, tokenId).changes > 0);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser);
  }

  async setUserEmail(userId: number, email: string | undefined): Promise<void> {
    await this.write(() => this.prepare('UPDATE users SET email = ? WHERE id = ?').run(email ?? null, userId));
  }

  async createSubscription(sub: { userId: number; kind: SubscriptionKind; value: string }): Promise<SubscriptionRecord> {
    await this.noLockHolder();
    try {
      const row = this.sql(() =>
        this.prepare('INSERT INTO subscriptions (user, kind, value, created_at) VALUES (?, ?, ?, ?) RETURNING *').get(
          sub.userId,
          sub.kind,
          sub.value,
          new Date().toISOString(),
        ),
      ) as SubscriptionRow;
      return toSubscription(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new PaperboyError('CONFLICT', `already subscribed to the ${sub.kind} ${JSON.stringify(sub.value)}`);
      }
      throw err;
    }
  }

  async subscriptionById(id: number): Promise<SubscriptionRecord | undefined> {
    const row = this.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  async listSubscriptions(userId?: number): Promise<SubscriptionRecord[]> {
    const rows = (
      userId === undefined
        ? this.prepare('SELECT * FROM subscriptions ORDER BY id').all()
        : this.prepare('SELECT * FROM subscriptions WHERE user = ? ORDER BY id').all(userId)
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async deleteSubscription(id: number): Promise<boolean> {
    return this.write(() => this.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0);
  }

  async deleteUserSubscriptions(userId: number): Promise<number> {
    return this.write(() => this.prepare('DELETE FROM subscriptions WHERE user = ?').run(userId).changes);
  }

  async papersAddedSince(since: string, limit?: number): Promise<number[]> {
    return (await this.paperAdditionsSince(since, limit)).map((a) => a.docId);
  }

  async paperAdditionsSince(since: string, limit = 100_000): Promise<{ docId: number; addedAt: string }[]> {
    return this.prepare('SELECT rowid AS docId, created_at AS addedAt FROM papers WHERE created_at >= ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
      since,
      limit,
    ) as { docId: number; addedAt: string }[];
  }

  async sentPapers(userId: number, docIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of chunks(docIds)) {
      const rows = this.prepare(`SELECT paper FROM digest_sent WHERE user = ? AND paper IN (${placeholders(part.length)})`).all(userId, ...part) as {
        paper: number;
      }[];
      for (const r of rows) out.add(r.paper);
    }
    return out;
  }

  async recordDigest(userId: number, sent: { docId: number; subscriptionId: number }[], at: string): Promise<void> {
    const insert = this.prepare('INSERT OR IGNORE INTO digest_sent (user, paper, subscription, sent_at) VALUES (?, ?, ?, ?)');
    const last = this.prepare('UPDATE users SET last_digest_at = ? WHERE id = ?');
    await this.write(() =>
      this.db.transaction(() => {
        for (const s of sent) insert.run(userId, s.docId, s.subscriptionId, at);
        last.run(at, userId);
      })(),
    );
  }

  async digestRecipientsOfSubscription(subscriptionId: number): Promise<number[]> {
    // A scan of digest_sent (no index on subscription): only links from before schema 5 ask.
    return (this.prepare('SELECT DISTINCT user FROM digest_sent WHERE subscription = ? ORDER BY user').all(subscriptionId) as { user: number }[]).map((r) => r.user);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (this.prepare('SELECT value FROM meta WHERE key = ?').get(`setting:${key}`) as { value: string } | undefined)?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.write(() => this.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`setting:${key}`, value));
  }

  async getArtifact(name: string): Promise<Artifact | undefined> {
    const reader = await this.openArtifact(name);
    if (!reader) return undefined;
    try {
      return { version: reader.version, seq: reader.seq, bytes: reader.readAll() };
    } catch (err) {
      if (isCorruptArtifact(err)) return undefined;
      throw err;
    } finally {
      reader.close();
    }
  }

  async openArtifact(name: string): Promise<ArtifactReader | undefined> {
    const reader = openArtifactFile(this.artifactsDir, name);
    if (!reader) return undefined;
    // Closed with the store at the latest.
    this.readers.add(reader);
    const close = reader.close;
    reader.close = () => {
      this.readers.delete(reader);
      close();
    };
    return reader;
  }

  async putArtifact(name: string, artifact: ArtifactToSave | (() => ArtifactToSave), options: { ifIdle?: boolean } = {}): Promise<boolean> {
    // Under the write lock, so a save never lands in the middle of another writer's work.
    const put = () => {
      const a = typeof artifact === 'function' ? artifact() : artifact;
      const parts = a.bytes instanceof Uint8Array ? [a.bytes] : a.bytes;
      writeArtifactFile(this.artifactsDir, name, { version: a.version, seq: a.seq }, parts, this.roomForBytes === undefined ? {} : { roomForBytes: this.roomForBytes });
    };
    if (options.ifIdle) return this.writeIfIdle(put);
    await this.write(put);
    return true;
  }

  async close(): Promise<void> {
    for (const reader of [...this.readers]) reader.close();
    this.idleWriter?.close();
    this.db.close();
  }
}

export { SCHEMA_VERSION };

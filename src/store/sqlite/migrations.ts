/**
 * Versioned schema of the SQLite library. `PRAGMA user_version` holds the version; each migration
 * runs in its own transaction, so an interrupted upgrade leaves the previous version intact.
 * Never edit a released migration: add the next one.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ARTIFACTS_DIR, isArtifactName, writeArtifactFile } from '../artifact-file.js';
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Work beyond SQL, run after `sql` in the same transaction, with the library's directory. */
  run?: (db: Database.Database, dir: string) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'papers, facets, identity keys, provenance, merges, skips, artifacts',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      INSERT INTO meta (key, value) VALUES ('seq', '0');

      CREATE TABLE papers (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        title_derived INTEGER NOT NULL,
        abstract TEXT NOT NULL,
        authors TEXT NOT NULL,            -- JSON array of names
        author_count INTEGER,
        organization TEXT,
        date TEXT,                        -- ISO YYYY-MM-DD
        categories TEXT NOT NULL,         -- JSON array, primary first
        arxiv_id TEXT,
        doi TEXT,
        url TEXT,
        upvotes INTEGER,
        comment TEXT,
        venue TEXT,
        trust TEXT NOT NULL,              -- JSON: trust of the source behind each field
        seq INTEGER NOT NULL,             -- change counter, for derived indexes
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX papers_date ON papers (date);
      CREATE INDEX papers_seq ON papers (seq);

      -- What filters look at, narrow so a filter scans ~100 bytes a paper, not whole abstracts.
      CREATE TABLE paper_facets (
        paper INTEGER PRIMARY KEY REFERENCES papers (rowid),
        date TEXT,
        authors TEXT NOT NULL,            -- folded names between bars: |jane doe|ana muller|
        categories TEXT NOT NULL          -- lower-cased between bars: |cs.cl|cs.lg|
      ) STRICT;

      CREATE TABLE identity_keys (
        key TEXT PRIMARY KEY,
        paper INTEGER NOT NULL REFERENCES papers (rowid)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        records INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        first_ingested_at TEXT NOT NULL,
        last_ingested_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE records (
        hash TEXT PRIMARY KEY,
        paper INTEGER NOT NULL REFERENCES papers (rowid),
        file INTEGER NOT NULL REFERENCES files (id),
        line INTEGER NOT NULL,
        format TEXT NOT NULL,
        date TEXT,
        ingested_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX records_paper ON records (paper);

      CREATE TABLE merges (
        paper INTEGER NOT NULL REFERENCES papers (rowid),
        record TEXT NOT NULL,
        reason TEXT NOT NULL,
        similarity REAL,
        other_arxiv_id TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX merges_paper ON merges (paper);

      CREATE TABLE skips (
        file INTEGER NOT NULL REFERENCES files (id),
        line INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (file, line)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE artifacts (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'embedding vectors, one per paper and model',
    sql: `
      CREATE TABLE vectors (
        model TEXT NOT NULL,              -- the EmbeddingProvider modelId that made it
        paper INTEGER NOT NULL REFERENCES papers (rowid),
        seq INTEGER NOT NULL,             -- the paper's seq when embedded: older means stale
        vector BLOB NOT NULL,             -- float32, little-endian, unit length
        PRIMARY KEY (model, paper)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'accounts: users, sessions, API tokens, upvotes; an index for the daily lists',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,      -- scrypt$N$r$p$salt$hash: parameters kept with the hash
        admin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,         -- sha-256 of the cookie's random 256-bit id
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions (user);
      CREATE INDEX sessions_expires ON sessions (expires_at);

      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,  -- sha-256 of the token, which is shown once
        name TEXT NOT NULL,
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      ) STRICT;
      CREATE INDEX api_tokens_user ON api_tokens (user);

      CREATE TABLE upvotes (
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        paper INTEGER NOT NULL REFERENCES papers (rowid),
        created_at TEXT NOT NULL,
        PRIMARY KEY (user, paper)
      ) STRICT, WITHOUT ROWID;

      -- Users' upvotes per paper, kept by triggers, so the daily lists sort without counting; and a
      -- counter of upvote changes (they do not touch papers, so the paper seq does not see them).
      CREATE TABLE paper_votes (
        paper INTEGER PRIMARY KEY REFERENCES papers (rowid),
        votes INTEGER NOT NULL
      ) STRICT;
      INSERT INTO meta (key, value) VALUES ('vote_seq', '0');
      CREATE TRIGGER upvotes_insert AFTER INSERT ON upvotes BEGIN
        INSERT INTO paper_votes (paper, votes) VALUES (NEW.paper, 1)
          ON CONFLICT (paper) DO UPDATE SET votes = votes + 1;
        UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'vote_seq';
      END;
      CREATE TRIGGER upvotes_delete AFTER DELETE ON upvotes BEGIN
        UPDATE paper_votes SET votes = votes - 1 WHERE paper = OLD.paper;
        UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'vote_seq';
      END;

      -- Covers the daily lists: a date range is read from the index alone, never from the wide rows.
      CREATE INDEX papers_date_rank ON papers (date, upvotes, id);
    `,
  },
  {
    version: 4,
    description: 'subscriptions and digests: user emails, subscriptions, papers sent, last digest',
    sql: `
      ALTER TABLE users ADD COLUMN email TEXT;
      ALTER TABLE users ADD COLUMN last_digest_at TEXT;

      -- Feed and unsubscribe tokens are HMACs of the subscription id (accounts/csrf.ts's secret), so no
      -- secret is stored here: deleting the subscription is what revokes them.
      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('search', 'topic', 'author', 'question')),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (user, kind, value)
      ) STRICT;

      -- One row per paper a user was sent: the primary key is what keeps a paper from being sent twice.
      -- The subscription is kept for the record only (it may since have been removed).
      CREATE TABLE digest_sent (
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        paper INTEGER NOT NULL REFERENCES papers (rowid),
        subscription INTEGER,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (user, paper)
      ) STRICT, WITHOUT ROWID;

      -- "Papers added since": digests and feeds read a time range of this index, not the table.
      CREATE INDEX papers_created ON papers (created_at);
    `,
  },
  {
    version: 5,
    description: 'ids handed out (unsubscribe links, feed URLs, token ids) are never given again',
    // Without AUTOINCREMENT SQLite gives a deleted last row's id to the next row, so an old link
    // would name somebody else's subscription. users is referenced by five tables and cannot be
    // rebuilt inside a transaction with foreign keys on (dropping it would cascade): it is never
    // deleted from instead, which keeps its ids from coming back just as well.
    sql: `
      CREATE TABLE subscriptions_v5 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('search', 'topic', 'author', 'question')),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (user, kind, value)
      ) STRICT;
      INSERT INTO subscriptions_v5 (id, user, kind, value, created_at) SELECT id, user, kind, value, created_at FROM subscriptions;
      DROP TABLE subscriptions;
      ALTER TABLE subscriptions_v5 RENAME TO subscriptions;

      CREATE TABLE api_tokens_v5 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      ) STRICT;
      INSERT INTO api_tokens_v5 (id, token_hash, name, user, created_at, last_used_at)
        SELECT id, token_hash, name, user, created_at, last_used_at FROM api_tokens;
      DROP TABLE api_tokens;
      ALTER TABLE api_tokens_v5 RENAME TO api_tokens;
      CREATE INDEX api_tokens_user ON api_tokens (user);

      -- A removed subscription's unsubscribe link may be in an email: start past every id a digest named.
      DELETE FROM sqlite_sequence WHERE name IN ('subscriptions', 'subscriptions_v5', 'api_tokens', 'api_tokens_v5');
      INSERT INTO sqlite_sequence (name, seq) VALUES
        ('subscriptions', max(coalesce((SELECT max(id) FROM subscriptions), 0), coalesce((SELECT max(subscription) FROM digest_sent), 0))),
        ('api_tokens', coalesce((SELECT max(id) FROM api_tokens), 0));

      CREATE TRIGGER users_never_deleted BEFORE DELETE ON users BEGIN
        SELECT RAISE(ABORT, 'users are never deleted: their ids are in unsubscribe links already sent');
      END;
    `,
  },
  {
    version: 6,
    description: 'derived data (indexes, models) moves out of the database into artifact files',
    // better-sqlite3 refuses a blob over 512 MB, and a blob is read whole: as files, artifacts
    // have no size limit and a command reads only the parts it needs (store/artifact-file.ts).
    sql: '',
    run: (db, dir) => {
      const rows = db.prepare('SELECT name, version, seq, bytes FROM artifacts').iterate() as IterableIterator<{ name: string; version: number; seq: number; bytes: Buffer }>;
      // A crash before the commit leaves the rows in place and this migration to run again: it
      // then writes the same files over.
      for (const r of rows) if (isArtifactName(r.name)) writeArtifactFile(path.join(dir, ARTIFACTS_DIR), r.name, { version: r.version, seq: r.seq }, [r.bytes]);
      db.exec('DROP TABLE artifacts');
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

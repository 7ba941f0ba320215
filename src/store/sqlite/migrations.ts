/**
 * Versioned schema of the SQLite library. `PRAGMA user_version` holds the version; each migration
 * runs in its own transaction, so an interrupted upgrade leaves the previous version intact.
 * Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Libraries as an older paperboy left them, written by raw SQL of that schema: for migration tests. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../sqlite/migrations.js';
import { DATABASE_FILE, migrate } from '../sqlite/sqlite-store.js';

/** Creates the library file in `dir` at schema `version` and runs `sql` on it. */
export function createLibraryAtVersion(dir: string, version: number, sql: string): void {
  const db = new Database(path.join(dir, DATABASE_FILE));
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.filter((m) => m.version <= version));
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** Runs `sql` on the library in `dir` through a connection of its own (a store may have it open). */
export function runSql(dir: string, sql: string): void {
  const db = new Database(path.join(dir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    db.exec(sql);
  } finally {
    db.close();
  }
}

/**
 * A schema-4 library in which SQLite reused a subscription id, as it did before schema 5: ada's
 * subscription 2 was emailed (digest_sent) and removed, and bob's next subscription got id 2; her
 * subscription 3 was emailed and removed too, so the highest id in the table (2) is not the
 * highest one a digest named (3). Users ada (1) and bob (2) have a session, an API token and an
 * upvote each; ada keeps subscription 1.
 */
export const VERSION_4_REUSED_IDS = `
  INSERT INTO papers (rowid, id, title, title_derived, abstract, authors, categories, trust, seq, created_at, updated_at) VALUES
    (1, '2401.00001', 'Dense Retrieval With Small Models', 0, 'We study retrieval.', '["Jane Doe"]', '["cs.IR"]', '{}', 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    (2, '2401.00002', 'Image Segmentation At Scale Today', 0, 'We study segmentation.', '["John Roe"]', '["cs.CV"]', '{}', 2, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
  UPDATE meta SET value = '2' WHERE key = 'seq';
  INSERT INTO users (id, name, password_hash, admin, created_at, email) VALUES
    (1, 'ada', 'x', 0, '2024-01-01T00:00:00.000Z', 'ada@example.org'),
    (2, 'bob', 'x', 0, '2024-01-01T00:00:00.000Z', 'bob@example.org');
  INSERT INTO sessions (id_hash, user, expires_at, created_at) VALUES
    ('hash-ada', 1, '2999-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    ('hash-bob', 2, '2999-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
  INSERT INTO api_tokens (id, token_hash, name, user, created_at) VALUES
    (1, 'token-ada', 'laptop', 1, '2024-01-01T00:00:00.000Z'),
    (2, 'token-bob', 'script', 2, '2024-01-01T00:00:00.000Z');
  INSERT INTO upvotes (user, paper, created_at) VALUES (1, 1, '2024-01-01T00:00:00.000Z'), (2, 2, '2024-01-01T00:00:00.000Z');
  INSERT INTO subscriptions (id, user, kind, value, created_at) VALUES
    (1, 1, 'search', 'dense retrieval', '2024-01-01T00:00:00.000Z'),
    (2, 1, 'author', 'Jane Doe', '2024-01-02T00:00:00.000Z'),
    (3, 1, 'search', 'segmentation', '2024-01-03T00:00:00.000Z');
  INSERT INTO digest_sent (user, paper, subscription, sent_at) VALUES
    (1, 1, 2, '2024-01-04T00:00:00.000Z'),
    (1, 2, 3, '2024-01-04T00:00:00.000Z');
  DELETE FROM subscriptions WHERE id IN (2, 3);
  INSERT INTO subscriptions (user, kind, value, created_at) VALUES (2, 'search', 'private topic of bob', '2024-01-05T00:00:00.000Z');
`;

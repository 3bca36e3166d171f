import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const SCHEMA_VERSION = 4;

/**
 * Opens (or creates) the embedded engine's SQLite file with its tables: enterprises, products (the
 * filter/sort fields, also loaded into memory at start), product_data (each hit's document),
 * product_certs, and the FTS5 table over folded text with its vocabulary view (typo tolerance).
 */
export function openEmbeddedDatabase(file: string): Database.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  // Read through a memory map and keep temporary sorts in memory: most queries touch many small rows.
  db.pragma("mmap_size = 268435456");
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  // Filters and sorts run in memory (embedded-columns.ts), so products carries no index but by enterprise (v4).
  // A file written by an older layout is dropped (and so rebuilt from MongoDB at start-up: its "source" note goes too).
  if (db.pragma("user_version", { simple: true }) !== SCHEMA_VERSION) {
    db.exec(`DROP TABLE IF EXISTS product_vocab; DROP TABLE IF EXISTS product_text; DROP TABLE IF EXISTS product_certs;
      DROP TABLE IF EXISTS product_data; DROP TABLE IF EXISTS products; DROP TABLE IF EXISTS enterprises; DROP TABLE IF EXISTS meta;`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS enterprises (
      id TEXT PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL, folded TEXT NOT NULL,
      visible INTEGER NOT NULL, commune TEXT NOT NULL, lat REAL, lng REAL
    );
    CREATE TABLE IF NOT EXISTS products (
      rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, enterprise_id TEXT NOT NULL,
      category TEXT NOT NULL, category_parent TEXT, commune TEXT NOT NULL, ocop INTEGER NOT NULL, certs TEXT NOT NULL,
      made_in_vn INTEGER NOT NULL, price INTEGER NOT NULL, moq INTEGER NOT NULL, in_stock INTEGER NOT NULL,
      published_at INTEGER NOT NULL, lat REAL, lng REAL, name_lower TEXT NOT NULL, name_folded TEXT NOT NULL
    );
    -- The hit's document, apart so that the rows scanned by filters, sorts and facets stay small.
    CREATE TABLE IF NOT EXISTS product_data (rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS products_enterprise ON products (enterprise_id);
    CREATE TABLE IF NOT EXISTS product_certs (rid INTEGER NOT NULL, cert TEXT NOT NULL, PRIMARY KEY (rid, cert)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE IF NOT EXISTS product_text USING fts5(
      name, category, enterprise, description, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS product_vocab USING fts5vocab(product_text, 'row');
  `);
  return db;
}

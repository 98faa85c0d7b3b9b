import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema.ts';
import { SqliteReadDialect } from './read-driver.ts';

function openReadConnection(file: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(file, { readonly: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Opens (creating if needed) the embedded SQLite database in WAL mode. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets page views read while an import writes; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Page views read through their own connection: in WAL mode it sees every committed write,
  // never waits for an import's transaction, and needs no mutex (see read-driver.ts).
  // (An in-memory database is private to its connection, so there the writer reads too.)
  const reader = file === ':memory:' ? kysely : new Kysely<Database>({ dialect: new SqliteReadDialect(openReadConnection(file)) });
  return Object.freeze({
    kysely,
    reader,
    dialect: 'sqlite' as const,
    description: `sqlite:${file}`,
    close: async () => {
      if (reader !== kysely) await reader.destroy();
      await kysely.destroy();
    },
  });
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema.ts';

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a simple
 * query, so statements are kept by SQL text (queries are parameterised, so the set of texts is
 * small). Safe because Kysely runs one query at a time per connection and Kinora never streams.
 */
function withStatementCache(db: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
      return (sql: string) => {
        let stmt = cache.get(sql);
        if (!stmt) {
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          stmt = target.prepare(sql);
          cache.set(sql, stmt);
        }
        return stmt;
      };
    },
  });
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
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return Object.freeze({
    kysely,
    dialect: 'sqlite' as const,
    description: `sqlite:${file}`,
    close: () => kysely.destroy(),
  });
}

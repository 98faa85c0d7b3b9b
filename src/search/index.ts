import type { Db } from '../db/database.ts';
import { createPostgresSearchIndex } from './postgres/search.index.ts';
import { createSqliteSearchIndex } from './sqlite/search.index.ts';
import type { SearchIndex } from './search.types.ts';

export * from './search.types.ts';

/** The search index for the database in use: FTS5 on SQLite, tsvector on PostgreSQL. */
export function createSearchIndex(db: Db): SearchIndex {
  return db.dialect === 'sqlite' ? createSqliteSearchIndex(db.reader) : createPostgresSearchIndex(db.reader);
}

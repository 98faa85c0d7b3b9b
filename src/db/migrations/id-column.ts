import type { CreateTableBuilder } from 'kysely';
import type { DialectName } from '../database.ts';

/** Adds an `id` primary key: SQLite's `integer primary key` is the rowid; PostgreSQL wants an identity column. */
export const withId = (dialect: DialectName) => <T extends string>(t: CreateTableBuilder<T, never>) =>
  dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity());

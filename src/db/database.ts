import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, which dialect is behind it, and how to close it. */
export interface Db {
  /** The handle for writes and transactions (and reads inside them). */
  readonly kysely: Kysely<Database>;
  /** The handle for reads outside transactions: a separate lock-free connection on SQLite, the same pool on PostgreSQL. */
  readonly reader: Kysely<Database>;
  readonly dialect: DialectName;
  /** A human-readable description for logs, never containing a password. */
  readonly description: string;
  close(): Promise<void>;
}

import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, which dialect is behind it, and how to close it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** A human-readable description for logs, never containing a password. */
  readonly description: string;
  close(): Promise<void>;
}

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from '../database.ts';
import type { Database } from '../schema.ts';

// Counts and ids come back from PostgreSQL as int8; the catalog's numbers stay far below 2^53,
// so they are parsed to plain numbers here, for this pool only, rather than in every query.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Opens a pool of connections to a PostgreSQL server. */
export function openPostgres(url: string, onIdleError: (e: Error) => void = () => {}, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection can be cut by the server (restart, failover). pg drops it from the pool and
  // the next query opens a new one; without a listener the event would crash the process.
  pool.on('error', onIdleError);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return Object.freeze({
    kysely,
    reader: kysely,
    dialect: 'postgres' as const,
    description: safe.href,
    close: () => kysely.destroy(),
  });
}

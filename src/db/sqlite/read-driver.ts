import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
} from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

/**
 * A connection that runs each query synchronously on its own better-sqlite3 handle and keeps the
 * prepared statements. Kysely's own SQLite driver serialises every query through an async mutex
 * (needed on a connection that also runs transactions); a connection that only reads needs none,
 * and on the film page that mutex and the re-preparing cost more than the queries themselves.
 */
class SqliteReadConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }

  #prepare(sql: string): SqliteDatabase.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(query.sql);
    if (!stmt.reader) throw new Error('The read connection runs only queries that return rows.');
    return { rows: stmt.all(query.parameters as unknown[]) as R[] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on the read connection.');
  }
}

class SqliteReadDriver implements Driver {
  readonly #db: SqliteDatabase.Database;
  readonly #connection: SqliteReadConnection;

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
    this.#connection = new SqliteReadConnection(db);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('The read connection does not run transactions.');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    this.#db.close();
  }
}

/** A Kysely dialect over a read-only better-sqlite3 handle: no mutex, cached statements. */
export class SqliteReadDialect implements Dialect {
  readonly #db: SqliteDatabase.Database;
  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }
  createDriver(): Driver {
    return new SqliteReadDriver(this.#db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

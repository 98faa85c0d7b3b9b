import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/config.ts';
import { requireOrSkip } from './strict.ts';

/** The PostgreSQL server tests use; each test database is created on it and dropped afterwards. */
export const POSTGRES_URL = process.env.KINORA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const withPostgres = requireOrSkip('PostgreSQL', await postgresReachable(), `no server at ${POSTGRES_URL} (set KINORA_TEST_POSTGRES_URL)`);

/** A database a test owns: its configuration, and how to throw it away. */
export interface TestDatabase {
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

export interface DialectUnderTest {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const sqlite: DialectUnderTest = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-db-'));
    return { config: { kind: 'sqlite', file: join(dir, 'kinora.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: DialectUnderTest = {
  name: 'postgres',
  async create() {
    const name = `kinora_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return {
      config: { kind: 'postgres', url: url.href },
      async drop() {
        const c = new pg.Client({ connectionString: POSTGRES_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  },
};

/** Every dialect the store tests run against: SQLite always, PostgreSQL when reachable (always in CI). */
export const DIALECTS: readonly DialectUnderTest[] = withPostgres ? [sqlite, postgres] : [sqlite];

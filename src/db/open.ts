import type { DatabaseConfig } from '../config/config.ts';
import type { Db } from './database.ts';
import { openPostgres } from './postgres/connection.ts';
import { openSqlite } from './sqlite/connection.ts';

/** Opens the database the configuration names. */
export function openDatabase(config: DatabaseConfig, onIdleError?: (e: Error) => void): Db {
  return config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, onIdleError);
}

import type { Kysely } from 'kysely';
import { readVersion } from '../db/kv.versions.ts';
import type { Database } from '../db/schema.ts';

/** The kv row whose value changes with every write to the catalog (set by the importer). */
export const CATALOG_VERSION_KEY = 'catalog_version';

/** Reads the catalog's current version: one indexed row, cheap enough to check on every request. */
export const readCatalogVersion = (db: Kysely<Database>): Promise<string> => readVersion(db, CATALOG_VERSION_KEY);

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The kv row whose value changes with every write to the catalog (set by the importer). */
export const CATALOG_VERSION_KEY = 'catalog_version';

/** Reads the catalog's current version: one indexed row, cheap enough to check on every request. */
export async function readCatalogVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('kv').select('value').where('key', '=', CATALOG_VERSION_KEY).executeTakeFirst();
  return row?.value ?? '';
}

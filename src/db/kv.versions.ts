import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Versions of kinds of data, kept in `kv`: every write of that kind sets a new value in its own
 * transaction, so caches in any process (pages, query results) know at once that they are stale;
 * checking costs one indexed read.
 */
export async function bumpVersion(db: Kysely<Database>, key: string, now: string): Promise<void> {
  const value = `${now} ${randomUUID()}`;
  await db.insertInto('kv').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function readVersion(db: Kysely<Database>, key: string): Promise<string> {
  return (await db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirst())?.value ?? '';
}

import type { Kysely } from 'kysely';
import type { Database, RevisionsTable } from '../db/schema.ts';

/** Revisions of catalog records: every change of a film, person, subject or collection, with the full record after it. */

export type RecordKind = 'film' | 'person' | 'collection';

export interface Revision<T = unknown> {
  readonly number: number;
  readonly data: T;
  readonly summary: string;
  readonly actor: string;
  readonly createdAt: string;
}

const TABLE: Record<RecordKind, 'films' | 'people' | 'collections'> = { film: 'films', person: 'people', collection: 'collections' };

const idOf = async (db: Kysely<Database>, kind: RecordKind, slug: string): Promise<number | undefined> =>
  (await db.selectFrom(TABLE[kind]).select('id').where('slug', '=', slug).executeTakeFirst())?.id;

/** Every revision of a record, newest first; undefined when there is no such record. */
export async function revisionsOf<T>(db: Kysely<Database>, kind: RecordKind, slug: string): Promise<Revision<T>[] | undefined> {
  const id = await idOf(db, kind, slug);
  if (id === undefined) return undefined;
  const rows = await db.selectFrom('revisions').select(['number', 'data', 'summary', 'actor', 'created_at']).where('entity', '=', kind as RevisionsTable['entity']).where('entity_id', '=', id).orderBy('number', 'desc').execute();
  return rows.map((r) => ({ number: r.number, data: JSON.parse(r.data) as T, summary: r.summary, actor: r.actor, createdAt: r.created_at }));
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CollectionDetail, CollectionRef } from './catalog.types.ts';
import { selectFilmSummaries, summariesOf } from './film.store.ts';

/** A collection with its films in the collection's own order. */
export async function findCollectionBySlug(db: Kysely<Database>, slug: string): Promise<CollectionDetail | undefined> {
  const collection = await db.selectFrom('collections').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!collection) return undefined;
  const rows = await selectFilmSummaries(db)
    .innerJoin('collection_films', 'collection_films.film_id', 'films.id')
    .where('collection_films.collection_id', '=', collection.id)
    .orderBy('collection_films.position')
    .execute();
  return { id: collection.id, slug: collection.slug, title: collection.title, description: collection.description, films: await summariesOf(db, rows) };
}

export interface CollectionListing extends CollectionRef {
  readonly description: string;
  readonly filmCount: number;
}

/** Every collection with the number of films in it. */
export async function listCollections(db: Kysely<Database>): Promise<CollectionListing[]> {
  const rows = await db
    .selectFrom('collections')
    .leftJoin('collection_films', 'collection_films.collection_id', 'collections.id')
    .select((eb) => ['collections.slug', 'collections.title', 'collections.description', eb.fn.count<number>('collection_films.film_id').as('n')])
    .groupBy(['collections.id', 'collections.slug', 'collections.title', 'collections.description'])
    .orderBy('collections.title')
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, description: r.description, filmCount: Number(r.n) }));
}

import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BrowseQuery, FacetName, FacetValue } from './catalog.types.ts';
import { type FilmRow, selectFilmSummaries } from './film.store.ts';
import { countryName, languageName } from './names.ts';

type Filters = Pick<BrowseQuery, FacetName>;

/** The facet filters as one WHERE condition on `films`, leaving out `except` (for that facet's own counts). */
function filterCondition(filters: Filters, except?: FacetName) {
  return (eb: ExpressionBuilder<Database, 'films'>) => {
    const and = [];
    if (filters.decade !== undefined && except !== 'decade') and.push(eb('films.decade', '=', filters.decade));
    // EXISTS rather than `id IN (subquery)`: SQLite would materialise the whole subquery (tens of
    // thousands of ids for a large country) once per query, where EXISTS probes an index per film.
    if (filters.country !== undefined && except !== 'country')
      and.push(eb.exists(eb.selectFrom('film_countries').select('film_id').whereRef('film_countries.film_id', '=', 'films.id').where('film_countries.country', '=', filters.country)));
    if (filters.language !== undefined && except !== 'language')
      and.push(eb.exists(eb.selectFrom('film_languages').select('film_id').whereRef('film_languages.film_id', '=', 'films.id').where('film_languages.language', '=', filters.language)));
    if (filters.subject !== undefined && except !== 'subject')
      and.push(eb.exists(eb.selectFrom('film_subjects').innerJoin('subjects', 'subjects.id', 'film_subjects.subject_id').select('film_subjects.film_id').whereRef('film_subjects.film_id', '=', 'films.id').where('subjects.slug', '=', filters.subject)));
    if (filters.collection !== undefined && except !== 'collection')
      and.push(eb.exists(eb.selectFrom('collection_films').innerJoin('collections', 'collections.id', 'collection_films.collection_id').select('collection_films.film_id').whereRef('collection_films.film_id', '=', 'films.id').where('collections.slug', '=', filters.collection)));
    return eb.and(and);
  };
}

function ordered<O>(qb: SelectQueryBuilder<Database, 'films', O>, sort: BrowseQuery['sort']) {
  switch (sort) {
    case 'title':
      return qb.orderBy('films.sort_title').orderBy('films.id');
    case 'year':
      return qb.orderBy('films.year').orderBy('films.sort_title').orderBy('films.id');
    case 'added':
      return qb.orderBy('films.created_at', 'desc').orderBy('films.id', 'desc');
  }
}

/** One page of films matching the filters, and how many match in all. */
export async function findFilmPage(db: Kysely<Database>, query: BrowseQuery): Promise<{ rows: FilmRow[]; total: number }> {
  const where = filterCondition(query);
  const [rows, count] = await Promise.all([
    ordered(selectFilmSummaries(db).where(where), query.sort)
      .limit(query.perPage)
      .offset((query.page - 1) * query.perPage)
      .execute(),
    db.selectFrom('films').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

const FACET_LIMIT = 30;

/**
 * Counts per facet value among the films that match every *other* filter, so a reader can switch
 * between a facet's values without first clearing it (the usual behaviour of faceted catalogs).
 */
export async function countFacets(db: Kysely<Database>, filters: Filters): Promise<Record<FacetName, FacetValue[]>> {
  const [decade, country, language, subject, collection] = await Promise.all([
    db.selectFrom('films').where(filterCondition(filters, 'decade'))
      .select((eb) => ['films.decade as value', eb.fn.countAll<number>().as('n')])
      .groupBy('films.decade').orderBy('films.decade', 'desc').execute(),
    db.selectFrom('film_countries').innerJoin('films', 'films.id', 'film_countries.film_id').where(filterCondition(filters, 'country'))
      .select((eb) => ['film_countries.country as value', eb.fn.countAll<number>().as('n')])
      .groupBy('film_countries.country').orderBy('n', 'desc').orderBy('film_countries.country').limit(FACET_LIMIT).execute(),
    db.selectFrom('film_languages').innerJoin('films', 'films.id', 'film_languages.film_id').where(filterCondition(filters, 'language'))
      .select((eb) => ['film_languages.language as value', eb.fn.countAll<number>().as('n')])
      .groupBy('film_languages.language').orderBy('n', 'desc').orderBy('film_languages.language').limit(FACET_LIMIT).execute(),
    db.selectFrom('film_subjects').innerJoin('films', 'films.id', 'film_subjects.film_id').innerJoin('subjects', 'subjects.id', 'film_subjects.subject_id')
      .where(filterCondition(filters, 'subject'))
      .select((eb) => ['subjects.slug as value', 'subjects.name as label', eb.fn.countAll<number>().as('n')])
      .groupBy(['subjects.slug', 'subjects.name']).orderBy('n', 'desc').orderBy('subjects.name').limit(FACET_LIMIT).execute(),
    db.selectFrom('collection_films').innerJoin('films', 'films.id', 'collection_films.film_id').innerJoin('collections', 'collections.id', 'collection_films.collection_id')
      .where(filterCondition(filters, 'collection'))
      .select((eb) => ['collections.slug as value', 'collections.title as label', eb.fn.countAll<number>().as('n')])
      .groupBy(['collections.slug', 'collections.title']).orderBy('n', 'desc').orderBy('collections.title').limit(FACET_LIMIT).execute(),
  ]);
  return {
    decade: decade.map((r) => ({ value: String(r.value), label: `${r.value}s`, count: Number(r.n) })),
    country: country.map((r) => ({ value: r.value, label: countryName(r.value) ?? r.value, count: Number(r.n) })),
    language: language.map((r) => ({ value: r.value, label: languageName(r.value) ?? r.value, count: Number(r.n) })),
    subject: subject.map((r) => ({ value: r.value, label: r.label, count: Number(r.n) })),
    collection: collection.map((r) => ({ value: r.value, label: r.label, count: Number(r.n) })),
  };
}

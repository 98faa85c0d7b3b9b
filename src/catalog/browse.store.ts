import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FacetIndex, type FacetMembership } from './facet-index.ts';
import { countryName, languageName } from './names.ts';

/** Reads what the facet index needs: every film's sort keys and every facet membership. */
export async function loadFacetIndex(db: Kysely<Database>): Promise<FacetIndex> {
  const [films, countries, languages, subjects, collections] = await Promise.all([
    db.selectFrom('films').select(['id', 'decade', 'sort_title', 'year', 'created_at']).execute(),
    db.selectFrom('film_countries').select(['film_id', 'country']).execute(),
    db.selectFrom('film_languages').select(['film_id', 'language']).execute(),
    db.selectFrom('film_subjects').innerJoin('subjects', 'subjects.id', 'film_subjects.subject_id').select(['film_subjects.film_id', 'subjects.slug', 'subjects.name']).execute(),
    db.selectFrom('collection_films').innerJoin('collections', 'collections.id', 'collection_films.collection_id').select(['collection_films.film_id', 'collections.slug', 'collections.title']).execute(),
  ]);
  const memberships: FacetMembership[] = [
    ...countries.map((r) => ({ filmId: r.film_id, facet: 'country' as const, value: r.country, label: countryName(r.country) ?? r.country })),
    ...languages.map((r) => ({ filmId: r.film_id, facet: 'language' as const, value: r.language, label: languageName(r.language) ?? r.language })),
    ...subjects.map((r) => ({ filmId: r.film_id, facet: 'subject' as const, value: r.slug, label: r.name })),
    ...collections.map((r) => ({ filmId: r.film_id, facet: 'collection' as const, value: r.slug, label: r.title })),
  ];
  return new FacetIndex(
    films.map((f) => ({ id: f.id, decade: f.decade, sortTitle: f.sort_title, year: f.year, createdAt: f.created_at })),
    memberships,
    (_facet, value) => `${value}s`,
  );
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from './catalog.format.ts';
import type { FilmDetail, FilmSummary, PersonRef, Release } from './catalog.types.ts';

/** The columns a film summary is built from. */
export interface FilmRow {
  id: number;
  slug: string;
  title: string;
  original_title: string | null;
  year: number;
  runtime_minutes: number | null;
  synopsis: string;
  created_at: string;
}

const SUMMARY_COLUMNS = ['films.id', 'films.slug', 'films.title', 'films.original_title', 'films.year', 'films.runtime_minutes', 'films.synopsis', 'films.created_at'] as const;

/** Loads the directors of many films in one query and builds their summaries in the given order. */
export async function summariesOf(db: Kysely<Database>, rows: readonly FilmRow[]): Promise<FilmSummary[]> {
  if (rows.length === 0) return [];
  const directors = await db
    .selectFrom('credits')
    .innerJoin('people', 'people.id', 'credits.person_id')
    .select(['credits.film_id', 'people.slug', 'people.name', 'people.kind'])
    .where('credits.role', '=', 'director')
    .where('credits.film_id', 'in', rows.map((r) => r.id))
    .orderBy('credits.film_id')
    .orderBy('credits.position')
    .execute();
  const byFilm = new Map<number, PersonRef[]>();
  for (const d of directors) {
    const list = byFilm.get(d.film_id) ?? [];
    list.push({ slug: d.slug, name: d.name, kind: d.kind });
    byFilm.set(d.film_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    originalTitle: r.original_title,
    year: r.year,
    runtimeMinutes: r.runtime_minutes,
    synopsis: r.synopsis,
    directors: byFilm.get(r.id) ?? [],
    createdAt: r.created_at,
  }));
}

export const selectFilmSummaries = (db: Kysely<Database>) => db.selectFrom('films').select(SUMMARY_COLUMNS);

/** Everything the film page shows, in one round of queries. */
export async function findFilmBySlug(db: Kysely<Database>, slug: string): Promise<FilmDetail | undefined> {
  const film = await db.selectFrom('films').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!film) return undefined;
  const id = film.id;
  const [credits, appearances, subjects, countries, languages, places, reception, releases, files, collections] = await Promise.all([
    db.selectFrom('credits').innerJoin('people', 'people.id', 'credits.person_id')
      .select(['credits.role', 'credits.note', 'people.slug', 'people.name', 'people.kind'])
      .where('credits.film_id', '=', id).orderBy('credits.position').execute(),
    db.selectFrom('appearances').innerJoin('people', 'people.id', 'appearances.person_id')
      .select(['appearances.as_name', 'people.slug', 'people.name', 'people.kind'])
      .where('appearances.film_id', '=', id).orderBy('appearances.position').execute(),
    db.selectFrom('film_subjects').innerJoin('subjects', 'subjects.id', 'film_subjects.subject_id')
      .select(['subjects.slug', 'subjects.name']).where('film_subjects.film_id', '=', id).orderBy('film_subjects.position').execute(),
    db.selectFrom('film_countries').select('country').where('film_id', '=', id).orderBy('position').execute(),
    db.selectFrom('film_languages').select('language').where('film_id', '=', id).orderBy('position').execute(),
    db.selectFrom('film_places').select(['name', 'country']).where('film_id', '=', id).orderBy('position').execute(),
    db.selectFrom('reception_quotes').select(['quote', 'author', 'outlet', 'date', 'url']).where('film_id', '=', id).orderBy('position').execute(),
    db.selectFrom('releases').select(['id', 'name', 'created_at']).where('film_id', '=', id).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('release_files').innerJoin('releases', 'releases.id', 'release_files.release_id')
      .select(['release_files.release_id', 'release_files.path', 'release_files.bytes', 'release_files.sha256'])
      .where('releases.film_id', '=', id).orderBy('release_files.release_id').orderBy('release_files.position').execute(),
    db.selectFrom('collection_films').innerJoin('collections', 'collections.id', 'collection_films.collection_id')
      .select(['collections.slug', 'collections.title']).where('collection_films.film_id', '=', id).orderBy('collections.title').execute(),
  ]);
  const person = (p: { slug: string; name: string; kind: 'person' | 'organisation' }): PersonRef => ({ slug: p.slug, name: p.name, kind: p.kind });
  const releaseList: Release[] = releases.map((r) => {
    const own = files.filter((f) => f.release_id === r.id).map((f) => ({ path: f.path, bytes: Number(f.bytes), sha256: f.sha256 }));
    return { id: r.id, name: r.name, createdAt: r.created_at, files: own, totalBytes: own.reduce((n, f) => n + f.bytes, 0) };
  });
  return {
    id,
    slug: film.slug,
    title: film.title,
    originalTitle: film.original_title,
    year: film.year,
    runtimeMinutes: film.runtime_minutes,
    synopsis: film.synopsis,
    createdAt: film.created_at,
    updatedAt: film.updated_at,
    directors: credits.filter((c) => c.role === 'director').map(person),
    credits: credits.map((c) => ({ role: c.role as Role, note: c.note, person: person(c) })),
    appearances: appearances.map((a) => ({ as: a.as_name, person: person(a) })),
    subjects,
    countries: countries.map((c) => c.country),
    languages: languages.map((l) => l.language),
    places,
    reception,
    releases: releaseList,
    collections,
  };
}

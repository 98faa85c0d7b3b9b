import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from './catalog.format.ts';
import type { FilmCitation, FilmDetail, FilmSummary, PersonRef, Release, ReleaseTorrent } from './catalog.types.ts';

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

/** One row of the film-detail union: `k` says which list it belongs to, the other columns vary by list. */
interface DetailRow {
  k: 'c' | 'a' | 's' | 'n' | 'l' | 'p' | 'q' | 'r' | 'k' | 't' | 'o';
  pos: number;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
  f: string | null;
  g: string | null;
}

/**
 * Everything the film page shows in two queries: the film, then one UNION ALL of all its lists.
 * Ten small queries cost ten round trips through the query builder and the driver; the union is
 * plain SQL that both dialects run unchanged (text columns cast alike).
 */
export async function findFilmBySlug(db: Kysely<Database>, slug: string): Promise<FilmDetail | undefined> {
  const film = await db.selectFrom('films').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!film) return undefined;
  const id = film.id;
  const { rows } = await sql<DetailRow>`
    select 'c' as k, c.position as pos, c.role as a, c.note as b, p.slug as c, p.name as d, p.kind as e, null as f, null as g
      from credits c join people p on p.id = c.person_id where c.film_id = ${id}
    union all select 'a', ap.position, ap.as_name, null, p.slug, p.name, p.kind, null, null
      from appearances ap join people p on p.id = ap.person_id where ap.film_id = ${id}
    union all select 's', fs.position, s.slug, s.name, null, null, null, null, null
      from film_subjects fs join subjects s on s.id = fs.subject_id where fs.film_id = ${id}
    union all select 'n', position, country, null, null, null, null, null, null from film_countries where film_id = ${id}
    union all select 'l', position, language, null, null, null, null, null, null from film_languages where film_id = ${id}
    union all select 'p', position, name, country, null, null, null, null, null from film_places where film_id = ${id}
    union all select 'q', position, quote, author, outlet, date, url, null, null from reception_quotes where film_id = ${id}
    union all select 'r', r.id, r.name, r.created_at, f.path, f.sha256, cast(f.bytes as text), cast(f.position as text), r.taken_down_at
      from releases r join release_files f on f.release_id = r.id where r.film_id = ${id}
    union all select 't', t.release_id, t.version, t.name, cast(t.single_file as text), cast(t.piece_length as text), t.infohash_v1, t.infohash_v2, cast(t.private as text)
      from torrents t join releases r on r.id = t.release_id where r.film_id = ${id}
    union all select 'k', 0, co.slug, co.title, null, null, null, null, null
      from collection_films cf join collections co on co.id = cf.collection_id where cf.film_id = ${id}
    union all select 'o', position, source_key, note, null, null, null, null, null from film_sources where film_id = ${id}
  `.execute(db);

  const of = (k: DetailRow['k']) => rows.filter((r) => r.k === k).sort((x, y) => x.pos - y.pos);
  const person = (r: DetailRow): PersonRef => ({ slug: r.c!, name: r.d!, kind: r.e as PersonRef['kind'] });
  const credits = of('c').map((r) => ({ role: r.a as Role, note: r.b, person: person(r) }));
  const releases = new Map<number, { id: number; name: string; createdAt: string; takenDown: boolean; files: { path: string; bytes: number; sha256: string; position: number }[] }>();
  for (const r of of('r')) {
    const release = releases.get(r.pos) ?? { id: r.pos, name: r.a!, createdAt: r.b!, takenDown: r.g !== null, files: [] };
    release.files.push({ path: r.c!, sha256: r.d!, bytes: Number(r.e), position: Number(r.f) });
    releases.set(r.pos, release);
  }
  const torrents = new Map(of('t').map((r) => [r.pos, {
    version: r.a as ReleaseTorrent['version'], name: r.b!, singleFile: r.c === '1', pieceLength: Number(r.d), infohashV1: r.e, infohashV2: r.f, private: r.g === '1',
  }]));
  const releaseList: Release[] = [...releases.values()]
    .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id - y.id)
    .map((r) => {
      const files = r.files.sort((x, y) => x.position - y.position).map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 }));
      return { id: r.id, name: r.name, createdAt: r.createdAt, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0), torrent: torrents.get(r.id) ?? null, takenDown: r.takenDown };
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
    directors: credits.filter((c) => c.role === 'director').map((c) => c.person),
    credits,
    appearances: of('a').map((r) => ({ as: r.a, person: person(r) })),
    subjects: of('s').map((r) => ({ slug: r.a!, name: r.b! })),
    countries: of('n').map((r) => r.a!),
    languages: of('l').map((r) => r.a!),
    places: of('p').map((r) => ({ name: r.a!, country: r.b })),
    reception: of('q').map((r) => ({ quote: r.a!, author: r.b!, outlet: r.c!, date: r.d, url: r.e })),
    releases: releaseList,
    collections: of('k').map((r) => ({ slug: r.a!, title: r.b! })).sort((x, y) => x.title.localeCompare(y.title)),
    sources: of('o').map((r) => ({ key: r.a!, note: r.b })),
  };
}

/**
 * The films whose record cites a source, oldest first (at most 1000), for the source's page.
 * Every film is public (a takedown hides a release, never a film record), so none is left out.
 */
export async function filmsCiting(db: Kysely<Database>, key: string): Promise<FilmCitation[]> {
  const rows = await db.selectFrom('film_sources as fs').innerJoin('films as f', 'f.id', 'fs.film_id')
    .select(['f.slug', 'f.title', 'f.year', 'fs.note'])
    .where('fs.source_key', '=', key)
    .orderBy('f.year').orderBy('f.sort_title').orderBy('f.id').limit(1000).execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, year: r.year, note: r.note }));
}

/** Every registry key a film record cites, with the film, by film title: for the maintenance list of citations. */
export async function filmCitations(db: Kysely<Database>): Promise<{ slug: string; title: string; key: string }[]> {
  const rows = await db.selectFrom('film_sources as fs').innerJoin('films as f', 'f.id', 'fs.film_id')
    .select(['f.slug', 'f.title', 'fs.source_key']).orderBy('f.sort_title').orderBy('f.id').orderBy('fs.position').execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, key: r.source_key }));
}

/**
 * Slugs of the films whose subjects, people (credited or appearing) or places carry one of these
 * names: the films a wiki article on that name is about.
 */
export async function filmsNamed(db: Kysely<Database>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const list = [...names];
  const rows = await db.selectFrom('films as f').select(['f.slug', 'f.year'])
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom('film_subjects as fs').innerJoin('subjects as s', 's.id', 'fs.subject_id').whereRef('fs.film_id', '=', 'f.id').where('s.name', 'in', list).select('fs.film_id')),
      eb.exists(eb.selectFrom('credits as c').innerJoin('people as p', 'p.id', 'c.person_id').whereRef('c.film_id', '=', 'f.id').where('p.name', 'in', list).select('c.film_id')),
      eb.exists(eb.selectFrom('appearances as a').innerJoin('people as p', 'p.id', 'a.person_id').whereRef('a.film_id', '=', 'f.id').where('p.name', 'in', list).select('a.film_id')),
      eb.exists(eb.selectFrom('film_places as pl').whereRef('pl.film_id', '=', 'f.id').where('pl.name', 'in', list).select('pl.film_id')),
    ]))
    .orderBy('f.year').orderBy('f.slug').limit(500).execute();
  return rows.map((r) => r.slug);
}

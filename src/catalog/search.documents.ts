import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SearchDocument } from '../search/index.ts';
import { countryName } from './names.ts';

/** The text a film is found by: titles, synopsis, the names of its people, subjects and places. */
export async function filmSearchDocument(db: Kysely<Database>, filmId: number): Promise<SearchDocument> {
  const [film, credited, appearing, subjects, places, countries] = await Promise.all([
    db.selectFrom('films').select(['title', 'original_title', 'synopsis']).where('id', '=', filmId).executeTakeFirstOrThrow(),
    db.selectFrom('credits').innerJoin('people', 'people.id', 'credits.person_id').select('people.name').where('credits.film_id', '=', filmId).orderBy('credits.position').execute(),
    db.selectFrom('appearances').innerJoin('people', 'people.id', 'appearances.person_id').select(['people.name', 'appearances.as_name']).where('appearances.film_id', '=', filmId).orderBy('appearances.position').execute(),
    db.selectFrom('film_subjects').innerJoin('subjects', 'subjects.id', 'film_subjects.subject_id').select('subjects.name').where('film_subjects.film_id', '=', filmId).orderBy('film_subjects.position').execute(),
    db.selectFrom('film_places').select('name').where('film_id', '=', filmId).orderBy('position').execute(),
    db.selectFrom('film_countries').select('country').where('film_id', '=', filmId).orderBy('position').execute(),
  ]);
  const people = [...new Set([...credited.map((p) => p.name), ...appearing.flatMap((a) => (a.as_name ? [a.name, a.as_name] : [a.name]))])];
  return {
    kind: 'film',
    refId: filmId,
    title: film.title,
    altTitle: film.original_title ?? '',
    body: film.synopsis,
    people: people.join(' · '),
    subjects: [...subjects.map((s) => s.name), ...places.map((p) => p.name), ...countries.map((c) => countryName(c.country) ?? c.country)].join(' · '),
  };
}

export const personSearchDocument = (personId: number, name: string, bio: string): SearchDocument => ({
  kind: 'person', refId: personId, title: name, altTitle: '', body: bio, people: '', subjects: '',
});

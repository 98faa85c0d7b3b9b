import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PersonDetail, PersonRef } from './catalog.types.ts';
import { selectFilmSummaries, summariesOf } from './film.store.ts';

/** A person or organisation with every film they are credited on or appear in. */
export async function findPersonBySlug(db: Kysely<Database>, slug: string): Promise<PersonDetail | undefined> {
  const person = await db.selectFrom('people').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!person) return undefined;
  const [credits, appearances] = await Promise.all([
    db.selectFrom('credits').select(['film_id', 'role']).where('person_id', '=', person.id).orderBy('position').execute(),
    db.selectFrom('appearances').select(['film_id', 'as_name']).where('person_id', '=', person.id).execute(),
  ]);
  const roles = new Map<number, string[]>();
  const add = (filmId: number, role: string) => {
    const list = roles.get(filmId) ?? [];
    if (!list.includes(role)) list.push(role);
    roles.set(filmId, list);
  };
  for (const c of credits) add(c.film_id, c.role);
  for (const a of appearances) add(a.film_id, a.as_name ? `appears as ${a.as_name}` : 'appears');
  const ids = [...roles.keys()];
  const rows = ids.length
    ? await selectFilmSummaries(db).where('films.id', 'in', ids).orderBy('films.year', 'desc').orderBy('films.sort_title').execute()
    : [];
  const films = await summariesOf(db, rows);
  return {
    id: person.id,
    slug: person.slug,
    name: person.name,
    kind: person.kind,
    bio: person.bio,
    born: person.born,
    died: person.died,
    films: films.map((film) => ({ film, roles: roles.get(film.id) ?? [] })),
  };
}

/** People in name order, a page at a time. */
export async function findPeoplePage(db: Kysely<Database>, page: number, perPage: number): Promise<{ people: PersonRef[]; total: number }> {
  const [people, count] = await Promise.all([
    db.selectFrom('people').select(['slug', 'name', 'kind']).orderBy('sort_name').orderBy('id').limit(perPage).offset((page - 1) * perPage).execute(),
    db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { people, total: Number(count.n) };
}

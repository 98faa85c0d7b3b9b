import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CatalogDocument, CollectionInput, FilmInput, PersonInput, SubjectInput } from './catalog.format.ts';

/**
 * The whole catalog in the exchange format. Each record is its latest revision (the exact record
 * as last imported), and each film carries its releases with the SHA-256 of every file, so an
 * import into an archive that has the files restores them without copying.
 */
export async function exportCatalog(db: Kysely<Database>): Promise<CatalogDocument> {
  const latest = await db
    .selectFrom('revisions as r')
    .select(['r.entity', 'r.entity_id', 'r.data'])
    .where('r.number', '=', (eb) =>
      eb.selectFrom('revisions as r2').select((e) => e.fn.max('r2.number').as('m')).whereRef('r2.entity', '=', 'r.entity').whereRef('r2.entity_id', '=', 'r.entity_id'),
    )
    .orderBy('r.entity_id')
    .execute();
  const of = <T>(entity: string) => latest.filter((r) => r.entity === entity).map((r) => ({ id: r.entity_id, data: JSON.parse(r.data) as T }));

  const releases = await db.selectFrom('releases').select(['id', 'film_id', 'name']).orderBy('created_at').orderBy('id').execute();
  const files = await db.selectFrom('release_files').select(['release_id', 'path', 'bytes', 'sha256']).orderBy('release_id').orderBy('position').execute();
  const releasesOf = (filmId: number) =>
    releases
      .filter((r) => r.film_id === filmId)
      .map((r) => ({ name: r.name, files: files.filter((f) => f.release_id === r.id).map((f) => ({ path: f.path, bytes: Number(f.bytes), sha256: f.sha256 })) }));

  return {
    format: 'kinora-catalog',
    version: 1,
    people: of<PersonInput>('person').map((r) => r.data),
    subjects: of<SubjectInput>('subject').map((r) => r.data),
    films: of<FilmInput>('film').map((r) => {
      const rel = releasesOf(r.id);
      return rel.length ? { ...r.data, releases: rel } : r.data;
    }),
    collections: of<CollectionInput>('collection').map((r) => r.data),
  };
}

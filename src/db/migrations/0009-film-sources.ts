import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/**
 * The sources a film record cites, by key of the wiki's source registry, with a note of what the
 * record takes from each. The key is not a foreign key: a catalog may be imported before its
 * sources are registered, as an article may cite a key before it exists. A child of the film like
 * its credits, so it needs no id of its own; the index serves a source's page (which films cite it).
 */
export function filmSourcesMigration(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('film_sources')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('source_key', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('film_sources_pk', ['film_id', 'position'])
        .execute();
      await db.schema.createIndex('film_sources_key').on('film_sources').columns(['source_key', 'film_id']).execute();
    },
  };
}

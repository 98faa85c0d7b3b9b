import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { withId } from './id-column.ts';

/** The catalog: films, people, subjects, collections, releases, revisions, and the search index. */
export function catalogMigration(dialect: DialectName): Migration {
  const id = withId(dialect);
  return {
    async up(db: Kysely<any>) {
      await id(db.schema.createTable('films'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('original_title', 'text')
        .addColumn('sort_title', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('decade', 'integer', (c) => c.notNull())
        .addColumn('runtime_minutes', 'integer')
        .addColumn('synopsis', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('films_sort_title').on('films').columns(['sort_title', 'id']).execute();
      await db.schema.createIndex('films_year').on('films').columns(['year', 'sort_title', 'id']).execute();
      await db.schema.createIndex('films_decade').on('films').columns(['decade']).execute();
      await db.schema.createIndex('films_created').on('films').columns(['created_at', 'id']).execute();

      await id(db.schema.createTable('people'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull())
        .addColumn('born', 'text')
        .addColumn('died', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_sort_name').on('people').columns(['sort_name', 'id']).execute();

      await db.schema
        .createTable('credits')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('credits_pk', ['film_id', 'position'])
        .execute();
      await db.schema.createIndex('credits_person').on('credits').columns(['person_id']).execute();

      await db.schema
        .createTable('appearances')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
        .addColumn('as_name', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('appearances_pk', ['film_id', 'position'])
        .execute();
      await db.schema.createIndex('appearances_person').on('appearances').columns(['person_id']).execute();

      await id(db.schema.createTable('subjects'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('film_subjects')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('subject_id', 'integer', (c) => c.notNull().references('subjects.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('film_subjects_pk', ['film_id', 'subject_id'])
        .execute();
      await db.schema.createIndex('film_subjects_subject').on('film_subjects').columns(['subject_id', 'film_id']).execute();

      for (const [table, column] of [['film_countries', 'country'], ['film_languages', 'language']] as const) {
        await db.schema
          .createTable(table)
          .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
          .addColumn(column, 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['film_id', column])
          .execute();
        await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, 'film_id']).execute();
      }

      await db.schema
        .createTable('film_places')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addPrimaryKeyConstraint('film_places_pk', ['film_id', 'position'])
        .execute();

      await db.schema
        .createTable('reception_quotes')
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('outlet', 'text', (c) => c.notNull())
        .addColumn('date', 'text')
        .addColumn('url', 'text')
        .addPrimaryKeyConstraint('reception_quotes_pk', ['film_id', 'position'])
        .execute();

      await id(db.schema.createTable('collections'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('collection_films')
        .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('collection_films_pk', ['collection_id', 'film_id'])
        .execute();
      await db.schema.createIndex('collection_films_film').on('collection_films').columns(['film_id', 'collection_id']).execute();

      await id(db.schema.createTable('releases'))
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('releases_film_name', ['film_id', 'name'])
        .execute();

      await db.schema
        .createTable('release_files')
        .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('release_files_pk', ['release_id', 'position'])
        .execute();

      await id(db.schema.createTable('revisions'))
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'integer', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('revisions_entity_number', ['entity', 'entity_id', 'number'])
        .execute();

      await db.schema
        .createTable('kv')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      // The full-text structures are the one place the dialects differ (see src/search/<dialect>/).
      if (dialect === 'sqlite') {
        // One FTS5 table per kind, keyed by the record's id: a search ranks only the documents of
        // the kind it asks for. The Porter stemmer matches PostgreSQL's 'english' configuration
        // closely enough that the same query finds the same films on both backends.
        for (const kind of ['film', 'person']) {
          await sql`create virtual table ${sql.raw(`search_${kind}`)} using fts5(
            title, alt_title, body, people, subjects,
            tokenize = 'porter unicode61 remove_diacritics 2'
          )`.execute(db);
        }
      } else {
        await id(db.schema.createTable('search_docs'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ref_id', 'integer', (c) => c.notNull())
          .addUniqueConstraint('search_docs_ref', ['kind', 'ref_id'])
          .execute();
        await sql`create table search_text (
          doc_id integer primary key references search_docs(id) on delete cascade,
          title text not null, alt_title text not null, body text not null,
          people text not null, subjects text not null,
          document tsvector generated always as (
            setweight(to_tsvector('english', title), 'A') ||
            setweight(to_tsvector('english', alt_title), 'A') ||
            setweight(to_tsvector('english', people), 'B') ||
            setweight(to_tsvector('english', subjects), 'B') ||
            setweight(to_tsvector('english', body), 'C')
          ) stored
        )`.execute(db);
        await sql`create index search_text_document on search_text using gin (document)`.execute(db);
      }
    },
  };
}

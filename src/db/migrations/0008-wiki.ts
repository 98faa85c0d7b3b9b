import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { withId } from './id-column.ts';

/**
 * The wiki: pages (articles, categories, navigation boxes) whose every save is a revision, what
 * each page's latest revision links to, categorises, cites and covers (kept in tables so
 * backlinks, category pages and maintenance lists are queries), and the registry of sources.
 */
export function wikiMigration(dialect: DialectName): Migration {
  const id = withId(dialect);
  return {
    async up(db: Kysely<any>) {
      await id(db.schema.createTable('wiki_pages'))
        // Normalised (see src/wiki/title.ts): the page's identity.
        .addColumn('title', 'text', (c) => c.notNull().unique())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('latest_revision_id', 'integer')
        // The normalised target of a redirect page, else null.
        .addColumn('redirect_to', 'text')
        .addColumn('kind', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // Deleted by a moderator: kept with its history, restorable.
        .addColumn('deleted_at', 'text')
        .addColumn('deleted_reason', 'text')
        .execute();
      await db.schema.createIndex('wiki_pages_redirect').on('wiki_pages').column('redirect_to').execute();

      await id(db.schema.createTable('wiki_revisions'))
        .addColumn('page_id', 'integer', (c) => c.notNull().references('wiki_pages.id').onDelete('cascade'))
        // The revision the edit started from: null for a page's first.
        .addColumn('parent_id', 'integer')
        .addColumn('markup', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        // As shown in histories; for imported revisions, the name in the other wiki.
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('size_delta', 'integer', (c) => c.notNull())
        // The title the page had when this revision was saved (pages can be renamed).
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('imported', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('wiki_revisions_page').on('wiki_revisions').columns(['page_id', 'id']).execute();
      await db.schema.createIndex('wiki_revisions_created').on('wiki_revisions').columns(['created_at', 'id']).execute();

      for (const [table, column] of [['wiki_links', 'to_title'], ['wiki_categories', 'category'], ['wiki_citations', 'source_key']] as const) {
        await db.schema
          .createTable(table)
          .addColumn('page_id', 'integer', (c) => c.notNull().references('wiki_pages.id').onDelete('cascade'))
          .addColumn(column, 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['page_id', column])
          .execute();
        await db.schema.createIndex(`${table}_target`).on(table).column(column).execute();
      }

      await db.schema
        .createTable('wiki_film_coverage')
        .addColumn('page_id', 'integer', (c) => c.notNull().references('wiki_pages.id').onDelete('cascade'))
        .addColumn('film_slug', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('at', 'text')
        .addColumn('until', 'text')
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('wiki_film_coverage_pk', ['page_id', 'position'])
        .execute();
      await db.schema.createIndex('wiki_film_coverage_film').on('wiki_film_coverage').column('film_slug').execute();

      await id(db.schema.createTable('sources'))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        // CSL-JSON of the source, without its id (the key is its id).
        .addColumn('csl', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // What the source lacks, as sourceProblems says it ('' when nothing).
        .addColumn('problems', 'text', (c) => c.notNull())
        .addColumn('unreliable_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('source_revisions')
        .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('csl', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('source_revisions_pk', ['source_id', 'number'])
        .execute();

      if (dialect === 'sqlite') {
        await sql`create virtual table search_article using fts5(
          title, alt_title, body, people, subjects,
          tokenize = 'porter unicode61 remove_diacritics 2'
        )`.execute(db);
      }
    },
  };
}

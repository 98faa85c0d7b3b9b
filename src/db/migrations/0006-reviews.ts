import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';
import { withId } from './id-column.ts';

/**
 * Readers' reviews of films: one per reader per film, every edit kept as a revision, helpfulness
 * votes (one per reader per review), and moderators' hiding (never deleting).
 */
export function reviewsMigration(dialect: DialectName): Migration {
  const id = withId(dialect);
  return {
    async up(db: Kysely<any>) {
      await id(db.schema.createTable('reviews'))
        .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // Markdown as the reader wrote it; rendered (and sanitised) when shown.
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('spoilers', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('hidden_at', 'text')
        .addColumn('hidden_reason', 'text')
        .addUniqueConstraint('reviews_film_user', ['film_id', 'user_id'])
        .execute();
      await db.schema.createIndex('reviews_film').on('reviews').columns(['film_id', 'created_at']).execute();

      await db.schema
        .createTable('review_revisions')
        .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('spoilers', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_revisions_pk', ['review_id', 'number'])
        .execute();

      await db.schema
        .createTable('review_votes')
        .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // 1: helpful, 0: not helpful.
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_votes_pk', ['review_id', 'user_id'])
        .execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';
import { withId } from './id-column.ts';

/**
 * Flags readers raise against releases, reviews and film records, and the takedown of releases:
 * a release taken down is unlisted and no longer served or tracked, and can be restored.
 */
export function moderationMigration(dialect: DialectName): Migration {
  const id = withId(dialect);
  return {
    async up(db: Kysely<any>) {
      await id(db.schema.createTable('flags'))
        // release, review, film (and wiki pages, later); the id as text so every kind fits.
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        // open, resolved or dismissed.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('closed_at', 'text')
        .addColumn('resolution', 'text')
        .execute();
      await db.schema.createIndex('flags_target').on('flags').columns(['target_type', 'target_id', 'status']).execute();
      await db.schema.createIndex('flags_status').on('flags').columns(['status', 'created_at']).execute();

      await db.schema.alterTable('releases').addColumn('taken_down_at', 'text').execute();
      await db.schema.alterTable('releases').addColumn('takedown_reason', 'text').execute();
    },
  };
}

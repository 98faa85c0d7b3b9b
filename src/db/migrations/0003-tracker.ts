import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/**
 * What the tracker keeps beyond its live swarms: the last counts of each release (so completed
 * downloads survive a restart, and pages of a process without the swarms can show them) and
 * samples of peers over time for the film page's chart.
 */
export function trackerMigration(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tracker_stats')
        .addColumn('release_id', 'integer', (c) => c.primaryKey().references('releases.id').onDelete('cascade'))
        .addColumn('seeders', 'integer', (c) => c.notNull())
        .addColumn('leechers', 'integer', (c) => c.notNull())
        .addColumn('completed', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tracker_samples')
        .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
        // Start of the sampling period, ISO 8601 UTC; processes sharing swarms write one row per period.
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('seeders', 'integer', (c) => c.notNull())
        .addColumn('leechers', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('tracker_samples_pk', ['release_id', 'at'])
        .execute();
    },
  };
}

import { type Migration, type MigrationResult, Migrator } from 'kysely';
import type { Db } from './database.ts';
import { catalogMigration } from './migrations/0001-catalog.ts';
import { torrentsMigration } from './migrations/0002-torrents.ts';
import { trackerMigration } from './migrations/0003-tracker.ts';
import { accountsMigration } from './migrations/0004-accounts.ts';
import { privateTorrentsMigration } from './migrations/0005-private-torrents.ts';
import { reviewsMigration } from './migrations/0006-reviews.ts';
import { moderationMigration } from './migrations/0007-moderation.ts';
import { wikiMigration } from './migrations/0008-wiki.ts';
import { filmSourcesMigration } from './migrations/0009-film-sources.ts';

/** Every migration in order; names sort lexically, so they carry a zero-padded number. */
const migrationsFor = (db: Db): Record<string, Migration> => ({
  '0001-catalog': catalogMigration(db.dialect),
  '0002-torrents': torrentsMigration(db.dialect),
  '0003-tracker': trackerMigration(db.dialect),
  '0004-accounts': accountsMigration(db.dialect),
  '0005-private-torrents': privateTorrentsMigration(db.dialect),
  '0006-reviews': reviewsMigration(db.dialect),
  '0007-moderation': moderationMigration(db.dialect),
  '0008-wiki': wikiMigration(db.dialect),
  '0009-film-sources': filmSourcesMigration(db.dialect),
});

const migratorFor = (db: Db) => new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrationsFor(db) } });

/** Brings the schema up to date. Each migration runs in its own transaction on both dialects. */
export async function migrateToLatest(db: Db): Promise<readonly MigrationResult[]> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

/** Brings the schema up to `name` and no further: for tests of a migration over data written before it. */
export async function migrateUpTo(db: Db, name: string): Promise<readonly MigrationResult[]> {
  const { error, results } = await migratorFor(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

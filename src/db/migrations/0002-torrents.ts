import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/**
 * Each release's torrent: the `info` dictionary exactly as hashed (never re-encoded, so the
 * infohashes never change) and the BEP 52 piece layers that belong with it. Announce and web-seed
 * URLs are not stored; they are added when the torrent is served.
 */
export function torrentsMigration(dialect: DialectName): Migration {
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('torrents')
        .addColumn('release_id', 'integer', (c) => c.primaryKey().references('releases.id').onDelete('cascade'))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('piece_length', 'integer', (c) => c.notNull())
        .addColumn('single_file', 'integer', (c) => c.notNull())
        .addColumn('info', bytes, (c) => c.notNull())
        .addColumn('piece_layers', bytes)
        .addColumn('infohash_v1', 'text', (c) => c.unique())
        .addColumn('infohash_v2', 'text', (c) => c.unique())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('creation_date', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

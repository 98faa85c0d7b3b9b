import type { Kysely, Migration } from 'kysely';
import { decode, isDict } from '../../torrent/bencode.ts';
import type { DialectName } from '../database.ts';

/**
 * BEP 27 private torrents: `private` mirrors the flag inside the stored `info` (so the tracker
 * can ask for passkeys without parsing torrents). Torrents stored before this are read once to
 * set it: imported torrents could be private already.
 */
export function privateTorrentsMigration(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('torrents').addColumn('private', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      const rows = await db.selectFrom('torrents').select(['release_id', 'info']).execute();
      for (const r of rows as { release_id: number; info: Uint8Array }[]) {
        const info = decode(Buffer.from(r.info));
        if (isDict(info) && info.get('private') === 1) await db.updateTable('torrents').set({ private: 1 }).where('release_id', '=', r.release_id).execute();
      }
    },
  };
}

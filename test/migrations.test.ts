import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open.ts';
import { encode } from '../src/torrent/index.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';

/** Migrations over data written before them, on every dialect. */
describe.each(DIALECTS)('migrations on $name', (dialect) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  it('0005 marks the torrents stored before it that are private (BEP 27), and only those', async () => {
    const t = await dialect.create();
    made.push(t);
    const db = openDatabase(t.config);
    try {
      await migrateUpTo(db, '0004-accounts');
      const k = db.kysely as unknown as import('kysely').Kysely<any>;
      const now = '2026-12-01T00:00:00.000Z';
      const { id: filmId } = await k.insertInto('films').values({ slug: 'f', title: 'F', original_title: null, sort_title: 'f', year: 1930, decade: 1930, runtime_minutes: null, synopsis: '', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const info = (priv: boolean) => encode({ length: 1, name: 'a', 'piece length': 16384, pieces: Buffer.alloc(20), ...(priv ? { private: 1 } : {}) });
      for (const [i, priv] of [false, true].entries()) {
        const { id } = await k.insertInto('releases').values({ film_id: filmId, name: `r${i}`, created_at: now }).returning('id').executeTakeFirstOrThrow();
        await k.insertInto('torrents').values({ release_id: id, version: 'v1', name: 'a', piece_length: 16384, single_file: 1, info: info(priv), piece_layers: null, infohash_v1: String(i).repeat(40), infohash_v2: null, created_by: 'test', creation_date: 0 }).execute();
      }
      await migrateToLatest(db);
      const rows = await k.selectFrom('torrents').select(['infohash_v1', 'private']).orderBy('infohash_v1').execute();
      expect(rows.map((r: { private: unknown }) => Number(r.private))).toEqual([0, 1]);
    } finally {
      await db.close();
    }
  });

  it('0009 leaves films stored before it citing nothing, and their revisions as they were', async () => {
    const t = await dialect.create();
    made.push(t);
    const db = openDatabase(t.config);
    try {
      await migrateUpTo(db, '0008-wiki');
      const k = db.kysely as unknown as import('kysely').Kysely<any>;
      const now = '2026-12-01T00:00:00.000Z';
      const { id: filmId } = await k.insertInto('films').values({ slug: 'f', title: 'F', original_title: null, sort_title: 'f', year: 1930, decade: 1930, runtime_minutes: null, synopsis: '', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const data = JSON.stringify({ slug: 'f', title: 'F', year: 1930, languages: [], countries: [], synopsis: '', credits: [], appearances: [], subjects: [], places: [], reception: [] });
      await k.insertInto('revisions').values({ entity: 'film', entity_id: filmId, number: 1, data, summary: 'Imported', actor: 'test', created_at: now }).execute();
      await migrateToLatest(db);
      expect(await k.selectFrom('film_sources').selectAll().execute()).toEqual([]);
      expect((await k.selectFrom('revisions').select('data').executeTakeFirstOrThrow()).data).toBe(data);
      // Keys are not foreign keys (a catalog may come before its sources); a film's rows go with it.
      await k.insertInto('film_sources').values({ film_id: filmId, position: 0, source_key: 'not-registered', note: null }).execute();
      await k.deleteFrom('films').where('id', '=', filmId).execute();
      expect(await k.selectFrom('film_sources').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

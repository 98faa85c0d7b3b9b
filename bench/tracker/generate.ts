/**
 * Writes a catalog database of N releases, each with a v1 torrent, for the tracker benchmark, and
 * the infohashes (40 hex digits, one a line, in release order) that opentracker's whitelist, the
 * bittorrent-tracker filter and the load generators read. Rows are inserted directly: the tracker
 * reads only `torrents` (and the catalog version), and 10,000 imports of real files would take
 * minutes for nothing the tracker looks at. Each `info` is a real bencoded dictionary whose SHA-1
 * is the stored infohash, so the database stays consistent.
 *
 *   npx tsx bench/tracker/generate.ts --data <dir> --torrents 10000 [--seed 1]
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOG_VERSION_KEY } from '../../src/catalog/read-cache.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { mulberry32 } from '../../src/prng.ts';
import { encode } from '../../src/torrent/index.ts';

const USAGE = 'usage: generate.ts --data <dir> --torrents N [--seed N]';
/** Rows per INSERT: SQLite allows 32,766 bound values, and a torrent row has 10. */
const BATCH = 500;

function whole(name: string, text: string | undefined, fallback: number | undefined): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1) throw new Error(`--${name}: "${text ?? ''}" is not a whole number ≥ 1\n${USAGE}`);
  return n;
}

/** A single-file v1 `info` of 64 MiB in 4 MiB pieces, with piece hashes from the seeded PRNG. */
function infoOf(index: number, next: () => number): { name: string; info: Buffer } {
  const name = `kinora-bench-${String(index).padStart(6, '0')}.mkv`;
  const pieces = Buffer.alloc(16 * 20);
  for (let i = 0; i < pieces.length; i += 4) pieces.writeUInt32BE(Math.floor(next() * 0x100000000), i);
  return { name, info: encode({ length: 1 << 26, name, 'piece length': 1 << 22, pieces }) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, torrents: { type: 'string' }, seed: { type: 'string' } } });
  if (!values.data) throw new Error(USAGE);
  const torrents = whole('torrents', values.torrents, undefined);
  const seed = whole('seed', values.seed, 1);
  const next = mulberry32(seed);
  const db = openDatabase({ kind: 'sqlite', file: join(values.data, 'kinora.db') });
  const hashes: string[] = [];
  try {
    await migrateToLatest(db);
    const now = new Date(Date.UTC(2025, 0, 1)).toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      for (let from = 0; from < torrents; from += BATCH) {
        const indexes = Array.from({ length: Math.min(BATCH, torrents - from) }, (_, i) => from + i);
        const films = await trx
          .insertInto('films')
          .values(indexes.map((i) => ({ slug: `bench-${i}`, title: `Bench film ${i}`, original_title: null, sort_title: `bench film ${String(i).padStart(6, '0')}`, year: 1895 + (i % 130), decade: 1890 + Math.floor((5 + (i % 130)) / 10) * 10, runtime_minutes: 90, synopsis: 'A generated film for the tracker benchmark.', created_at: now, updated_at: now })))
          .returning('id')
          .execute();
        const releases = await trx
          .insertInto('releases')
          .values(films.map((f) => ({ film_id: f.id, name: '1080p', created_at: now })))
          .returning('id')
          .execute();
        const rows = releases.map((r, k) => {
          const { name, info } = infoOf(indexes[k]!, next);
          const hash = createHash('sha1').update(info).digest('hex');
          hashes.push(hash);
          return { release_id: r.id, version: 'v1' as const, name, piece_length: 1 << 22, single_file: 1, info, piece_layers: null, infohash_v1: hash, infohash_v2: null, created_by: 'kinora bench', creation_date: 1735689600, private: 0 };
        });
        await trx.insertInto('torrents').values(rows).execute();
      }
      await trx
        .insertInto('kv')
        .values({ key: CATALOG_VERSION_KEY, value: `bench-tracker-${torrents}-${seed}` })
        .onConflict((c) => c.column('key').doUpdateSet({ value: `bench-tracker-${torrents}-${seed}` }))
        .execute();
    });
  } finally {
    await db.close();
  }
  await writeFile(join(values.data, 'infohashes.txt'), `${hashes.join('\n')}\n`);
  process.stdout.write(`${torrents} releases with v1 torrents written to ${join(values.data, 'kinora.db')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

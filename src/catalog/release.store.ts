import { type Kysely, sql } from 'kysely';
import type { Database, TorrentsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** A release's torrent as stored: the exact `info` bytes and what belongs with them. */
export type StoredTorrent = Omit<TorrentsTable, 'release_id'>;

export interface NewRelease {
  readonly filmId: number;
  readonly name: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
  readonly torrent: StoredTorrent;
  readonly now: string;
}

/** A release with its files and torrent, as the file server and the `.torrent` route need it. */
export interface ReleaseRecord {
  readonly id: number;
  readonly filmSlug: string;
  readonly name: string;
  readonly createdAt: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
  readonly torrent: StoredTorrent | null;
  /** Set while the release is taken down: not served (410), not tracked. */
  readonly takenDown: { readonly at: string; readonly reason: string } | null;
}

/**
 * Registers a release, its files and its torrent inside the caller's transaction. Two releases
 * cannot share a torrent: the tracker and the magnet links find a release by its infohash.
 */
export async function insertRelease(trx: Kysely<Database>, r: NewRelease): Promise<number> {
  const hashes = [r.torrent.infohash_v1, r.torrent.infohash_v2].filter((h): h is string => h !== null);
  const clash = await trx.selectFrom('torrents').innerJoin('releases', 'releases.id', 'torrents.release_id').innerJoin('films', 'films.id', 'releases.film_id')
    .select(['releases.id', 'releases.name', 'films.slug'])
    .where((eb) => eb.or([eb('infohash_v1', 'in', hashes), eb('infohash_v2', 'in', hashes)]))
    .executeTakeFirst();
  if (clash) throw new AppError('conflict', 'torrent_exists', `This torrent is already release ${clash.id} ("${clash.name}") of film "${clash.slug}".`);
  const { id } = await trx.insertInto('releases').values({ film_id: r.filmId, name: r.name, created_at: r.now }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('release_files').values(r.files.map((f, position) => ({ release_id: id, position, path: f.path, bytes: f.bytes, sha256: f.sha256 }))).execute();
  await insertTorrent(trx, id, r.torrent);
  return id;
}

export async function insertTorrent(trx: Kysely<Database>, releaseId: number, t: StoredTorrent): Promise<void> {
  await trx.insertInto('torrents').values({ release_id: releaseId, ...t }).execute();
}

export async function findRelease(db: Kysely<Database>, id: number): Promise<ReleaseRecord | undefined> {
  const release = await db.selectFrom('releases').innerJoin('films', 'films.id', 'releases.film_id')
    .select(['releases.id', 'releases.name', 'releases.created_at', 'releases.taken_down_at', 'releases.takedown_reason', 'films.slug']).where('releases.id', '=', id).executeTakeFirst();
  if (!release) return undefined;
  const files = await db.selectFrom('release_files').select(['path', 'bytes', 'sha256']).where('release_id', '=', id).orderBy('position').execute();
  const torrent = await db.selectFrom('torrents').selectAll().where('release_id', '=', id).executeTakeFirst();
  const { release_id: _, ...stored } = torrent ?? { release_id: 0 };
  return {
    id: release.id, filmSlug: release.slug, name: release.name, createdAt: release.created_at,
    takenDown: release.taken_down_at ? { at: release.taken_down_at, reason: release.takedown_reason ?? '' } : null,
    files: files.map((f) => ({ path: f.path, bytes: Number(f.bytes), sha256: f.sha256 })),
    torrent: torrent ? { ...(stored as StoredTorrent), creation_date: Number(torrent.creation_date), private: Number(torrent.private), info: Buffer.from(torrent.info), piece_layers: torrent.piece_layers ? Buffer.from(torrent.piece_layers) : null } : null,
  };
}

/** Releases registered before torrents existed (schema 0001), which still need one. */
export async function releasesWithoutTorrent(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('releases').select('id').where('id', 'not in', db.selectFrom('torrents').select('release_id')).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Every release's infohashes, for the tracker's allowlist. */
export async function trackedTorrents(db: Kysely<Database>): Promise<{ releaseId: number; infohashV1: string | null; infohashV2: string | null; private: boolean }[]> {
  // A release taken down is no longer tracked: its swarm is dropped at the tracker's next check.
  const rows = await db.selectFrom('torrents').innerJoin('releases', 'releases.id', 'torrents.release_id').where('releases.taken_down_at', 'is', null)
    .select(['torrents.release_id', 'torrents.infohash_v1', 'torrents.infohash_v2', 'torrents.private']).execute();
  return rows.map((r) => ({ releaseId: r.release_id, infohashV1: r.infohash_v1, infohashV2: r.infohash_v2, private: Number(r.private) === 1 }));
}

/** Whether any release refers to this blob (so it must be kept). */
export async function isBlobReferenced(db: Kysely<Database>, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('release_files').select(sql<number>`1`.as('one')).where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Takes a release down (`at` set) or restores it (`at` null); false when there is no such release. */
export async function setTakenDown(db: Kysely<Database>, id: number, at: string | null, reason: string | null): Promise<boolean> {
  const r = await db.updateTable('releases').set({ taken_down_at: at, takedown_reason: reason }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a release for good (its files, torrent and counts go with it); false when there is none. */
export async function deleteRelease(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('releases').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

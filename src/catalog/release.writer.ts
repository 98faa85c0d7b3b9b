import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { BlobStore } from '../files/blob.store.ts';
import { type HashOptions, type Metainfo, contentFiles, hashPieces, parseTorrent, rootFromPieceLayer, scanSource } from '../torrent/index.ts';
import { bumpCatalogVersion, releaseRevision } from './catalog.importer.ts';
import { type StoredTorrent, findRelease, insertRelease, insertTorrent, isBlobReferenced, releasesWithoutTorrent } from './release.store.ts';
import { makeReleaseTorrent, storedTorrentOf } from './release.torrent.ts';

export interface ReleaseWriterDeps {
  readonly db: Kysely<Database>;
  readonly blobs: BlobStore;
  readonly clock: () => Date;
}

/** Where a long write is: storing files (copy and SHA-256), then hashing pieces or verifying them. */
export interface ReleaseProgress {
  readonly phase: 'storing' | 'hashing' | 'verifying';
  readonly done: number;
  readonly total: number;
}

export interface AddReleaseInput {
  readonly film: string;
  /** A file, or a folder of files (a multi-file release). */
  readonly source: string;
  readonly name?: string;
  readonly pieceLength?: number;
  readonly v1Only?: boolean;
  /** A BEP 27 private torrent: downloads only by signed-in readers, announces with their passkey. */
  readonly private?: boolean;
  readonly move?: boolean;
  readonly actor: string;
  readonly onProgress?: (p: ReleaseProgress) => void;
  readonly threads?: number;
}

export interface ReleaseCreated {
  readonly id: number;
  readonly name: string;
  readonly torrent: StoredTorrent;
}

const filmIdOf = async (db: Kysely<Database>, slug: string): Promise<number> => {
  const film = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!film) throw notFound('film', slug);
  return film.id;
};

const checkNameFree = async (db: Kysely<Database>, filmId: number, film: string, name: string) => {
  const taken = await db.selectFrom('releases').select('id').where('film_id', '=', filmId).where('name', '=', name).executeTakeFirst();
  if (taken) throw new AppError('conflict', 'release_exists', `Film "${film}" already has a release named "${name}" (release ${taken.id}); give the new one another name.`);
};

/**
 * Adds a release from files on disk: stores them (copy or move), makes the torrent, and registers
 * both in one transaction. If anything fails, or the process dies, no release is half registered
 * and the stored files nothing refers to are removed (now, or by the next start's sweep).
 */
export async function addRelease(deps: ReleaseWriterDeps, input: AddReleaseInput): Promise<ReleaseCreated> {
  const filmId = await filmIdOf(deps.db, input.film);
  const source = await scanSource(input.source);
  checkPortableNames(source.entries.length === 1 && source.entries[0]!.path.length === 0 ? [[source.name]] : source.entries.map((e) => e.path));
  const name = input.name ?? source.name;
  await checkNameFree(deps.db, filmId, input.film, name);
  const total = source.entries.reduce((n, e) => n + e.length, 0);
  const staging = deps.blobs.stage();
  try {
    const files: { path: string; bytes: number; sha256: string }[] = [];
    let before = 0;
    for (const e of source.entries) {
      const stored = await staging.put(e.absPath, { move: input.move, onProgress: (n) => input.onProgress?.({ phase: 'storing', done: before + n, total }) });
      files.push({ path: e.path.length ? e.path.join('/') : source.name, ...stored });
      before += stored.bytes;
    }
    const torrent = await makeReleaseTorrent(deps.blobs, name, files, {
      now: deps.clock(),
      ...(input.pieceLength ? { pieceLength: input.pieceLength } : {}),
      ...(input.v1Only ? { v1Only: true } : {}),
      ...(input.private ? { private: true } : {}),
      ...(input.threads ? { threads: input.threads } : {}),
      onProgress: (done) => input.onProgress?.({ phase: 'hashing', done, total }),
    });
    const id = await register(deps, { filmId, film: input.film, name, files, torrent, actor: input.actor });
    await staging.commit();
    return { id, name, torrent };
  } catch (e) {
    await staging.rollback((sha) => isBlobReferenced(deps.db, sha));
    throw e;
  }
}

export interface ImportTorrentInput {
  readonly film: string;
  readonly torrent: string;
  /** The folder the torrent's data was downloaded to (holding `<name>`), or the single file itself. */
  readonly dataDir: string;
  readonly name?: string;
  readonly actor: string;
  readonly onProgress?: (p: ReleaseProgress) => void;
  readonly threads?: number;
}

/**
 * Accepts a torrent made elsewhere: every piece of the data is checked against it (v1 SHA-1 and,
 * for v2 and hybrid torrents, every file's merkle root) before anything is stored, and the torrent
 * keeps its own `info` bytes, so its infohashes stay the ones the rest of the world knows.
 */
export async function importTorrentRelease(deps: ReleaseWriterDeps, input: ImportTorrentInput): Promise<ReleaseCreated> {
  const filmId = await filmIdOf(deps.db, input.film);
  const metainfo = parseTorrent(await readFile(input.torrent));
  const name = input.name ?? metainfo.name;
  await checkNameFree(deps.db, filmId, input.film, name);
  const located = await locateData(metainfo, input.dataDir);
  await verifyData(metainfo, located, (done) => input.onProgress?.({ phase: 'verifying', done, total: metainfo.totalLength }), input.threads);

  const staging = deps.blobs.stage();
  try {
    const files: { path: string; bytes: number; sha256: string }[] = [];
    let before = 0;
    for (const [i, f] of contentFiles(metainfo).entries()) {
      const stored = await staging.put(located[i]!, { onProgress: (n) => input.onProgress?.({ phase: 'storing', done: before + n, total: metainfo.totalLength }) });
      if (stored.bytes !== f.length) throw invalid('data_changed', `${located[i]} changed while it was being stored.`);
      files.push({ path: f.path.length ? f.path.join('/') : metainfo.name, ...stored });
      before += stored.bytes;
    }
    const torrent = storedTorrentOf(metainfo);
    const id = await register(deps, { filmId, film: input.film, name, files, torrent: { ...torrent, creation_date: torrent.creation_date || Math.floor(deps.clock().getTime() / 1000) }, actor: input.actor });
    await staging.commit();
    return { id, name, torrent };
  } catch (e) {
    await staging.rollback((sha) => isBlobReferenced(deps.db, sha));
    throw e;
  }
}

async function register(deps: ReleaseWriterDeps, r: { filmId: number; film: string; name: string; files: { path: string; bytes: number; sha256: string }[]; torrent: StoredTorrent; actor: string }): Promise<number> {
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await checkNameFree(trx, r.filmId, r.film, r.name);
    const id = await insertRelease(trx, { filmId: r.filmId, name: r.name, files: r.files, torrent: r.torrent, now });
    await trx.insertInto('revisions').values({
      entity: 'release', entity_id: id, number: 1, data: JSON.stringify(releaseRevision(r.film, r.name, r.files, r.torrent)),
      summary: 'Added release', actor: r.actor, created_at: now,
    }).execute();
    await bumpCatalogVersion(trx, now);
    return id;
  });
}

/** Finds each content file of a torrent under `dataDir` (`dataDir/<name>/<path>`, or `dataDir/<path>`). */
async function locateData(m: Metainfo, dataDir: string): Promise<string[]> {
  const files = contentFiles(m);
  const info = await stat(dataDir).catch(() => undefined);
  if (!info) throw invalid('data_missing', `Nothing at ${dataDir}.`);
  const candidates = m.singleFile
    ? [info.isFile() ? [dataDir] : [join(dataDir, m.name)]]
    : [files.map((f) => join(dataDir, m.name, ...f.path)), files.map((f) => join(dataDir, ...f.path))];
  const problems: string[] = [];
  for (const paths of candidates) {
    const sizes = await Promise.all(paths.map((p) => stat(p).then((s) => (s.isFile() ? s.size : -1), () => -1)));
    const wrong = sizes.map((size, i) => ({ size, i })).filter(({ size, i }) => size !== files[i]!.length);
    if (wrong.length === 0) return paths;
    problems.push(...wrong.slice(0, 5).map(({ size, i }) => `${paths[i]}: ${size < 0 ? 'missing' : `${size} bytes, the torrent says ${files[i]!.length}`}`));
  }
  throw invalid('data_missing', `The data of "${m.name}" is not complete under ${dataDir}.`, problems.map((message) => ({ path: 'data', message })));
}

/** Hashes the data and compares it with the torrent: every v1 piece, and each file's v2 root. */
export async function verifyData(m: Metainfo, paths: readonly string[], onProgress?: (done: number) => void, threads?: number): Promise<void> {
  const files = contentFiles(m);
  const spans = files.map((f, i) => ({ path: paths[i]!, offset: f.offset, length: f.length })).filter((s) => s.length > 0);
  // The end of the torrent's data, padding included: some creators (libtorrent) pad the last file
  // too, and then the last v1 piece is hashed with those zeros.
  const last = m.files[m.files.length - 1]!;
  const options: HashOptions = { ...(onProgress ? { onProgress } : {}), ...(threads ? { threads } : {}) };
  const hashes = await hashPieces({ spans, end: last.offset + last.length, pieceLength: m.pieceLength, v1: m.pieces !== null, v2: m.version !== 'v1' }, options);
  const bad: { path: string; message: string }[] = [];
  if (m.pieces && hashes.sha1) {
    for (let p = 0; p < m.pieceCount && bad.length < 10; p++) {
      if (!hashes.sha1.subarray(p * 20, p * 20 + 20).equals(m.pieces.subarray(p * 20, p * 20 + 20))) {
        const file = files.find((f) => f.offset <= p * m.pieceLength && p * m.pieceLength < f.offset + Math.max(f.length, 1));
        bad.push({ path: `piece ${p}`, message: `does not match (in ${file ? [m.name, ...file.path].join('/') : m.name})` });
      }
    }
  }
  if (hashes.v2) {
    for (const f of files) {
      if (!f.piecesRoot || bad.length >= 10) continue;
      const first = f.offset / m.pieceLength;
      const count = Math.ceil(f.length / m.pieceLength);
      const slice = hashes.v2.subarray(first * 32, (first + count) * 32);
      const root = count === 1 ? Buffer.from(slice) : rootFromPieceLayer(slice, m.pieceLength);
      if (!root.equals(f.piecesRoot)) bad.push({ path: [m.name, ...f.path].join('/'), message: 'its v2 merkle root does not match' });
    }
  }
  if (bad.length) throw invalid('data_mismatch', `The data does not match the torrent "${m.name}".`, bad);
}

/**
 * Makes the torrents of releases registered before torrents existed (schema 0001). Run at start;
 * each is its own small transaction, so an interrupted run simply continues next time.
 */
export async function backfillTorrents(deps: ReleaseWriterDeps): Promise<number> {
  const ids = await releasesWithoutTorrent(deps.db);
  for (const id of ids) {
    const r = await findRelease(deps.db, id);
    if (!r) continue;
    const torrent = await makeReleaseTorrent(deps.blobs, r.name, r.files, { now: deps.clock() });
    await deps.db.transaction().execute(async (trx) => {
      await insertTorrent(trx, id, torrent);
      await bumpCatalogVersion(trx, deps.clock().toISOString());
    });
  }
  return ids.length;
}

/**
 * Names every client can save: Windows cannot store `\ : " < > | ? *`, control characters or a
 * trailing dot or space, and Transmission renames such files and then asks the web seed for the
 * renamed path, so its download would never complete. Torrents made elsewhere are imported as
 * they are; files added to the archive are held to this.
 */
function checkPortableNames(paths: readonly (readonly string[])[]): void {
  const bad = paths.filter((p) => p.some((part) => /[\\:"<>|?*\x00-\x1f]/.test(part) || /[. ]$/.test(part)));
  if (bad.length === 0) return;
  throw invalid('unportable_name', `${bad.length} file name${bad.length === 1 ? '' : 's'} cannot be saved by every client; rename them first.`,
    bad.slice(0, 20).map((p) => ({ path: p.join('/'), message: 'contains one of \\ : " < > | ? * or a control character, or ends in a dot or a space' })));
}

/**
 * Renames a release (what pages show; the torrent's own name is inside its `info` and never
 * changes), with a revision. The name must stay unique within its film.
 */
export async function renameRelease(deps: ReleaseWriterDeps, id: number, name: string, actor: string): Promise<void> {
  const clean = name.trim();
  if (clean.length === 0 || clean.length > 300) throw invalid('invalid_release_name', 'A release name has 1 to 300 characters.', [{ path: 'name', message: '1 to 300 characters.' }]);
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('releases').innerJoin('films', 'films.id', 'releases.film_id').select(['releases.film_id', 'films.slug', 'releases.name']).where('releases.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('release', String(id));
    if (r.name === clean) return;
    await checkNameFree(trx, r.film_id, r.slug, clean);
    await trx.updateTable('releases').set({ name: clean }).where('id', '=', id).execute();
    const last = await trx.selectFrom('revisions').select((eb) => eb.fn.max<number>('number').as('n')).where('entity', '=', 'release').where('entity_id', '=', id).executeTakeFirst();
    const previous = await trx.selectFrom('revisions').select('data').where('entity', '=', 'release').where('entity_id', '=', id).orderBy('number', 'desc').executeTakeFirst();
    const data = { ...(previous ? (JSON.parse(previous.data) as Record<string, unknown>) : {}), name: clean };
    await trx.insertInto('revisions').values({ entity: 'release', entity_id: id, number: Number(last?.n ?? 0) + 1, data: JSON.stringify(data), summary: `Renamed from "${r.name}"`, actor, created_at: now }).execute();
    await bumpCatalogVersion(trx, now);
  });
}

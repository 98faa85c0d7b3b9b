import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { chunksOf } from '../db/chunks.ts';
import { bumpVersion } from '../db/kv.versions.ts';
import type { Database, RevisionsTable } from '../db/schema.ts';
import { AppError, type ErrorDetail, invalid } from '../errors.ts';
import type { BlobInfo, BlobStaging, BlobStore } from '../files/blob.store.ts';
import type { SearchIndex } from '../search/index.ts';
import { parserFor } from '../validation.ts';
import { checkCatalogDocument } from './catalog.check.ts';
import { CatalogDocument, type CollectionInput, type FilmInput, type PersonInput, type SubjectInput } from './catalog.format.ts';
import { sortName, sortTitle } from './names.ts';
import { CATALOG_VERSION_KEY } from './read-cache.ts';
import { type StoredTorrent, insertRelease, isBlobReferenced } from './release.store.ts';
import { makeReleaseTorrent } from './release.torrent.ts';
import { filmSearchDocument, personSearchDocument } from './search.documents.ts';

export interface ImportDeps {
  readonly db: Kysely<Database>;
  readonly search: SearchIndex;
  readonly blobs: BlobStore;
  readonly clock: () => Date;
}

export interface ImportOptions {
  /** Folder that release file paths are relative to; without one, release files must already be stored. */
  readonly baseDir?: string;
  /** Who made the change, recorded in each revision (`cli`, `api`, `demo`, later a user name). */
  readonly actor: string;
  readonly summary?: string;
}

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  readonly people: Tally;
  readonly subjects: Tally;
  readonly films: Tally;
  readonly collections: Tally;
  readonly releases: Tally;
}

export const parseCatalogDocument = parserFor<CatalogDocument>(CatalogDocument, 'invalid_catalog', 'The catalog file');

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

/** Records as they are stored in revisions: defaults filled in, optional fields left out when empty. */
const canonicalPerson = (p: PersonInput) => ({ slug: p.slug, name: p.name, kind: p.kind ?? 'person', bio: p.bio ?? '', ...(p.born ? { born: p.born } : {}), ...(p.died ? { died: p.died } : {}) });
const canonicalSubject = (s: SubjectInput) => ({ slug: s.slug, name: s.name, description: s.description ?? '' });
const canonicalCollection = (c: CollectionInput) => ({ slug: c.slug, title: c.title, description: c.description ?? '', films: c.films });
// A film citing no source is stored without the field, as records written before films cited sources are.
const canonicalFilm = ({ releases: _releases, sources, ...f }: FilmInput): Omit<FilmInput, 'releases'> => (sources?.length ? { ...f, sources } : f);

/**
 * Imports a catalog document as one transaction: every problem in the file is reported at once
 * with its path, and if there is any, nothing is written. Records are matched by slug; a record
 * whose content changed gets a new revision, an unchanged one is left alone, so importing the
 * same file twice changes nothing.
 */
export async function importCatalog(deps: ImportDeps, input: unknown, options: ImportOptions): Promise<ImportReport> {
  const doc = parseCatalogDocument(input);
  const errors: ErrorDetail[] = checkCatalogDocument(doc);
  errors.push(...(await checkReferences(deps.db, doc)));
  if (errors.length > 0) throw invalid('invalid_catalog', `The catalog file is invalid: ${errors.length} problem${errors.length === 1 ? '' : 's'}.`, errors);

  const staging = deps.blobs.stage();
  try {
    const report = await importStaged(deps, doc, options, staging);
    await staging.commit();
    return report;
  } catch (e) {
    await staging.rollback((sha) => isBlobReferenced(deps.db, sha));
    throw e;
  }
}

async function importStaged(deps: ImportDeps, doc: CatalogDocument, options: ImportOptions, staging: BlobStaging): Promise<ImportReport> {
  const blobs = await storeReleaseFiles(deps.blobs, staging, doc, options.baseDir);
  const torrents = await prepareTorrents(deps, doc, blobs);
  const now = deps.clock().toISOString();
  const report: ImportReport = { people: tally(), subjects: tally(), films: tally(), collections: tally(), releases: tally() };

  await deps.db.transaction().execute(async (trx) => {
    const revise = async (entity: RevisionsTable['entity'], entityId: number, data: unknown): Promise<boolean> => {
      const json = JSON.stringify(data);
      const latest = await trx.selectFrom('revisions').select(['number', 'data']).where('entity', '=', entity).where('entity_id', '=', entityId)
        .orderBy('number', 'desc').limit(1).executeTakeFirst();
      if (latest?.data === json) return false;
      await trx.insertInto('revisions').values({
        entity, entity_id: entityId, number: (latest?.number ?? 0) + 1, data: json,
        summary: options.summary ?? (latest ? 'Imported changes' : 'Imported'), actor: options.actor, created_at: now,
      }).execute();
      return true;
    };
    const count = (t: Tally, existed: boolean, changed: boolean) => {
      if (!existed) t.created++;
      else if (changed) t.updated++;
      else t.unchanged++;
    };

    const renamedPeople: number[] = [];
    for (const input of doc.people ?? []) {
      const p = canonicalPerson(input);
      const existing = await trx.selectFrom('people').select(['id', 'name']).where('slug', '=', p.slug).executeTakeFirst();
      const row = { name: p.name, sort_name: sortName(p.name, p.kind), kind: p.kind, bio: p.bio, born: p.born ?? null, died: p.died ?? null, updated_at: now };
      const id = existing
        ? existing.id
        : (await trx.insertInto('people').values({ slug: p.slug, ...row, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      const changed = await revise('person', id, p);
      if (existing && changed) {
        await trx.updateTable('people').set(row).where('id', '=', id).execute();
        if (existing.name !== p.name) renamedPeople.push(id);
      }
      if (changed) await deps.search.put(trx, personSearchDocument(id, p.name, p.bio));
      count(report.people, existing !== undefined, changed);
    }

    const renamedSubjects: number[] = [];
    for (const input of doc.subjects ?? []) {
      const s = canonicalSubject(input);
      const existing = await trx.selectFrom('subjects').select(['id', 'name']).where('slug', '=', s.slug).executeTakeFirst();
      const id = existing
        ? existing.id
        : (await trx.insertInto('subjects').values(s).returning('id').executeTakeFirstOrThrow()).id;
      const changed = await revise('subject', id, s);
      if (existing && changed) {
        await trx.updateTable('subjects').set({ name: s.name, description: s.description }).where('id', '=', id).execute();
        if (existing.name !== s.name) renamedSubjects.push(id);
      }
      count(report.subjects, existing !== undefined, changed);
    }

    const reindexed = new Set<number>();
    for (const input of doc.films ?? []) {
      const f = canonicalFilm(input);
      const existing = await trx.selectFrom('films').select('id').where('slug', '=', f.slug).executeTakeFirst();
      const row = {
        title: f.title, original_title: f.originalTitle ?? null, sort_title: sortTitle(f.title), year: f.year,
        decade: Math.floor(f.year / 10) * 10, runtime_minutes: f.runtimeMinutes ?? null, synopsis: f.synopsis, updated_at: now,
      };
      const id = existing
        ? existing.id
        : (await trx.insertInto('films').values({ slug: f.slug, ...row, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      const changed = await revise('film', id, f);
      if (changed) {
        if (existing) await trx.updateTable('films').set(row).where('id', '=', id).execute();
        await writeFilmChildren(trx, id, f);
        await deps.search.put(trx, await filmSearchDocument(trx, id));
        reindexed.add(id);
      }
      count(report.films, existing !== undefined, changed);

      for (const release of input.releases ?? []) {
        const files = release.files.map((file) => ({ path: basename(file.path), ...blobs.get(file)! }));
        const stored = await trx.selectFrom('releases').select('id').where('film_id', '=', id).where('name', '=', release.name).executeTakeFirst();
        if (stored) {
          const storedFiles = await trx.selectFrom('release_files').select(['path', 'sha256']).where('release_id', '=', stored.id).orderBy('position').execute();
          const same = storedFiles.length === files.length && storedFiles.every((s, i) => s.path === files[i]!.path && s.sha256 === files[i]!.sha256);
          // A published release is immutable: its torrent's infohash is computed from these bytes.
          if (!same) throw new AppError('conflict', 'release_exists', `Film "${f.slug}" already has a release named "${release.name}" with other files; give the new one another name.`);
          report.releases.unchanged++;
          continue;
        }
        const torrent = torrents.get(release) ?? (await makeReleaseTorrent(deps.blobs, release.name, files, { now: deps.clock() }));
        const releaseId = await insertRelease(trx, { filmId: id, name: release.name, files, torrent, now });
        await revise('release', releaseId, releaseRevision(f.slug, release.name, files, torrent));
        report.releases.created++;
      }
    }

    // A renamed person or subject changes the indexed text of every film that names them.
    if (renamedPeople.length + renamedSubjects.length > 0) {
      const affected = await trx.selectFrom('films').select('id').where((eb) => eb.or([
        ...(renamedPeople.length ? [eb('id', 'in', eb.selectFrom('credits').select('film_id').where('person_id', 'in', renamedPeople))] : []),
        ...(renamedPeople.length ? [eb('id', 'in', eb.selectFrom('appearances').select('film_id').where('person_id', 'in', renamedPeople))] : []),
        ...(renamedSubjects.length ? [eb('id', 'in', eb.selectFrom('film_subjects').select('film_id').where('subject_id', 'in', renamedSubjects))] : []),
      ])).execute();
      for (const { id } of affected) if (!reindexed.has(id)) await deps.search.put(trx, await filmSearchDocument(trx, id));
    }

    for (const input of doc.collections ?? []) {
      const c = canonicalCollection(input);
      const existing = await trx.selectFrom('collections').select('id').where('slug', '=', c.slug).executeTakeFirst();
      const id = existing
        ? existing.id
        : (await trx.insertInto('collections').values({ slug: c.slug, title: c.title, description: c.description, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      const changed = await revise('collection', id, c);
      if (changed) {
        if (existing) await trx.updateTable('collections').set({ title: c.title, description: c.description, updated_at: now }).where('id', '=', id).execute();
        await trx.deleteFrom('collection_films').where('collection_id', '=', id).execute();
        if (c.films.length) {
          const films = await trx.selectFrom('films').select(['id', 'slug']).where('slug', 'in', c.films).execute();
          const idOf = new Map(films.map((film) => [film.slug, film.id]));
          await trx.insertInto('collection_films').values(c.films.map((slug, position) => ({ collection_id: id, film_id: idOf.get(slug)!, position }))).execute();
        }
      }
      count(report.collections, existing !== undefined, changed);
    }
    if (Object.values(report).some((t: Tally) => t.created + t.updated > 0)) await bumpCatalogVersion(trx, now);
  });
  return report;
}

/**
 * Every write to the catalog changes its version, in the same transaction, so caches of pages and
 * query results in any process know at once that they are stale (see src/catalog/read-cache.ts).
 */
export const bumpCatalogVersion = (trx: Kysely<Database>, now: string): Promise<void> => bumpVersion(trx, CATALOG_VERSION_KEY, now);

/** Replaces a film's credits, appearances, subjects, countries, languages, places, quotes and sources. */
async function writeFilmChildren(trx: Kysely<Database>, filmId: number, f: Omit<FilmInput, 'releases'>): Promise<void> {
  for (const table of ['credits', 'appearances', 'film_subjects', 'film_countries', 'film_languages', 'film_places', 'reception_quotes', 'film_sources'] as const) {
    await trx.deleteFrom(table).where('film_id', '=', filmId).execute();
  }
  const slugs = [...new Set([...f.credits.map((c) => c.person), ...f.appearances.map((a) => a.person)])];
  const people = slugs.length ? await trx.selectFrom('people').select(['id', 'slug']).where('slug', 'in', slugs).execute() : [];
  const personId = new Map(people.map((p) => [p.slug, p.id]));
  if (f.credits.length)
    await trx.insertInto('credits').values(f.credits.map((c, position) => ({ film_id: filmId, person_id: personId.get(c.person)!, role: c.role, note: c.note ?? null, position }))).execute();
  if (f.appearances.length)
    await trx.insertInto('appearances').values(f.appearances.map((a, position) => ({ film_id: filmId, person_id: personId.get(a.person)!, as_name: a.as ?? null, position }))).execute();
  if (f.subjects.length) {
    const subjects = await trx.selectFrom('subjects').select(['id', 'slug']).where('slug', 'in', f.subjects).execute();
    const subjectId = new Map(subjects.map((s) => [s.slug, s.id]));
    await trx.insertInto('film_subjects').values(f.subjects.map((slug, position) => ({ film_id: filmId, subject_id: subjectId.get(slug)!, position }))).execute();
  }
  if (f.countries.length) await trx.insertInto('film_countries').values(f.countries.map((country, position) => ({ film_id: filmId, country, position }))).execute();
  if (f.languages.length) await trx.insertInto('film_languages').values(f.languages.map((language, position) => ({ film_id: filmId, language, position }))).execute();
  if (f.places.length) await trx.insertInto('film_places').values(f.places.map((p, position) => ({ film_id: filmId, position, name: p.name, country: p.country ?? null }))).execute();
  if (f.reception.length)
    await trx.insertInto('reception_quotes').values(f.reception.map((q, position) => ({ film_id: filmId, position, quote: q.quote, author: q.author, outlet: q.outlet, date: q.date ?? null, url: q.url ?? null }))).execute();
  if (f.sources?.length) await trx.insertInto('film_sources').values(f.sources.map((c, position) => ({ film_id: filmId, position, source_key: c.key, note: c.note ?? null }))).execute();
}

/** Every slug a record points at must name a record in the file or already in the catalog. */
async function checkReferences(db: Kysely<Database>, doc: CatalogDocument): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  const known = async (table: 'people' | 'subjects' | 'films', inFile: readonly { slug: string }[] | undefined, wanted: Set<string>) => {
    const have = new Set((inFile ?? []).map((x) => x.slug));
    const missing = [...wanted].filter((s) => !have.has(s));
    for (const slugs of chunksOf(missing, 500)) {
      const rows = await db.selectFrom(table).select('slug').where('slug', 'in', slugs).execute();
      for (const r of rows) have.add(r.slug);
    }
    return have;
  };
  const films = doc.films ?? [];
  const people = await known('people', doc.people, new Set(films.flatMap((f) => [...f.credits.map((c) => c.person), ...f.appearances.map((a) => a.person)])));
  const subjects = await known('subjects', doc.subjects, new Set(films.flatMap((f) => f.subjects)));
  const filmSlugs = await known('films', doc.films, new Set((doc.collections ?? []).flatMap((c) => c.films)));
  films.forEach((f, i) => {
    f.credits.forEach((c, j) => {
      if (!people.has(c.person)) errors.push({ path: `films[${i}].credits[${j}].person`, message: `no person "${c.person}" in the file or the catalog` });
    });
    f.appearances.forEach((a, j) => {
      if (!people.has(a.person)) errors.push({ path: `films[${i}].appearances[${j}].person`, message: `no person "${a.person}" in the file or the catalog` });
    });
    f.subjects.forEach((s, j) => {
      if (!subjects.has(s)) errors.push({ path: `films[${i}].subjects[${j}]`, message: `no subject "${s}" in the file or the catalog` });
    });
  });
  doc.collections?.forEach((c, i) => {
    c.films.forEach((s, j) => {
      if (!filmSlugs.has(s)) errors.push({ path: `collections[${i}].films[${j}]`, message: `no film "${s}" in the file or the catalog` });
    });
  });
  return errors;
}

type FileInput = NonNullable<FilmInput['releases']>[number]['files'][number];

/**
 * Puts every release file into the blob store before the transaction starts, so the rows written
 * later always point at complete files. A file already stored (same SHA-256) is not needed again.
 */
async function storeReleaseFiles(blobs: BlobStore, staging: BlobStaging, doc: CatalogDocument, baseDir: string | undefined): Promise<Map<FileInput, BlobInfo>> {
  const result = new Map<FileInput, BlobInfo>();
  const errors: ErrorDetail[] = [];
  for (const [i, film] of (doc.films ?? []).entries()) {
    for (const [j, release] of (film.releases ?? []).entries()) {
      for (const [k, file] of release.files.entries()) {
        const at = `films[${i}].releases[${j}].files[${k}]`;
        if (file.sha256 && (await blobs.has(file.sha256))) {
          const bytes = (await stat(blobs.pathOf(file.sha256))).size;
          if (file.bytes !== undefined && file.bytes !== bytes) errors.push({ path: `${at}.bytes`, message: `the stored file with this sha256 has ${bytes} bytes, not ${file.bytes}` });
          result.set(file, { sha256: file.sha256, bytes });
          continue;
        }
        if (baseDir === undefined) {
          errors.push({ path: `${at}.path`, message: 'this file is not in the archive yet; new release files are added with the CLI (kinora import)' });
          continue;
        }
        const source = resolve(baseDir, file.path);
        const info = await stat(source).catch(() => undefined);
        if (!info?.isFile()) {
          errors.push({ path: `${at}.path`, message: `no file at ${source}` });
          continue;
        }
        const stored = await staging.put(source);
        if (file.sha256 && file.sha256 !== stored.sha256) errors.push({ path: `${at}.sha256`, message: `the file's SHA-256 is ${stored.sha256}` });
        else if (file.bytes !== undefined && file.bytes !== stored.bytes) errors.push({ path: `${at}.bytes`, message: `the file has ${stored.bytes} bytes` });
        else result.set(file, stored);
      }
    }
  }
  if (errors.length) throw invalid('invalid_catalog', `The catalog file is invalid: ${errors.length} problem${errors.length === 1 ? '' : 's'}.`, errors);
  return result;
}

type ReleaseInput = NonNullable<FilmInput['releases']>[number];

/**
 * Makes the torrents of releases the database does not have yet, before the transaction, so the
 * transaction stays short. (The transaction checks again; a release that appeared meanwhile is
 * compared file by file as usual.)
 */
async function prepareTorrents(deps: ImportDeps, doc: CatalogDocument, blobs: Map<FileInput, BlobInfo>): Promise<Map<ReleaseInput, StoredTorrent>> {
  const torrents = new Map<ReleaseInput, StoredTorrent>();
  for (const film of doc.films ?? []) {
    for (const release of film.releases ?? []) {
      const exists = await deps.db.selectFrom('releases').innerJoin('films', 'films.id', 'releases.film_id').select('releases.id')
        .where('films.slug', '=', film.slug).where('releases.name', '=', release.name).executeTakeFirst();
      if (exists) continue;
      const files = release.files.map((file) => ({ path: basename(file.path), ...blobs.get(file)! }));
      torrents.set(release, await makeReleaseTorrent(deps.blobs, release.name, files, { now: deps.clock() }));
    }
  }
  return torrents;
}

/** What a release's revision records: enough to tell which bytes and which torrent it published. */
export const releaseRevision = (film: string, name: string, files: readonly { path: string; bytes: number; sha256: string }[], t: StoredTorrent) => ({
  film, name, files: files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
  torrent: { version: t.version, name: t.name, pieceLength: t.piece_length, infohashV1: t.infohash_v1, infohashV2: t.infohash_v2, ...(t.private ? { private: true } : {}) },
});

import type { Kysely } from 'kysely';
import { VersionedCache } from '../cache/versioned-cache.ts';
import type { Database } from '../db/schema.ts';
import { invalid, notFound } from '../errors.ts';
import type { BlobStore } from '../files/blob.store.ts';
import { MAX_TERMS, type SearchIndex, type SnippetPart, tokenize } from '../search/index.ts';
import { loadFacetIndex } from './browse.store.ts';
import type { SearchQuery } from './browse.parse.ts';
import { exportCatalog } from './catalog.exporter.ts';
import type { CatalogDocument, CollectionInput, FilmInput, PersonInput } from './catalog.format.ts';
import { type ImportOptions, type ImportReport, bumpCatalogVersion, importCatalog } from './catalog.importer.ts';
import type { BrowseQuery, BrowseResult, CollectionDetail, FilmCitation, FilmDetail, FilmSummary, PersonDetail, PersonRef } from './catalog.types.ts';
import { type CollectionListing, findCollectionBySlug, listCollections } from './collection.store.ts';
import type { FacetIndex } from './facet-index.ts';
import { filmCitations, filmsCiting, filmsNamed, findFilmBySlug, selectFilmSummaries, summariesOf } from './film.store.ts';
import { findPeoplePage, findPersonBySlug } from './person.store.ts';
import { readCatalogVersion } from './read-cache.ts';
import { type RecordKind, type Revision, revisionsOf } from './revision.store.ts';
import { type ReleaseRecord, deleteRelease, findRelease, isBlobReferenced, setTakenDown, trackedTorrents } from './release.store.ts';
import { type AddReleaseInput, type ImportTorrentInput, type ReleaseCreated, addRelease, backfillTorrents, importTorrentRelease, renameRelease } from './release.writer.ts';

export interface SearchResults {
  readonly q: string;
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
  readonly films: readonly { readonly film: FilmSummary; readonly snippet: readonly SnippetPart[] }[];
  /** People whose name or biography matches, shown beside the films on the first page. */
  readonly people: readonly { readonly person: PersonRef; readonly snippet: readonly SnippetPart[] }[];
}

export interface CatalogService {
  /** The catalog's current version; it changes with every write (see read-cache.ts). */
  version(): Promise<string>;
  film(slug: string): Promise<FilmDetail>;
  browse(query: BrowseQuery): Promise<BrowseResult>;
  person(slug: string): Promise<PersonDetail>;
  /** Slugs of films whose subjects, people or places carry one of these names (the films a wiki article is about). */
  filmsNamed(names: readonly string[]): Promise<string[]>;
  /** The films whose record cites the source with this registry key (for the source's page). */
  filmsCiting(key: string): Promise<FilmCitation[]>;
  /** Every registry key any film record cites (for the wiki's list of citations with problems). */
  filmCitations(): Promise<{ slug: string; title: string; key: string }[]>;
  people(page: number, perPage: number): Promise<{ people: PersonRef[]; total: number }>;
  collection(slug: string): Promise<CollectionDetail>;
  collections(): Promise<CollectionListing[]>;
  search(query: SearchQuery): Promise<SearchResults>;
  import(document: unknown, options: ImportOptions): Promise<ImportReport>;
  /** Creates or replaces one film; its slug must match the URL's. */
  putFilm(slug: string, film: FilmInput, actor: string, summary?: string): Promise<ImportReport>;
  export(): Promise<CatalogDocument>;
  /** Adds a release from files on disk (see release.writer.ts). */
  addRelease(input: AddReleaseInput): Promise<ReleaseCreated>;
  /** Adds a release from a torrent made elsewhere and its downloaded data, verified piece by piece. */
  importTorrentRelease(input: ImportTorrentInput): Promise<ReleaseCreated>;
  /** A release with its files and torrent, for the file server and the `.torrent` route. */
  release(id: number): Promise<ReleaseRecord>;
  /** Every revision of a film, person or collection, newest first (each the full record after that change). */
  history(kind: RecordKind, slug: string): Promise<Revision[]>;
  /** Creates or replaces a person or collection record (films: putFilm); each change makes a revision. */
  putRecord(kind: 'person' | 'collection', slug: string, record: PersonInput | CollectionInput, actor: string, summary: string): Promise<ImportReport>;
  /**
   * Takes a release down or restores it, changing the catalog's version in the same transaction
   * (caches, web seeds and the tracker, which checks every second, all follow); `alsoInTransaction`
   * writes what goes with it (the audit log) atomically. Authorisation is the caller's.
   */
  setTakenDown(id: number, takenDown: boolean, reason: string, alsoInTransaction?: (tx: Kysely<Database>) => Promise<void>): Promise<void>;
  /** Renames a release (the torrent inside keeps its name), with a revision. */
  renameRelease(id: number, name: string, actor: string): Promise<void>;
  /** Deletes a release for good (`kinora purge`, never the web), then the stored files nothing else uses. */
  purgeRelease(id: number, alsoInTransaction?: (tx: Kysely<Database>) => Promise<void>): Promise<void>;
  /** Every release's infohashes (v1 and v2, hex), for the tracker's allowlist. */
  trackedTorrents(): Promise<{ releaseId: number; infohashV1: string | null; infohashV2: string | null; private: boolean }[]>;
  /**
   * Start-up housekeeping: removes what interrupted writes left in the file store, and makes the
   * torrents of releases registered before torrents existed.
   */
  maintain(): Promise<{ readonly partialFiles: number; readonly strayBlobs: number; readonly torrentsMade: number }>;
}

export interface CatalogDeps {
  /** Writes and transactions. */
  readonly db: Kysely<Database>;
  /** Reads outside transactions (see Db.reader). */
  readonly reader: Kysely<Database>;
  readonly search: SearchIndex;
  readonly blobs: BlobStore;
  readonly clock: () => Date;
  /** Bytes the browse and search result caches may use together (0: none). */
  readonly cacheBytes: number;
}

// A rough size of a cached result: its films dominate.
const resultSize = (films: number) => 2048 + films * 1024;

/** The catalog's use cases; pages and the API call these and never touch SQL. */
export function createCatalogService(deps: CatalogDeps): CatalogService {
  const db = deps.reader;
  const browseCache = new VersionedCache<BrowseResult>(deps.cacheBytes / 2, (r) => resultSize(r.films.length));
  const searchCache = new VersionedCache<SearchResults>(deps.cacheBytes / 2, (r) => resultSize(r.films.length + r.people.length));
  // Web seeds look a release up on every range request; its record is small and rarely changes.
  const releaseCache = new VersionedCache<ReleaseRecord>(Math.min(deps.cacheBytes / 8, 16 * 1024 * 1024), (r) => 1024 + r.files.length * 256 + (r.torrent?.info.length ?? 0) + (r.torrent?.piece_layers?.length ?? 0));
  // The facet index is rebuilt after each change of the catalog, once, however many requests wait for it.
  let index: { version: string; index: Promise<FacetIndex> } | undefined;
  const facetIndex = (version: string): Promise<FacetIndex> => {
    if (index?.version !== version) {
      const loading = loadFacetIndex(db);
      index = { version, index: loading };
      loading.catch(() => {
        if (index?.index === loading) index = undefined;
      });
    }
    return index.index;
  };
  const browse = async (query: BrowseQuery, version: string): Promise<BrowseResult> => {
    const { ids, total, facets } = (await facetIndex(version)).query(query);
    const rows = ids.length ? await selectFilmSummaries(db).where('films.id', 'in', ids).execute() : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { films: await summariesOf(db, ids.map((id) => byId.get(id)!).filter(Boolean)), total, page: query.page, perPage: query.perPage, facets };
  };
  const search = async (query: SearchQuery, terms: string[]): Promise<SearchResults> => {
    const [films, people] = await Promise.all([
      deps.search.search({ terms, kind: 'film', limit: query.perPage, offset: (query.page - 1) * query.perPage, withTotal: true }),
      query.page === 1 ? deps.search.search({ terms, kind: 'person', limit: 5, offset: 0, withTotal: false }) : Promise.resolve({ total: 0, hits: [] }),
    ]);
    const filmIds = films.hits.map((h) => h.refId);
    const rows = filmIds.length ? await selectFilmSummaries(db).where('films.id', 'in', filmIds).execute() : [];
    const summaries = new Map((await summariesOf(db, rows)).map((s) => [s.id, s]));
    const personIds = people.hits.map((h) => h.refId);
    const persons = personIds.length ? await db.selectFrom('people').select(['id', 'slug', 'name', 'kind']).where('id', 'in', personIds).execute() : [];
    const personById = new Map(persons.map((p) => [p.id, p]));
    return {
      q: query.q,
      total: films.total,
      page: query.page,
      perPage: query.perPage,
      films: films.hits.flatMap((h) => {
        const film = summaries.get(h.refId);
        return film ? [{ film, snippet: h.snippet }] : [];
      }),
      people: people.hits.flatMap((h) => {
        const p = personById.get(h.refId);
        return p ? [{ person: { slug: p.slug, name: p.name, kind: p.kind }, snippet: h.snippet }] : [];
      }),
    };
  };

  return Object.freeze({
    async film(slug: string) {
      return (await findFilmBySlug(db, slug)) ?? Promise.reject(notFound('film', slug));
    },
    version: () => readCatalogVersion(db),
    async browse(query: BrowseQuery): Promise<BrowseResult> {
      const version = await readCatalogVersion(db);
      if (!browseCache.enabled) return browse(query, version);
      return browseCache.get(JSON.stringify(query), version, () => browse(query, version));
    },
    async person(slug: string) {
      return (await findPersonBySlug(db, slug)) ?? Promise.reject(notFound('person', slug));
    },
    people: (page: number, perPage: number) => findPeoplePage(db, page, perPage),
    filmsNamed: (names: readonly string[]) => filmsNamed(db, names),
    filmsCiting: (key: string) => filmsCiting(db, key),
    filmCitations: () => filmCitations(db),
    async collection(slug: string) {
      return (await findCollectionBySlug(db, slug)) ?? Promise.reject(notFound('collection', slug));
    },
    collections: () => listCollections(db),
    async search(query: SearchQuery): Promise<SearchResults> {
      const terms = tokenize(query.q);
      if (terms.length > MAX_TERMS) throw invalid('invalid_query', `q: use at most ${MAX_TERMS} words`, [{ path: 'q', message: `has ${terms.length} words; the limit is ${MAX_TERMS}` }]);
      if (!searchCache.enabled || terms.length === 0) return search(query, terms);
      return searchCache.get(`${query.q}\u0000${query.page}\u0000${query.perPage}`, await readCatalogVersion(db), () => search(query, terms));
    },
    import: (document: unknown, options: ImportOptions) => importCatalog(deps, document, options),
    async putFilm(slug: string, film: FilmInput, actor: string, summary = 'Edited through the API') {
      if (film.slug !== slug) throw invalid('slug_mismatch', `The body's slug "${film.slug}" differs from the URL's "${slug}".`, [{ path: 'slug', message: `must be "${slug}"` }]);
      return importCatalog(deps, { format: 'kinora-catalog', version: 1, films: [film] }, { actor, summary });
    },
    async putRecord(kind: 'person' | 'collection', slug: string, record: PersonInput | CollectionInput, actor: string, summary: string) {
      if (record.slug !== slug) throw invalid('slug_mismatch', `The record's slug "${record.slug}" differs from the URL's "${slug}".`, [{ path: 'slug', message: `must be "${slug}"` }]);
      const doc = kind === 'person' ? { people: [record as PersonInput] } : { collections: [record as CollectionInput] };
      return importCatalog(deps, { format: 'kinora-catalog', version: 1, ...doc }, { actor, summary });
    },
    async history(kind: RecordKind, slug: string) {
      return (await revisionsOf(deps.db, kind, slug)) ?? Promise.reject(notFound(kind, slug));
    },
    export: () => exportCatalog(db),
    addRelease: (input: AddReleaseInput) => addRelease(deps, input),
    renameRelease: (id: number, name: string, actor: string) => renameRelease(deps, id, name, actor),
    importTorrentRelease: (input: ImportTorrentInput) => importTorrentRelease(deps, input),
    trackedTorrents: () => trackedTorrents(db),
    async release(id: number) {
      const load = async () => (await findRelease(db, id)) ?? Promise.reject(notFound('release', String(id)));
      if (!releaseCache.enabled) return load();
      return releaseCache.get(String(id), await readCatalogVersion(db), load);
    },
    async setTakenDown(id: number, takenDown: boolean, reason: string, alsoInTransaction?: (tx: Kysely<Database>) => Promise<void>) {
      const now = deps.clock().toISOString();
      await deps.db.transaction().execute(async (tx) => {
        if (!(await setTakenDown(tx, id, takenDown ? now : null, takenDown ? reason : null))) throw notFound('release', String(id));
        await bumpCatalogVersion(tx, now);
        await alsoInTransaction?.(tx);
      });
    },
    async purgeRelease(id: number, alsoInTransaction?: (tx: Kysely<Database>) => Promise<void>) {
      const now = deps.clock().toISOString();
      const files = (await findRelease(deps.db, id))?.files ?? [];
      await deps.db.transaction().execute(async (tx) => {
        if (!(await deleteRelease(tx, id))) throw notFound('release', String(id));
        await bumpCatalogVersion(tx, now);
        await alsoInTransaction?.(tx);
      });
      // After the commit: a crash here leaves a stored file nothing uses, never a row without its file.
      await deps.blobs.discard(files.map((f) => f.sha256), (sha) => isBlobReferenced(deps.db, sha));
    },
    async maintain() {
      const swept = await deps.blobs.sweep((sha) => isBlobReferenced(deps.db, sha));
      const torrentsMade = await backfillTorrents(deps);
      return { partialFiles: swept.partial, strayBlobs: swept.blobs, torrentsMade };
    },
  });
}

import { type Static, Type } from '@sinclair/typebox';
import {
  type BrowseResult, type CollectionDetail, type CollectionListing, countryName, type FilmDetail, type FilmSummary, languageName,
  type PersonDetail, type PersonRef, type Release, releaseLinks, type SearchResults, StringEnum, ROLES,
} from '../catalog/index.ts';
import type { DistributionUrls } from '../torrent/index.ts';
import type { SwarmCounts } from '../tracker/index.ts';

/**
 * Presenters are the only place a JSON shape is defined. Each shape is a schema (which documents
 * the response in the OpenAPI document and drives Fastify's serializer) plus the function that fills it.
 */

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PersonRefJson = Type.Object({ slug: Type.String(), name: Type.String(), kind: StringEnum(['person', 'organisation'] as const), url: Type.String() });
const Coded = Type.Object({ code: Type.String(), name: Type.String() });

export const FilmSummaryJson = Type.Object({
  slug: Type.String(),
  url: Type.String({ description: 'Path of the film page.' }),
  title: Type.String(),
  originalTitle: Nullable(Type.String()),
  year: Type.Integer(),
  runtimeMinutes: Nullable(Type.Integer()),
  synopsis: Type.String(),
  directors: Type.Array(PersonRefJson),
});

const ReleaseJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  totalBytes: Type.Integer(),
  files: Type.Array(Type.Object({
    path: Type.String({ description: 'Path inside the release (below the torrent\'s name).' }),
    bytes: Type.Integer(),
    sha256: Type.String(),
    url: Nullable(Type.String({ description: 'Path of the file on this archive (HTTP range requests allowed).' })),
  })),
  torrentVersion: Nullable(StringEnum(['v1', 'v2', 'hybrid'] as const)),
  torrentName: Nullable(Type.String({ description: 'The name inside the torrent: the file name, or the folder holding the files.' })),
  pieceLength: Nullable(Type.Integer()),
  infohashV1: Nullable(Type.String({ description: 'SHA-1 of the info dictionary, hex (v1 and hybrid torrents).' })),
  infohashV2: Nullable(Type.String({ description: 'SHA-256 of the info dictionary, hex (v2 and hybrid torrents).' })),
  takenDown: Type.Boolean({ description: 'Taken down by a moderator (listed to moderators only): not served (410), not tracked.' }),
  private: Type.Boolean({ description: 'A private torrent (BEP 27): its links are given only to signed-in readers, and carry their passkey.' }),
  magnet: Nullable(Type.String()),
  torrentUrl: Nullable(Type.String()),
  webSeedUrls: Type.Array(Type.String()),
  seeders: Nullable(Type.Integer({ description: 'Peers with the whole release, as the archive\'s tracker counts them now; null when it runs no tracker.' })),
  leechers: Nullable(Type.Integer({ description: 'Peers still downloading.' })),
  completed: Nullable(Type.Integer({ description: 'Downloads completed, as reported to the tracker.' })),
});

export const FilmJson = Type.Object({
  ...FilmSummaryJson.properties,
  languages: Type.Array(Coded),
  countries: Type.Array(Coded),
  credits: Type.Array(Type.Object({ role: StringEnum(ROLES), person: PersonRefJson, note: Nullable(Type.String()) })),
  appearances: Type.Array(Type.Object({ person: PersonRefJson, as: Nullable(Type.String()) })),
  subjects: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  places: Type.Array(Type.Object({ name: Type.String(), country: Nullable(Coded) })),
  reception: Type.Array(Type.Object({ quote: Type.String(), author: Type.String(), outlet: Type.String(), date: Nullable(Type.String()), url: Nullable(Type.String()) })),
  releases: Type.Array(ReleaseJson),
  collections: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() })),
  sources: Type.Array(Type.Object({
    key: Type.String({ description: 'A key of the source registry; the registry may not have it (yet).' }),
    note: Nullable(Type.String({ description: 'What the record takes from the source.' })),
    url: Type.String({ description: 'Path of the source\'s page (and of GET /api/v1/sources/{key}).' }),
  }), { description: 'The sources the record cites.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const FacetValueJson = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
export const FilmPageJson = Type.Object({
  films: Type.Array(FilmSummaryJson),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
  facets: Type.Object({
    decade: Type.Array(FacetValueJson), country: Type.Array(FacetValueJson), language: Type.Array(FacetValueJson),
    subject: Type.Array(FacetValueJson), collection: Type.Array(FacetValueJson),
  }),
});

export const PersonJson = Type.Object({
  ...PersonRefJson.properties,
  bio: Type.String(),
  born: Nullable(Type.String()),
  died: Nullable(Type.String()),
  films: Type.Array(Type.Object({ film: FilmSummaryJson, roles: Type.Array(Type.String()) })),
});
export const PeoplePageJson = Type.Object({ people: Type.Array(PersonRefJson), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() });

const CollectionListingJson = Type.Object({ slug: Type.String(), url: Type.String(), title: Type.String(), description: Type.String(), filmCount: Type.Integer() });
export const CollectionsJson = Type.Object({ collections: Type.Array(CollectionListingJson) });
export const CollectionJson = Type.Object({ slug: Type.String(), url: Type.String(), title: Type.String(), description: Type.String(), films: Type.Array(FilmSummaryJson) });

const SnippetJson = Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }), { description: 'The matching passage, split into runs; `match` marks the words that matched.' });
export const SearchJson = Type.Object({
  q: Type.String(),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
  films: Type.Array(Type.Object({ film: FilmSummaryJson, snippet: SnippetJson })),
  people: Type.Array(Type.Object({ person: PersonRefJson, snippet: SnippetJson })),
});

const TallyJson = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });
export const ImportReportJson = Type.Object({ people: TallyJson, subjects: TallyJson, films: TallyJson, collections: TallyJson, releases: TallyJson });

export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable identifier of the error, e.g. film_not_found or invalid_query.' }),
    message: Type.String(),
    details: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  }),
});

export const presentPersonRef = (p: PersonRef): Static<typeof PersonRefJson> => ({ slug: p.slug, name: p.name, kind: p.kind, url: `/people/${p.slug}` });
const coded = (code: string, name: (c: string) => string | undefined) => ({ code, name: name(code) ?? code });

export const presentFilmSummary = (f: FilmSummary): Static<typeof FilmSummaryJson> => ({
  slug: f.slug, url: `/films/${f.slug}`, title: f.title, originalTitle: f.originalTitle, year: f.year,
  runtimeMinutes: f.runtimeMinutes, synopsis: f.synopsis, directors: f.directors.map(presentPersonRef),
});

export const presentRelease = (r: Release, urls: DistributionUrls, counts?: SwarmCounts, passkey?: string | null): Static<typeof ReleaseJson> => {
  const links = releaseLinks(r, urls, passkey);
  return {
    id: r.id, name: r.name, createdAt: r.createdAt, totalBytes: r.totalBytes,
    files: r.files.map((x, i) => ({ ...x, url: links?.fileUrls[i] ?? null })),
    torrentVersion: r.torrent?.version ?? null,
    torrentName: r.torrent?.name ?? null,
    pieceLength: r.torrent?.pieceLength ?? null,
    infohashV1: r.torrent?.infohashV1 ?? null,
    infohashV2: r.torrent?.infohashV2 ?? null,
    takenDown: r.takenDown,
    private: r.torrent?.private ?? false,
    magnet: links?.magnet ?? null,
    torrentUrl: links?.torrentUrl ?? null,
    webSeedUrls: [...(links?.webSeedUrls ?? [])],
    seeders: counts?.seeders ?? null,
    leechers: counts?.leechers ?? null,
    completed: counts?.completed ?? null,
  };
};

/**
 * A film; `counts` holds the tracker's counts of its releases, in order, when the archive runs a
 * tracker; `passkey` is the asking reader's, for the links of private releases.
 */
export const presentFilm = (f: FilmDetail, urls: DistributionUrls, counts?: readonly SwarmCounts[], passkey?: string | null): Static<typeof FilmJson> => ({
  ...presentFilmSummary(f),
  languages: f.languages.map((l) => coded(l, languageName)),
  countries: f.countries.map((c) => coded(c, countryName)),
  credits: f.credits.map((c) => ({ role: c.role, person: presentPersonRef(c.person), note: c.note })),
  appearances: f.appearances.map((a) => ({ person: presentPersonRef(a.person), as: a.as })),
  subjects: f.subjects.map((s) => ({ slug: s.slug, name: s.name })),
  places: f.places.map((p) => ({ name: p.name, country: p.country ? coded(p.country, countryName) : null })),
  reception: f.reception.map((q) => ({ ...q })),
  releases: f.releases.map((r, i) => presentRelease(r, urls, counts?.[i], passkey)),
  collections: f.collections.map((c) => ({ slug: c.slug, title: c.title, url: `/collections/${c.slug}` })),
  sources: f.sources.map((s) => ({ key: s.key, note: s.note, url: `/sources/${encodeURIComponent(s.key)}` })),
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
});

export const presentFilmPage = (r: BrowseResult): Static<typeof FilmPageJson> => ({
  films: r.films.map(presentFilmSummary), total: r.total, page: r.page, perPage: r.perPage,
  facets: {
    decade: [...r.facets.decade], country: [...r.facets.country], language: [...r.facets.language],
    subject: [...r.facets.subject], collection: [...r.facets.collection],
  },
});

export const presentPerson = (p: PersonDetail): Static<typeof PersonJson> => ({
  ...presentPersonRef(p), bio: p.bio, born: p.born, died: p.died,
  films: p.films.map(({ film, roles }) => ({ film: presentFilmSummary(film), roles: [...roles] })),
});

export const presentCollection = (c: CollectionDetail): Static<typeof CollectionJson> => ({
  slug: c.slug, url: `/collections/${c.slug}`, title: c.title, description: c.description, films: c.films.map(presentFilmSummary),
});

export const presentCollections = (list: readonly CollectionListing[]): Static<typeof CollectionsJson> => ({
  collections: list.map((c) => ({ slug: c.slug, url: `/collections/${c.slug}`, title: c.title, description: c.description, filmCount: c.filmCount })),
});

export const presentSearch = (r: SearchResults): Static<typeof SearchJson> => ({
  q: r.q, total: r.total, page: r.page, perPage: r.perPage,
  films: r.films.map((h) => ({ film: presentFilmSummary(h.film), snippet: h.snippet.map((s) => ({ ...s })) })),
  people: r.people.map((h) => ({ person: presentPersonRef(h.person), snippet: h.snippet.map((s) => ({ ...s })) })),
});

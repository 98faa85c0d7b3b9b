import type { Role } from './catalog.format.ts';

/** What the catalog hands to presenters and pages: plain, camelCase, already joined. */

export interface PersonRef {
  readonly slug: string;
  readonly name: string;
  readonly kind: 'person' | 'organisation';
}

export interface SubjectRef {
  readonly slug: string;
  readonly name: string;
}

export interface CollectionRef {
  readonly slug: string;
  readonly title: string;
}

export interface Credit {
  readonly role: Role;
  readonly person: PersonRef;
  readonly note: string | null;
}

export interface Appearance {
  readonly person: PersonRef;
  readonly as: string | null;
}

export interface Place {
  readonly name: string;
  readonly country: string | null;
}

export interface ReceptionQuote {
  readonly quote: string;
  readonly author: string;
  readonly outlet: string;
  readonly date: string | null;
  readonly url: string | null;
}

/** A source the film record cites: a key of the wiki's source registry, which may not have it (yet). */
export interface FilmSource {
  readonly key: string;
  readonly note: string | null;
}

/** A film that cites a source, as the source's page lists it. */
export interface FilmCitation {
  readonly slug: string;
  readonly title: string;
  readonly year: number;
  readonly note: string | null;
}

export interface ReleaseFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What the pages and the API show of a release's torrent. */
export interface ReleaseTorrent {
  readonly version: 'v1' | 'v2' | 'hybrid';
  readonly name: string;
  readonly singleFile: boolean;
  readonly pieceLength: number;
  readonly infohashV1: string | null;
  readonly infohashV2: string | null;
  /** BEP 27: downloaded by signed-in readers only, each announcing with their passkey. */
  readonly private: boolean;
}

export interface Release {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
  readonly files: readonly ReleaseFile[];
  readonly totalBytes: number;
  /** Null only for a release made before torrents existed, until the next start makes it. */
  readonly torrent: ReleaseTorrent | null;
  /** Taken down by a moderator: listed only to moderators, not served, not tracked. */
  readonly takenDown: boolean;
}

export interface FilmSummary {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly originalTitle: string | null;
  readonly year: number;
  readonly runtimeMinutes: number | null;
  readonly synopsis: string;
  readonly directors: readonly PersonRef[];
  readonly createdAt: string;
}

export interface FilmDetail extends FilmSummary {
  readonly updatedAt: string;
  readonly languages: readonly string[];
  readonly countries: readonly string[];
  readonly credits: readonly Credit[];
  readonly appearances: readonly Appearance[];
  readonly subjects: readonly SubjectRef[];
  readonly places: readonly Place[];
  readonly reception: readonly ReceptionQuote[];
  readonly releases: readonly Release[];
  readonly collections: readonly CollectionRef[];
  readonly sources: readonly FilmSource[];
}

export interface PersonDetail extends PersonRef {
  readonly id: number;
  readonly bio: string;
  readonly born: string | null;
  readonly died: string | null;
  /** Every film the person worked on or appears in, newest first, with all their roles in it. */
  readonly films: readonly { readonly film: FilmSummary; readonly roles: readonly string[] }[];
}

export interface CollectionDetail extends CollectionRef {
  readonly id: number;
  readonly description: string;
  readonly films: readonly FilmSummary[];
}

export const SORTS = ['title', 'year', 'added'] as const;
export type Sort = (typeof SORTS)[number];

/** A parsed browse request: every field already valid. */
export interface BrowseQuery {
  readonly page: number;
  readonly perPage: number;
  readonly sort: Sort;
  readonly decade?: number;
  readonly country?: string;
  readonly language?: string;
  readonly subject?: string;
  readonly collection?: string;
}

export const FACETS = ['decade', 'country', 'language', 'subject', 'collection'] as const;
export type FacetName = (typeof FACETS)[number];

export interface FacetValue {
  /** The value as it goes in the query string (`1930`, `US`, `en`, a slug). */
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

export interface BrowseResult {
  readonly films: readonly FilmSummary[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
  readonly facets: Readonly<Record<FacetName, readonly FacetValue[]>>;
}

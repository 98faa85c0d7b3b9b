import type { ColumnType, Generated } from 'kysely';

/** Tables of the catalog. Timestamps are ISO 8601 UTC strings so both dialects sort and compare them alike. */
export interface FilmsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  original_title: string | null;
  sort_title: string;
  year: number;
  decade: number;
  runtime_minutes: number | null;
  synopsis: string;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: Generated<number>;
  slug: string;
  name: string;
  sort_name: string;
  kind: 'person' | 'organisation';
  bio: string;
  born: string | null;
  died: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreditsTable {
  film_id: number;
  person_id: number;
  role: string;
  note: string | null;
  position: number;
}

export interface AppearancesTable {
  film_id: number;
  person_id: number;
  as_name: string | null;
  position: number;
}

export interface SubjectsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
}

export interface FilmSubjectsTable {
  film_id: number;
  subject_id: number;
  position: number;
}

export interface FilmCountriesTable {
  film_id: number;
  country: string;
  position: number;
}

export interface FilmLanguagesTable {
  film_id: number;
  language: string;
  position: number;
}

export interface FilmPlacesTable {
  film_id: number;
  position: number;
  name: string;
  country: string | null;
}

export interface ReceptionQuotesTable {
  film_id: number;
  position: number;
  quote: string;
  author: string;
  outlet: string;
  date: string | null;
  url: string | null;
}

/** The sources a film record cites, by key of the wiki's source registry; see src/db/migrations/0009-film-sources.ts. */
export interface FilmSourcesTable {
  film_id: number;
  position: number;
  source_key: string;
  note: string | null;
}

export interface CollectionsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface CollectionFilmsTable {
  collection_id: number;
  film_id: number;
  position: number;
}

export interface ReleasesTable {
  id: Generated<number>;
  film_id: number;
  name: string;
  created_at: string;
  /** Set while a moderator has taken the release down: unlisted, not served, not tracked. */
  taken_down_at: ColumnType<string | null, string | null | undefined, string | null>;
  takedown_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReleaseFilesTable {
  release_id: number;
  position: number;
  path: string;
  bytes: number;
  sha256: string;
}

/** A release's torrent; see src/db/migrations/0002-torrents.ts. */
export interface TorrentsTable {
  release_id: number;
  version: 'v1' | 'v2' | 'hybrid';
  name: string;
  piece_length: number;
  /** 1 when the torrent is one file named `name` (v1 `length`), 0 for a folder of files. */
  single_file: number;
  info: Buffer;
  piece_layers: Buffer | null;
  infohash_v1: string | null;
  infohash_v2: string | null;
  created_by: string;
  creation_date: number;
  /** 1 for a BEP 27 private torrent (its `info` says `private: 1`): announces need a passkey. */
  private: number;
}

/** A snapshot of a record after each change, so nothing a contributor wrote is ever lost. */
export interface RevisionsTable {
  id: Generated<number>;
  entity: 'film' | 'person' | 'subject' | 'collection' | 'release';
  entity_id: number;
  number: number;
  data: string;
  summary: string;
  actor: string;
  created_at: string;
}

/** PostgreSQL only: the documents the search index covers (SQLite keys its FTS5 tables by record id). */
export interface SearchDocsTable {
  id: Generated<number>;
  kind: string;
  ref_id: number;
}

/** The last counts the tracker wrote for a release; see src/db/migrations/0003-tracker.ts. */
export interface TrackerStatsTable {
  release_id: number;
  seeders: number;
  leechers: number;
  completed: number;
  updated_at: string;
}

/** Peers of a release at the start of a sampling period, for the 7-day chart. */
export interface TrackerSamplesTable {
  release_id: number;
  at: string;
  seeders: number;
  leechers: number;
}

/** Accounts; see src/db/migrations/0004-accounts.ts. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  username_key: string;
  email: string | null;
  password_hash: string;
  role: 'reader' | 'contributor' | 'moderator' | 'admin';
  passkey: string;
  created_at: string;
  updated_at: string;
}

/** A signed-in browser or API client; `id_hash` is the SHA-256 of the cookie's value. */
export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  seen_at: string;
  expires_at: string;
}

/** Personal API tokens, stored as SHA-256 digests (the token itself is shown once). */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailuresTable {
  key: string;
  at: string;
}

/** Every role change and moderation action: who, what, when, why. */
export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string;
  data: string;
  created_at: string;
}

/** Readers' reviews; see src/db/migrations/0006-reviews.ts. */
export interface ReviewsTable {
  id: Generated<number>;
  film_id: number;
  user_id: number;
  rating: number;
  title: string;
  body: string;
  spoilers: number;
  created_at: string;
  updated_at: string;
  hidden_at: string | null;
  hidden_reason: string | null;
}

export interface ReviewRevisionsTable {
  review_id: number;
  number: number;
  rating: number;
  title: string;
  body: string;
  spoilers: number;
  created_at: string;
}

export interface ReviewVotesTable {
  review_id: number;
  user_id: number;
  helpful: number;
  created_at: string;
}

/** A reader's report of a problem; see src/db/migrations/0007-moderation.ts. */
export interface FlagsTable {
  id: Generated<number>;
  target_type: 'release' | 'review' | 'film';
  target_id: string;
  reason: string;
  note: string;
  user_id: number | null;
  created_at: string;
  status: 'open' | 'resolved' | 'dismissed';
  closed_by: number | null;
  closed_at: string | null;
  resolution: string | null;
}

/** Wiki pages and their revisions; see src/db/migrations/0008-wiki.ts. */
export interface WikiPagesTable {
  id: Generated<number>;
  title: string;
  namespace: string;
  latest_revision_id: number | null;
  redirect_to: string | null;
  kind: string | null;
  size: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_reason: string | null;
}

export interface WikiRevisionsTable {
  id: Generated<number>;
  page_id: number;
  parent_id: number | null;
  markup: string;
  summary: string;
  author_id: number | null;
  author_name: string;
  created_at: string;
  size: number;
  size_delta: number;
  title: string;
  imported: number;
}

export interface WikiLinksTable {
  page_id: number;
  to_title: string;
}

export interface WikiCategoriesTable {
  page_id: number;
  category: string;
}

export interface WikiCitationsTable {
  page_id: number;
  source_key: string;
}

export interface WikiFilmCoverageTable {
  page_id: number;
  film_slug: string;
  position: number;
  at: string | null;
  until: string | null;
  note: string | null;
}

export interface SourcesTable {
  id: Generated<number>;
  key: string;
  csl: string;
  title: string;
  problems: string;
  unreliable_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface SourceRevisionsTable {
  source_id: number;
  number: number;
  csl: string;
  author_id: number | null;
  author_name: string;
  created_at: string;
}

export interface KvTable {
  key: string;
  value: string;
}

export interface Database {
  films: FilmsTable;
  people: PeopleTable;
  credits: CreditsTable;
  appearances: AppearancesTable;
  subjects: SubjectsTable;
  film_subjects: FilmSubjectsTable;
  film_countries: FilmCountriesTable;
  film_languages: FilmLanguagesTable;
  film_places: FilmPlacesTable;
  reception_quotes: ReceptionQuotesTable;
  film_sources: FilmSourcesTable;
  collections: CollectionsTable;
  collection_films: CollectionFilmsTable;
  releases: ReleasesTable;
  release_files: ReleaseFilesTable;
  torrents: TorrentsTable;
  revisions: RevisionsTable;
  search_docs: SearchDocsTable;
  tracker_stats: TrackerStatsTable;
  tracker_samples: TrackerSamplesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  reviews: ReviewsTable;
  review_revisions: ReviewRevisionsTable;
  review_votes: ReviewVotesTable;
  flags: FlagsTable;
  wiki_pages: WikiPagesTable;
  wiki_revisions: WikiRevisionsTable;
  wiki_links: WikiLinksTable;
  wiki_categories: WikiCategoriesTable;
  wiki_citations: WikiCitationsTable;
  wiki_film_coverage: WikiFilmCoverageTable;
  sources: SourcesTable;
  source_revisions: SourceRevisionsTable;
  kv: KvTable;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What can be found: films, people and wiki articles. */
export type SearchKind = 'film' | 'person' | 'article';

/** The text of one record as the index sees it; fields are weighted title > people, subjects > body. */
export interface SearchDocument {
  readonly kind: SearchKind;
  readonly refId: number;
  readonly title: string;
  readonly altTitle: string;
  readonly body: string;
  readonly people: string;
  readonly subjects: string;
}

/** A run of snippet text, highlighted where it matched the query. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

export interface SearchHit {
  readonly kind: SearchKind;
  readonly refId: number;
  readonly snippet: readonly SnippetPart[];
}

export interface SearchRequest {
  /** Words the reader typed, already split into plain tokens (see `tokenize`). */
  readonly terms: readonly string[];
  readonly kind: SearchKind;
  readonly limit: number;
  readonly offset: number;
  /** Whether to count every match (for pagination); counting costs about as much as ranking. */
  readonly withTotal: boolean;
}

export interface SearchResult {
  /** The number of matches, or -1 when the request did not ask for it. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

/**
 * A SearchIndex is the glue between the catalog and a database's full-text engine.
 * Writes take the caller's transaction, so a record and its index entry change together.
 */
export interface SearchIndex {
  put(trx: Kysely<Database>, doc: SearchDocument): Promise<void>;
  remove(trx: Kysely<Database>, kind: SearchKind, refId: number): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
}

/** Private-use characters mark the matched words inside snippets; no real text contains them. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** Splits a marked snippet into parts, dropping any stray markers. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, 'g');
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    if (m.index > last) parts.push({ text: marked.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < marked.length) parts.push({ text: marked.slice(last), match: false });
  return parts.map((p) => ({ ...p, text: p.text.replace(/[\uE000\uE001]/g, '') })).filter((p) => p.text !== '');
}

/** At most this many words of a query are used; a longer query gets a clear error at the boundary. */
export const MAX_TERMS = 16;

/** The words of a query: runs of letters and digits, at most 64 characters each. */
export function tokenize(q: string): string[] {
  return (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).map((t) => t.slice(0, 64).toLowerCase());
}

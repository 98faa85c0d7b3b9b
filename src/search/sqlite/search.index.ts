import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { MARK_END, MARK_START, type SearchDocument, type SearchIndex, type SearchKind, type SearchRequest, type SearchResult, snippetParts } from '../search.types.ts';

/** Every term must appear; the last one also matches as a prefix, so "nano" finds Nanook. */
export function fts5Query(terms: readonly string[]): string {
  return terms.map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

// Table names come from this fixed map, never from input.
const TABLES: Readonly<Record<SearchKind, string>> = { film: 'search_film', person: 'search_person', article: 'search_article' };
const table = (kind: SearchKind) => sql.raw(TABLES[kind]);

/** SQLite FTS5: one table per kind whose rowid is the record's id. */
export function createSqliteSearchIndex(db: Kysely<Database>): SearchIndex {
  return Object.freeze({
    async put(trx: Kysely<Database>, doc: SearchDocument) {
      await sql`delete from ${table(doc.kind)} where rowid = ${doc.refId}`.execute(trx);
      await sql`insert into ${table(doc.kind)} (rowid, title, alt_title, body, people, subjects)
        values (${doc.refId}, ${doc.title}, ${doc.altTitle}, ${doc.body}, ${doc.people}, ${doc.subjects})`.execute(trx);
    },

    async remove(trx: Kysely<Database>, kind: SearchKind, refId: number) {
      await sql`delete from ${table(kind)} where rowid = ${refId}`.execute(trx);
    },

    async search(request: SearchRequest): Promise<SearchResult> {
      if (request.terms.length === 0) return { total: 0, hits: [] };
      const match = fts5Query(request.terms);
      const t = table(request.kind);
      // Column weights for bm25: title, alt_title, body, people, subjects.
      const rows = await sql<{ id: number; snippet: string }>`
        select rowid as id, snippet(${t}, -1, ${MARK_START}, ${MARK_END}, '…', 24) as snippet
        from ${t} where ${t} match ${match}
        order by bm25(${t}, 10.0, 8.0, 1.0, 4.0, 3.0), rowid
        limit ${request.limit} offset ${request.offset}`.execute(db);
      let total = -1;
      if (request.withTotal) {
        const count = await sql<{ n: number }>`select count(*) as n from ${t} where ${t} match ${match}`.execute(db);
        total = Number(count.rows[0]?.n ?? 0);
      }
      return { total, hits: rows.rows.map((r) => ({ kind: request.kind, refId: r.id, snippet: snippetParts(r.snippet) })) };
    },
  });
}

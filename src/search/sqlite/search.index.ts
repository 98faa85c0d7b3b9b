import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { MARK_END, MARK_START, type SearchDocument, type SearchIndex, type SearchKind, type SearchRequest, type SearchResult, snippetParts } from '../search.types.ts';

/** Every term must appear; the last one also matches as a prefix, so "nano" finds Nanook. */
export function fts5Query(terms: readonly string[]): string {
  return terms.map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

/** SQLite FTS5: a contentful fts5 table whose rowid is `search_docs.id`. */
export function createSqliteSearchIndex(db: Kysely<Database>): SearchIndex {
  async function docId(trx: Kysely<Database>, kind: SearchKind, refId: number): Promise<number | undefined> {
    const row = await trx.selectFrom('search_docs').select('id').where('kind', '=', kind).where('ref_id', '=', refId).executeTakeFirst();
    return row?.id;
  }

  return Object.freeze({
    async put(trx: Kysely<Database>, doc: SearchDocument) {
      let id = await docId(trx, doc.kind, doc.refId);
      if (id === undefined) {
        const row = await trx.insertInto('search_docs').values({ kind: doc.kind, ref_id: doc.refId }).returning('id').executeTakeFirstOrThrow();
        id = row.id;
      } else {
        await sql`delete from search_fts where rowid = ${id}`.execute(trx);
      }
      await sql`insert into search_fts (rowid, title, alt_title, body, people, subjects)
        values (${id}, ${doc.title}, ${doc.altTitle}, ${doc.body}, ${doc.people}, ${doc.subjects})`.execute(trx);
    },

    async remove(trx: Kysely<Database>, kind: SearchKind, refId: number) {
      const id = await docId(trx, kind, refId);
      if (id === undefined) return;
      await sql`delete from search_fts where rowid = ${id}`.execute(trx);
      await trx.deleteFrom('search_docs').where('id', '=', id).execute();
    },

    async search(request: SearchRequest): Promise<SearchResult> {
      if (request.terms.length === 0) return { total: 0, hits: [] };
      const match = fts5Query(request.terms);
      const kindFilter = request.kind ? sql`and d.kind = ${request.kind}` : sql``;
      // Column weights for bm25: title, alt_title, body, people, subjects.
      const rows = await sql<{ kind: SearchKind; ref_id: number; snippet: string }>`
        select d.kind, d.ref_id, snippet(search_fts, -1, ${MARK_START}, ${MARK_END}, '…', 24) as snippet
        from search_fts join search_docs d on d.id = search_fts.rowid
        where search_fts match ${match} ${kindFilter}
        order by bm25(search_fts, 10.0, 8.0, 1.0, 4.0, 3.0), d.id
        limit ${request.limit} offset ${request.offset}`.execute(db);
      const count = await sql<{ n: number }>`
        select count(*) as n from search_fts join search_docs d on d.id = search_fts.rowid
        where search_fts match ${match} ${kindFilter}`.execute(db);
      return {
        total: Number(count.rows[0]?.n ?? 0),
        hits: rows.rows.map((r) => ({ kind: r.kind, refId: r.ref_id, snippet: snippetParts(r.snippet) })),
      };
    },
  });
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { MARK_END, MARK_START, type SearchDocument, type SearchIndex, type SearchKind, type SearchRequest, type SearchResult, snippetParts } from '../search.types.ts';

/** Every term must appear; the last one also matches as a prefix, like the SQLite index. */
export function tsQuery(terms: readonly string[]): string {
  // Terms are letters and digits only (see tokenize), so they need no quoting inside to_tsquery.
  return terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ');
}

/** PostgreSQL full-text search: a weighted, generated tsvector column with a GIN index. */
export function createPostgresSearchIndex(db: Kysely<Database>): SearchIndex {
  return Object.freeze({
    async put(trx: Kysely<Database>, doc: SearchDocument) {
      const row = await trx
        .insertInto('search_docs')
        .values({ kind: doc.kind, ref_id: doc.refId })
        .onConflict((oc) => oc.columns(['kind', 'ref_id']).doUpdateSet({ kind: doc.kind }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`insert into search_text (doc_id, title, alt_title, body, people, subjects)
        values (${row.id}, ${doc.title}, ${doc.altTitle}, ${doc.body}, ${doc.people}, ${doc.subjects})
        on conflict (doc_id) do update set title = excluded.title, alt_title = excluded.alt_title,
          body = excluded.body, people = excluded.people, subjects = excluded.subjects`.execute(trx);
    },

    async remove(trx: Kysely<Database>, kind: SearchKind, refId: number) {
      await trx.deleteFrom('search_docs').where('kind', '=', kind).where('ref_id', '=', refId).execute();
    },

    async search(request: SearchRequest): Promise<SearchResult> {
      if (request.terms.length === 0) return { total: 0, hits: [] };
      const query = tsQuery(request.terms);
      const kindFilter = sql`and d.kind = ${request.kind}`;
      const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;
      // The headline is computed only for the page of hits, not for every match.
      const rows = await sql<{ kind: SearchKind; ref_id: number; snippet: string; total: number }>`
        with q as (select to_tsquery('english', ${query}) as query),
        page as (
          select d.kind, d.ref_id, t.title, t.alt_title, t.body, t.people, t.subjects,
                 ts_rank_cd(t.document, q.query) as rank, d.id, count(*) over () as total
          from search_text t join search_docs d on d.id = t.doc_id, q
          where t.document @@ q.query ${kindFilter}
          order by rank desc, d.id
          limit ${request.limit} offset ${request.offset}
        )
        select page.kind, page.ref_id, page.total,
               ts_headline('english', concat_ws(' · ', page.body, page.people, page.subjects, page.title), q.query, ${options}) as snippet
        from page, q order by page.rank desc, page.id`.execute(db);
      let total = request.withTotal ? Number(rows.rows[0]?.total ?? 0) : -1;
      if (request.withTotal && rows.rows.length === 0 && request.offset > 0) {
        const count = await sql<{ n: number }>`select count(*) as n from search_text t join search_docs d on d.id = t.doc_id
          where t.document @@ to_tsquery('english', ${query}) ${kindFilter}`.execute(db);
        total = Number(count.rows[0]?.n ?? 0);
      }
      return { total, hits: rows.rows.map((r) => ({ kind: r.kind, refId: r.ref_id, snippet: snippetParts(r.snippet) })) };
    },
  });
}

import type { Kysely, Transaction } from 'kysely';
import { chunksOf } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';
import type { CslItem } from './source.parse.ts';

/** All SQL of the source registry: sources, their revisions, and who cites them. */
type Q = Kysely<Database> | Transaction<Database>;

export interface SourceRow {
  readonly id: number;
  readonly key: string;
  readonly item: CslItem;
  readonly problems: readonly string[];
  readonly unreliableReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const row = (r: { id: number; key: string; csl: string; problems: string; unreliable_reason: string | null; created_at: string; updated_at: string }): SourceRow => ({
  id: r.id, key: r.key, item: JSON.parse(r.csl) as CslItem, problems: r.problems ? r.problems.split('\n') : [], unreliableReason: r.unreliable_reason, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function sourceByKey(db: Q, key: string): Promise<SourceRow | undefined> {
  const r = await db.selectFrom('sources').selectAll().where('key', '=', key).executeTakeFirst();
  return r ? row(r) : undefined;
}

export async function sourcesByKeys(db: Q, keys: readonly string[]): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for (const some of chunksOf(keys, 500)) {
    const rows = await db.selectFrom('sources').selectAll().where('key', 'in', some).execute();
    out.push(...rows.map(row));
  }
  return out;
}

export async function listSources(db: Q, limit: number, offset: number): Promise<{ rows: (SourceRow & { citedBy: number })[]; total: number }> {
  const rows = await db.selectFrom('sources as s').selectAll('s')
    .select((eb) => eb.selectFrom('wiki_citations as c').innerJoin('wiki_pages as p', 'p.id', 'c.page_id').whereRef('c.source_key', '=', 's.key').where('p.deleted_at', 'is', null).select(eb.fn.countAll<number>().as('n')).as('cited_by'))
    .orderBy('s.title').orderBy('s.key').limit(limit).offset(offset).execute();
  const total = await db.selectFrom('sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows: rows.map((r) => ({ ...row(r), citedBy: Number(r.cited_by ?? 0) })), total: Number(total.n) };
}

export async function insertSource(db: Q, s: { key: string; item: CslItem; problems: readonly string[]; now: string }): Promise<number | undefined> {
  const r = await db.insertInto('sources').values({ key: s.key, csl: JSON.stringify(s.item), title: s.item.title, problems: s.problems.join('\n'), unreliable_reason: null, created_at: s.now, updated_at: s.now })
    .onConflict((oc) => oc.column('key').doNothing()).returning('id').executeTakeFirst();
  return r?.id;
}

export async function updateSource(db: Q, id: number, s: { item: CslItem; problems: readonly string[]; now: string }): Promise<void> {
  await db.updateTable('sources').set({ csl: JSON.stringify(s.item), title: s.item.title, problems: s.problems.join('\n'), updated_at: s.now }).where('id', '=', id).execute();
}

export async function addSourceRevision(db: Q, r: { sourceId: number; item: CslItem; authorId: number | null; authorName: string; now: string }): Promise<void> {
  const last = await db.selectFrom('source_revisions').select((eb) => eb.fn.max<number>('number').as('n')).where('source_id', '=', r.sourceId).executeTakeFirst();
  await db.insertInto('source_revisions').values({ source_id: r.sourceId, number: Number(last?.n ?? 0) + 1, csl: JSON.stringify(r.item), author_id: r.authorId, author_name: r.authorName, created_at: r.now }).execute();
}

export async function sourceRevisions(db: Q, sourceId: number): Promise<{ number: number; item: CslItem; authorName: string; createdAt: string }[]> {
  const rows = await db.selectFrom('source_revisions').selectAll().where('source_id', '=', sourceId).orderBy('number', 'desc').execute();
  return rows.map((r) => ({ number: r.number, item: JSON.parse(r.csl) as CslItem, authorName: r.author_name, createdAt: r.created_at }));
}

export async function setUnreliable(db: Q, id: number, reason: string | null, now: string): Promise<void> {
  await db.updateTable('sources').set({ unreliable_reason: reason, updated_at: now }).where('id', '=', id).execute();
}

/** Live pages whose latest revision cites the key. */
export async function pagesCiting(db: Q, key: string): Promise<string[]> {
  const rows = await db.selectFrom('wiki_citations as c').innerJoin('wiki_pages as p', 'p.id', 'c.page_id').select('p.title')
    .where('c.source_key', '=', key).where('p.deleted_at', 'is', null).orderBy('p.title').execute();
  return rows.map((r) => r.title);
}

/** Every cited key of a live page that has a problem: no such source, an incomplete one, or one marked unreliable. */
export async function citationProblems(db: Q): Promise<{ title: string; key: string; problems: string; unreliable: string | null; missing: boolean }[]> {
  const rows = await db.selectFrom('wiki_citations as c').innerJoin('wiki_pages as p', 'p.id', 'c.page_id').leftJoin('sources as s', 's.key', 'c.source_key')
    .select(['p.title', 'c.source_key', 's.id', 's.problems', 's.unreliable_reason'])
    .where('p.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('s.id', 'is', null), eb('s.problems', '!=', ''), eb('s.unreliable_reason', 'is not', null)]))
    .orderBy('p.title').orderBy('c.source_key').execute();
  return rows.map((r) => ({ title: r.title, key: r.source_key, problems: r.problems ?? '', unreliable: r.unreliable_reason ?? null, missing: r.id === null }));
}

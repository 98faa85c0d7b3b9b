import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import { chunksOf } from '../db/chunks.ts';
import { bumpVersion, readVersion } from '../db/kv.versions.ts';
import type { Database, WikiPagesTable } from '../db/schema.ts';

/** All SQL of wiki pages, their revisions and what their latest revisions link, categorise, cite and cover. */
type Q = Kysely<Database> | Transaction<Database>;

/**
 * Changes whenever what a rendered page depends on outside its own text may have changed: a page
 * created, deleted, renamed or turned into a redirect (red links), a source edited (bibliography),
 * a navigation box edited. An edit of an ordinary article's text leaves it alone.
 */
export const WIKI_VERSION_KEY = 'wiki_version';
export const bumpWikiVersion = (db: Q, now: string): Promise<void> => bumpVersion(db, WIKI_VERSION_KEY, now);
export const readWikiVersion = (db: Q): Promise<string> => readVersion(db, WIKI_VERSION_KEY);

/** Changes with every write to the wiki at all: for caches of whole pages (histories, recent changes, articles). */
export const WIKI_EDITS_KEY = 'wiki_edits_version';
export const bumpWikiEdits = (db: Q, now: string): Promise<void> => bumpVersion(db, WIKI_EDITS_KEY, now);
export const readWikiEdits = async (db: Q): Promise<string> => `${await readVersion(db, WIKI_EDITS_KEY)}|${await readVersion(db, WIKI_VERSION_KEY)}`;

export interface PageRow {
  readonly id: number;
  readonly title: string;
  readonly namespace: string;
  readonly latestRevisionId: number | null;
  readonly redirectTo: string | null;
  readonly kind: string | null;
  readonly size: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
  readonly deletedReason: string | null;
}

export interface RevisionRow {
  readonly id: number;
  readonly pageId: number;
  readonly parentId: number | null;
  readonly markup: string;
  readonly summary: string;
  readonly authorId: number | null;
  readonly authorName: string;
  readonly createdAt: string;
  readonly size: number;
  readonly sizeDelta: number;
  readonly title: string;
  readonly imported: boolean;
}

/** What a revision's text declares, kept for the page's latest revision. */
export interface Derived {
  readonly links: readonly string[];
  readonly categories: readonly string[];
  readonly citations: readonly string[];
  readonly films: readonly { readonly film: string; readonly at?: string | undefined; readonly to?: string | undefined; readonly note?: string | undefined }[];
}

const page = (r: Selectable<WikiPagesTable>): PageRow => ({
  id: r.id, title: r.title, namespace: r.namespace, latestRevisionId: r.latest_revision_id, redirectTo: r.redirect_to, kind: r.kind, size: r.size,
  createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at, deletedReason: r.deleted_reason,
});

export async function pageByTitle(db: Q, title: string): Promise<PageRow | undefined> {
  const r = await db.selectFrom('wiki_pages').selectAll().where('title', '=', title).executeTakeFirst();
  return r ? page(r) : undefined;
}

export async function pageById(db: Q, id: number): Promise<PageRow | undefined> {
  const r = await db.selectFrom('wiki_pages').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? page(r) : undefined;
}

/** Which of these titles are live pages, and which of those redirect. */
export async function pageStates(db: Q, titles: readonly string[]): Promise<Map<string, 'article' | 'redirect'>> {
  const out = new Map<string, 'article' | 'redirect'>();
  for (const some of chunksOf(titles, 500)) {
    const rows = await db.selectFrom('wiki_pages').select(['title', 'redirect_to']).where('title', 'in', some).where('deleted_at', 'is', null).execute();
    for (const r of rows) out.set(r.title, r.redirect_to === null ? 'article' : 'redirect');
  }
  return out;
}

export async function insertPage(db: Q, p: { title: string; namespace: string; now: string }): Promise<number> {
  const r = await db.insertInto('wiki_pages').values({ title: p.title, namespace: p.namespace, latest_revision_id: null, redirect_to: null, kind: null, size: 0, created_at: p.now, updated_at: p.now, deleted_at: null, deleted_reason: null })
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRevision(db: Q, r: Omit<RevisionRow, 'id' | 'imported'> & { imported?: boolean }): Promise<number> {
  const row = await db.insertInto('wiki_revisions').values({
    page_id: r.pageId, parent_id: r.parentId, markup: r.markup, summary: r.summary, author_id: r.authorId, author_name: r.authorName,
    created_at: r.createdAt, size: r.size, size_delta: r.sizeDelta, title: r.title, imported: r.imported ? 1 : 0,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Makes a revision the page's current one, with what it says about the page. */
export async function setLatest(db: Q, pageId: number, p: { revisionId: number; redirectTo: string | null; kind: string | null; size: number; now: string }): Promise<void> {
  await db.updateTable('wiki_pages').set({ latest_revision_id: p.revisionId, redirect_to: p.redirectTo, kind: p.kind, size: p.size, updated_at: p.now }).where('id', '=', pageId).execute();
}

/**
 * Makes a revision the page's current one only if the current one is still `expected` (null: the
 * page has none yet); false when another write got there first. Of two writes from one base, one wins.
 */
export async function setLatestFrom(db: Q, pageId: number, expected: number | null, p: { revisionId: number; redirectTo: string | null; kind: string | null; size: number; now: string }): Promise<boolean> {
  const r = await db.updateTable('wiki_pages').set({ latest_revision_id: p.revisionId, redirect_to: p.redirectTo, kind: p.kind, size: p.size, updated_at: p.now })
    .where('id', '=', pageId).where((eb) => (expected === null ? eb('latest_revision_id', 'is', null) : eb('latest_revision_id', '=', expected))).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces what the page links to, categorises, cites and covers with what its latest revision declares. */
export async function replaceDerived(db: Q, pageId: number, d: Derived): Promise<void> {
  await db.deleteFrom('wiki_links').where('page_id', '=', pageId).execute();
  await db.deleteFrom('wiki_categories').where('page_id', '=', pageId).execute();
  await db.deleteFrom('wiki_citations').where('page_id', '=', pageId).execute();
  await db.deleteFrom('wiki_film_coverage').where('page_id', '=', pageId).execute();
  const chunks = <T>(xs: readonly T[]) => chunksOf(xs, 200);
  for (const c of chunks(d.links)) await db.insertInto('wiki_links').values(c.map((to_title) => ({ page_id: pageId, to_title }))).execute();
  for (const c of chunks(d.categories)) await db.insertInto('wiki_categories').values(c.map((category) => ({ page_id: pageId, category }))).execute();
  for (const c of chunks(d.citations)) await db.insertInto('wiki_citations').values(c.map((source_key) => ({ page_id: pageId, source_key }))).execute();
  for (const c of chunks(d.films.map((f, position) => ({ ...f, position })))) {
    await db.insertInto('wiki_film_coverage').values(c.map((f) => ({ page_id: pageId, film_slug: f.film, position: f.position, at: f.at ?? null, until: f.to ?? null, note: f.note ?? null }))).execute();
  }
}

const revision = (r: { id: number; page_id: number; parent_id: number | null; markup: string; summary: string; author_id: number | null; author_name: string; created_at: string; size: number; size_delta: number; title: string; imported: number }): RevisionRow => ({
  id: r.id, pageId: r.page_id, parentId: r.parent_id, markup: r.markup, summary: r.summary, authorId: r.author_id, authorName: r.author_name,
  createdAt: r.created_at, size: r.size, sizeDelta: r.size_delta, title: r.title, imported: Number(r.imported) === 1,
});

export async function revisionById(db: Q, id: number): Promise<RevisionRow | undefined> {
  const r = await db.selectFrom('wiki_revisions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? revision(r) : undefined;
}

/** The author and time of each imported revision of a page, `author\ntime`: what a later import of the same wiki has already. */
export async function importedRevisionKeys(db: Q, pageId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('wiki_revisions').select(['author_name', 'created_at']).where('page_id', '=', pageId).where('imported', '=', 1).execute();
  return new Set(rows.map((r) => `${r.author_name}\n${r.created_at}`));
}

/** A page's revisions, newest first, without their text. */
export async function revisionsOf(db: Q, pageId: number, limit: number, offset: number): Promise<{ rows: Omit<RevisionRow, 'markup'>[]; total: number }> {
  const rows = await db.selectFrom('wiki_revisions')
    .select(['id', 'page_id', 'parent_id', 'summary', 'author_id', 'author_name', 'created_at', 'size', 'size_delta', 'title', 'imported', sql<string>`''`.as('markup')])
    .where('page_id', '=', pageId).orderBy('id', 'desc').limit(limit).offset(offset).execute();
  const total = await db.selectFrom('wiki_revisions').select((eb) => eb.fn.countAll<number>().as('n')).where('page_id', '=', pageId).executeTakeFirstOrThrow();
  return { rows: rows.map(revision), total: Number(total.n) };
}

/** The latest changes of every page, newest first, with each page's current title. */
export async function recentChanges(db: Q, limit: number, offset: number): Promise<(Omit<RevisionRow, 'markup'> & { pageTitle: string; deleted: boolean })[]> {
  const rows = await db.selectFrom('wiki_revisions as r').innerJoin('wiki_pages as p', 'p.id', 'r.page_id')
    .select(['r.id', 'r.page_id', 'r.parent_id', 'r.summary', 'r.author_id', 'r.author_name', 'r.created_at', 'r.size', 'r.size_delta', 'r.title', 'r.imported', sql<string>`''`.as('markup'), 'p.title as page_title', 'p.deleted_at'])
    .orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ ...revision(r), pageTitle: r.page_title, deleted: r.deleted_at !== null }));
}

/** Live pages that link to a title, and live redirects to it. */
export async function backlinks(db: Q, title: string): Promise<{ title: string; redirect: boolean }[]> {
  const links = await db.selectFrom('wiki_links as l').innerJoin('wiki_pages as p', 'p.id', 'l.page_id')
    .select(['p.title', 'p.redirect_to']).where('l.to_title', '=', title).where('p.deleted_at', 'is', null).execute();
  const redirects = await db.selectFrom('wiki_pages').select(['title']).where('redirect_to', '=', title).where('deleted_at', 'is', null).execute();
  const out = new Map<string, boolean>();
  for (const r of links) out.set(r.title, r.redirect_to !== null);
  for (const r of redirects) out.set(r.title, true);
  return [...out].map(([t, redirect]) => ({ title: t, redirect })).sort((a, b) => a.title.localeCompare(b.title));
}

export async function categoryMembers(db: Q, category: string): Promise<{ title: string; namespace: string }[]> {
  return db.selectFrom('wiki_categories as c').innerJoin('wiki_pages as p', 'p.id', 'c.page_id')
    .select(['p.title', 'p.namespace']).where('c.category', '=', category).where('p.deleted_at', 'is', null).where('p.redirect_to', 'is', null)
    .orderBy('p.title').execute();
}

export async function categoriesOf(db: Q, pageId: number): Promise<string[]> {
  return (await db.selectFrom('wiki_categories').select('category').where('page_id', '=', pageId).orderBy('category').execute()).map((r) => r.category);
}

/** Redirects whose target is itself a redirect: A → B → C. */
export async function doubleRedirects(db: Q): Promise<{ title: string; via: string; target: string | null }[]> {
  const rows = await db.selectFrom('wiki_pages as a').innerJoin('wiki_pages as b', 'b.title', 'a.redirect_to')
    .select(['a.title as title', 'b.title as via', 'b.redirect_to as target'])
    .where('a.deleted_at', 'is', null).where('b.deleted_at', 'is', null).where('b.redirect_to', 'is not', null).orderBy('a.title').execute();
  return rows;
}

/** Titles of live pages whose names are among these (for films' subjects, people and places). */
export async function redirectTargets(db: Q, titles: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!titles.length) return out;
  const rows = await db.selectFrom('wiki_pages').select(['title', 'redirect_to']).where('title', 'in', [...titles]).where('deleted_at', 'is', null).execute();
  for (const r of rows) out.set(r.title, r.redirect_to ?? r.title);
  return out;
}

export async function filmsCoveredBy(db: Q, pageId: number): Promise<{ film: string; at: string | null; to: string | null; note: string | null }[]> {
  const rows = await db.selectFrom('wiki_film_coverage').select(['film_slug', 'at', 'until', 'note']).where('page_id', '=', pageId).orderBy('position').execute();
  return rows.map((r) => ({ film: r.film_slug, at: r.at, to: r.until, note: r.note }));
}

/** Live articles that declare they are covered by a film. */
export async function articlesCoveringFilm(db: Q, slug: string): Promise<{ title: string; at: string | null; to: string | null; note: string | null }[]> {
  const rows = await db.selectFrom('wiki_film_coverage as c').innerJoin('wiki_pages as p', 'p.id', 'c.page_id')
    .select(['p.title', 'c.at', 'c.until', 'c.note']).where('c.film_slug', '=', slug).where('p.deleted_at', 'is', null).orderBy('p.title').execute();
  return rows.map((r) => ({ title: r.title, at: r.at, to: r.until, note: r.note }));
}

export async function renamePage(db: Q, pageId: number, title: string, namespace: string, now: string): Promise<void> {
  await db.updateTable('wiki_pages').set({ title, namespace, updated_at: now }).where('id', '=', pageId).execute();
}

export async function setDeleted(db: Q, pageId: number, at: string | null, reason: string | null): Promise<void> {
  await db.updateTable('wiki_pages').set({ deleted_at: at, deleted_reason: reason }).where('id', '=', pageId).execute();
}

/** Live pages by title, for the index of all pages. */
export async function allPages(db: Q, namespace: string, limit: number, offset: number): Promise<{ title: string; redirect: boolean }[]> {
  const rows = await db.selectFrom('wiki_pages').select(['title', 'redirect_to']).where('namespace', '=', namespace).where('deleted_at', 'is', null)
    .orderBy('title').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ title: r.title, redirect: r.redirect_to !== null }));
}

/** Titles linked from live pages that no live page has: MediaWiki's "wanted pages". */
export async function wantedPages(db: Q, limit: number): Promise<{ title: string; links: number }[]> {
  const rows = await db.selectFrom('wiki_links as l').innerJoin('wiki_pages as p', 'p.id', 'l.page_id')
    .leftJoin('wiki_pages as t', (j) => j.onRef('t.title', '=', 'l.to_title').on('t.deleted_at', 'is', null))
    .select(['l.to_title', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.deleted_at', 'is', null).where('t.id', 'is', null)
    .groupBy('l.to_title').orderBy('n', 'desc').orderBy('l.to_title').limit(limit).execute();
  return rows.map((r) => ({ title: r.to_title, links: Number(r.n) }));
}

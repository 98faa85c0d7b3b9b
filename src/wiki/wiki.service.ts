import type { Kysely } from 'kysely';
import type MarkdownIt from 'markdown-it';
import { type Actor, actorName, refusal, writeAudit } from '../accounts/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { MAX_TERMS, type SearchIndex, type SnippetPart, tokenize } from '../search/index.ts';
import { withoutControls } from '../validation.ts';
import { type ParsedArticle, parseArticle } from './markup/article.parse.ts';
import type { PageRenderer, RenderedPage } from './page.renderer.ts';
import { type DiffRow, type DiffStats, diffSideBySide, diffStats } from './text.diff.ts';
import { type Title, normalizeTitle, parseTitle } from './title.ts';
import { canWiki } from './wiki.policy.ts';
import { type ImportReport, importMediaWiki } from './wiki.import.ts';
import * as store from './wiki.store.ts';
import type { ArticleView, Coverage, RecentChange, RevisionDetail, RevisionSummary, SaveResult } from './wiki.types.ts';

export interface WikiServiceDeps {
  readonly db: Kysely<Database>;
  readonly md: MarkdownIt;
  readonly renderer: PageRenderer;
  readonly search: SearchIndex;
  readonly clock: () => Date;
  /** Films whose subjects, people or places carry these names (the catalog's side of films ↔ articles). */
  readonly filmsNamed?: (names: readonly string[]) => Promise<readonly string[]>;
}

export interface SaveInput {
  readonly markup: unknown;
  readonly summary?: unknown;
  /** The revision the edit started from; null when creating the page. */
  readonly baseRevisionId: number | null;
  /** Marks the revision as imported, with the other wiki's author and time (import only). */
  readonly imported?: { readonly author: string; readonly at: string };
}

export interface WikiService {
  /** A page as readers see it, following redirects (`follow: false` shows the redirect itself); an old revision with `revision`. */
  view(actor: Actor, title: string, o?: { follow?: boolean; revision?: number }): Promise<ArticleView>;
  /** Renders text as it would be saved, with its problems (unknown sources, missing boxes); writes nothing. */
  preview(actor: Actor, title: string, markup: unknown): Promise<{ html: string; problems: RenderedPage['problems']; redirect: string | null }>;
  /** Renders text that is saved nowhere: the markup guide's own examples (fixed text of the archive's, never a visitor's). */
  sample(markup: string): Promise<{ html: string; problems: RenderedPage['problems'] }>;
  /** Saves a revision. An edit based on an older revision than the latest is refused with `edit_conflict`, never merged silently. */
  save(actor: Actor, title: string, input: SaveInput): Promise<SaveResult>;
  history(title: string, o?: { limit?: number; offset?: number }): Promise<{ title: string; revisions: readonly RevisionSummary[]; total: number }>;
  revision(title: string, id: number): Promise<RevisionDetail>;
  /** The latest revision's text, for the edit form. */
  latest(title: string): Promise<RevisionDetail | null>;
  diff(title: string, from: number, to: number): Promise<{ from: RevisionDetail; to: RevisionDetail; rows: readonly DiffRow[]; stats: DiffStats }>;
  /** Saves an old revision's text as the newest one. */
  revert(actor: Actor, title: string, revisionId: number, summary?: string): Promise<SaveResult>;
  /** Moves a page to a new title; the old title becomes a redirect to it. */
  rename(actor: Actor, from: string, to: string, reason: string): Promise<{ title: string }>;
  /** Moderators delete a page (kept, with its history) and restore it. */
  setDeleted(actor: Actor, title: string, deleted: boolean, reason: string): Promise<void>;
  backlinks(title: string): Promise<{ title: string; redirect: boolean }[]>;
  recentChanges(o?: { limit?: number; offset?: number }): Promise<RecentChange[]>;
  category(name: string): Promise<{ title: string; members: { title: string; namespace: string }[] }>;
  doubleRedirects(): Promise<{ title: string; via: string; target: string | null }[]>;
  wantedPages(): Promise<{ title: string; links: number }[]>;
  allPages(namespace?: string, o?: { limit?: number; offset?: number }): Promise<{ title: string; redirect: boolean }[]>;
  /** Articles matching a query, through the same search index as the catalog (the first results only). */
  search(q: string, limit?: number): Promise<{ title: string; snippet: readonly SnippetPart[] }[]>;
  /** Changes with every write to the wiki or its sources: for caches of whole pages. */
  version(): Promise<string>;
  /** For a film page: which of these names (subjects, people, places) have an article, and its title after redirects. */
  articlesNamed(names: readonly string[]): Promise<Map<string, string>>;
  /** Articles that declare they are covered by the film. */
  articlesCovering(filmSlug: string): Promise<{ title: string; at: string | null; to: string | null; note: string | null }[]>;
  /** Moderators import a MediaWiki XML export, as text or UTF-8 bytes (see wiki.import.ts); `dryRun` reports without writing. */
  importMediaWiki(actor: Actor, xml: unknown, o?: { dryRun?: boolean }): Promise<ImportReport>;
}

/** An article's text is at most this long (MediaWiki's default limit is 2 MiB). */
export const MAX_MARKUP = 2_000_000;
/** The largest MediaWiki export one import takes (a bigger wiki is imported in parts). */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
const MAX_SUMMARY = 500;
const REDIRECT_HOPS = 5;

const summaryOf = (r: Omit<store.RevisionRow, 'markup'>): RevisionSummary => Object.freeze({
  id: r.id, parentId: r.parentId, title: r.title, summary: r.summary, authorName: r.authorName, createdAt: r.createdAt, size: r.size, sizeDelta: r.sizeDelta, imported: r.imported,
});

function markupOf(raw: unknown): string {
  if (typeof raw !== 'string') throw invalid('invalid_markup', 'The text of a page must be a string.', [{ path: 'markup', message: 'must be a string' }]);
  const text = withoutControls(raw.replace(/\r\n?/g, '\n'));
  if (Buffer.byteLength(text) > MAX_MARKUP) throw invalid('markup_too_long', `A page's text is at most ${MAX_MARKUP} bytes; this one has ${Buffer.byteLength(text)}.`, [{ path: 'markup', message: 'is too long' }]);
  return text;
}

function summaryText(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw invalid('invalid_summary', 'An edit summary must be a string.', [{ path: 'summary', message: 'must be a string' }]);
  return withoutControls(raw).replace(/\s+/g, ' ').trim().slice(0, MAX_SUMMARY);
}

const searchDoc = (pageId: number, title: string, parsed: ParsedArticle) => ({
  kind: 'article' as const, refId: pageId, title, altTitle: '', body: parsed.plainText.slice(0, 200_000), people: '', subjects: parsed.categories.join(' '),
});

export function createWikiService(deps: WikiServiceDeps): WikiService {
  const { db, md, renderer, search, clock } = deps;
  const iso = () => clock().toISOString();

  const existing = async (title: Title) => {
    const page = await store.pageByTitle(db, title.text);
    if (!page || page.latestRevisionId === null) throw notFound('page', title.text);
    return page;
  };

  /** Writes a revision and everything derived from it, in the caller's transaction. */
  const write = async (tx: Kysely<Database>, actor: Actor, title: Title, parsed: ParsedArticle, markup: string, summary: string, base: number | null, imported?: SaveInput['imported']) => {
    const now = iso();
    let page = await store.pageByTitle(tx, title.text);
    const created = !page;
    if (page && page.latestRevisionId !== base) throw conflict(title.text, page.latestRevisionId);
    if (!page && base !== null) throw conflict(title.text, null);
    // The same text as the latest revision: nothing to write.
    if (page && page.latestRevisionId !== null && !imported) {
      const latest = await store.revisionById(tx, page.latestRevisionId);
      if (latest?.markup === markup) return { title: title.text, revisionId: latest.id, created: false, unchanged: true };
    }
    if (!page) page = (await store.pageById(tx, await store.insertPage(tx, { title: title.text, namespace: title.namespace, now })))!;
    const size = Buffer.byteLength(markup);
    const revisionId = await store.insertRevision(tx, {
      pageId: page.id, parentId: base, markup, summary, authorId: actor.kind === 'user' ? actor.account.id : null, authorName: imported?.author ?? actorName(actor),
      createdAt: imported?.at ?? now, size, sizeDelta: size - page.size, title: title.text, imported: imported !== undefined,
    });
    // The check above and this update together: of two saves from the same base, one wins.
    if (!(await store.setLatestFrom(tx, page.id, page.latestRevisionId, { revisionId, redirectTo: parsed.redirect?.text ?? null, kind: parsed.frontMatter?.kind ?? null, size, now }))) throw conflict(title.text, null);
    await store.replaceDerived(tx, page.id, { links: parsed.links, categories: parsed.categories, citations: parsed.citeKeys, films: parsed.films });
    if (parsed.redirect || page.deletedAt) await search.remove(tx, 'article', page.id);
    else await search.put(tx, searchDoc(page.id, title.text, parsed));
    // Red links, redirects and boxes on other pages may look different now.
    if (created || (page.redirectTo ?? null) !== (parsed.redirect?.text ?? null) || title.namespace === 'Navbox') await store.bumpWikiVersion(tx, now);
    await store.bumpWikiEdits(tx, now);
    return { title: title.text, revisionId, created, unchanged: false };
  };

  const conflict = (title: string, latest: number | null) =>
    new AppError('conflict', 'edit_conflict', latest === null ? `"${title}" was created or changed by someone else while you edited it.` : `"${title}" was changed by someone else while you edited it: its latest revision is ${latest}.`,
      [{ path: 'baseRevisionId', message: latest === null ? 'is not the latest revision' : `the latest revision is ${latest}` }]);

  const detail = async (title: Title, id: number): Promise<RevisionDetail> => {
    const page = await existing(title);
    const rev = await store.revisionById(db, id);
    if (!rev || rev.pageId !== page.id) throw notFound('revision', String(id));
    return Object.freeze({ ...summaryOf(rev), markup: rev.markup });
  };

  const coverage = async (page: store.PageRow): Promise<Coverage[]> => {
    const declared = await store.filmsCoveredBy(db, page.id);
    const named = deps.filmsNamed ? await deps.filmsNamed([page.title, ...(await store.backlinks(db, page.title)).filter((b) => b.redirect).map((b) => b.title)]) : [];
    const seen = new Set(declared.map((d) => d.film));
    return [...declared, ...named.filter((f) => !seen.has(f)).map((film) => ({ film, at: null, to: null, note: null }))];
  };

  const service: WikiService = {
    async view(actor, raw, o = {}) {
      const asked = parseTitle(raw);
      let page = await existing(asked);
      let redirectedFrom: string | null = null;
      if (o.follow !== false && o.revision === undefined) {
        const seen = new Set([page.title]);
        let p = page;
        for (let hop = 0; hop < REDIRECT_HOPS && p.redirectTo; hop++) {
          const next = await store.pageByTitle(db, p.redirectTo);
          if (!next || next.deletedAt || next.latestRevisionId === null || seen.has(next.title)) break;
          seen.add(next.title);
          p = next;
        }
        if (p !== page) {
          redirectedFrom = page.title;
          page = p;
        }
      }
      if (page.deletedAt && !canWiki(actor, 'wiki.moderate')) throw new AppError('gone', 'page_deleted', `"${page.title}" was deleted by a moderator: ${page.deletedReason ?? ''}`.trim());
      const revId = o.revision ?? page.latestRevisionId!;
      const rev = await store.revisionById(db, revId);
      if (!rev || rev.pageId !== page.id) throw notFound('revision', String(revId));
      const rendered = await renderer.revision(rev.id, page.title, rev.markup);
      return Object.freeze({
        title: page.title, namespace: page.namespace, redirectedFrom, redirectTo: rendered.parsed.redirect?.text ?? null,
        revision: summaryOf(rev), latestRevisionId: page.latestRevisionId!, old: rev.id !== page.latestRevisionId,
        html: rendered.html, problems: rendered.problems, categories: [...rendered.parsed.categories].sort(), headings: rendered.parsed.headings,
        frontMatter: rendered.parsed.frontMatter, films: await coverage(page),
        deleted: page.deletedAt ? { at: page.deletedAt, reason: page.deletedReason ?? '' } : null,
      });
    },

    async preview(actor, raw, markup) {
      if (!canWiki(actor, 'wiki.edit')) throw refusal(actor, 'edit the wiki');
      const title = parseTitle(raw);
      const r = await renderer.preview(title.text, markupOf(markup));
      return { html: r.html, problems: r.problems, redirect: r.parsed.redirect?.text ?? null };
    },

    async sample(markup) {
      const r = await renderer.preview('Special:Markup', markup);
      return { html: r.html, problems: r.problems };
    },

    async save(actor, raw, input) {
      if (!canWiki(actor, 'wiki.edit')) throw refusal(actor, 'edit the wiki');
      if (input.imported && !canWiki(actor, 'wiki.import')) throw refusal(actor, 'import pages');
      const title = parseTitle(raw);
      if (title.namespace === 'Special') throw invalid('special_page', 'Special pages are made by the archive; they cannot be edited.');
      const markup = markupOf(input.markup);
      const summary = summaryText(input.summary);
      if (markup.trim() === '') throw invalid('empty_page', 'A page needs some text; to remove a page, ask a moderator to delete it.', [{ path: 'markup', message: 'is empty' }]);
      const parsed = parseArticle(md, markup);
      if (parsed.redirect?.text === title.text) throw invalid('self_redirect', 'A page cannot redirect to itself.', [{ path: 'markup', message: 'redirects to its own title' }]);
      try {
        return await db.transaction().execute((tx) => write(tx, actor, title, parsed, markup, summary, input.baseRevisionId, input.imported));
      } catch (e) {
        // Two first saves of one title at once: the unique title lets one in.
        if (!(e instanceof AppError) && /unique|duplicate/i.test(String((e as Error).message))) throw conflict(title.text, null);
        throw e;
      }
    },

    async history(raw, o = {}) {
      const title = parseTitle(raw);
      const page = await existing(title);
      const { rows, total } = await store.revisionsOf(db, page.id, Math.min(o.limit ?? 50, 500), o.offset ?? 0);
      return { title: page.title, revisions: rows.map(summaryOf), total };
    },

    revision: (raw, id) => detail(parseTitle(raw), id),

    async latest(raw) {
      const title = parseTitle(raw);
      const page = await store.pageByTitle(db, title.text);
      if (!page || page.latestRevisionId === null) return null;
      return detail(title, page.latestRevisionId);
    },

    async diff(raw, from, to) {
      const title = parseTitle(raw);
      const [a, b] = await Promise.all([detail(title, from), detail(title, to)]);
      return { from: a, to: b, rows: diffSideBySide(a.markup, b.markup), stats: diffStats(a.markup, b.markup) };
    },

    async revert(actor, raw, revisionId, summary) {
      const title = parseTitle(raw);
      const page = await existing(title);
      const old = await detail(title, revisionId);
      const why = summary?.trim() ? summary : `Reverted to revision ${revisionId} by ${old.authorName}`;
      return service.save(actor, title.text, { markup: old.markup, summary: why, baseRevisionId: page.latestRevisionId });
    },

    async rename(actor, fromRaw, toRaw, reason) {
      if (!canWiki(actor, 'wiki.edit')) throw refusal(actor, 'rename pages');
      const from = parseTitle(fromRaw);
      const to = parseTitle(toRaw);
      if (from.text === to.text) throw invalid('same_title', 'The new title is the same as the old one.');
      if (to.namespace === 'Special') throw invalid('special_page', 'Special pages are made by the archive.');
      const why = summaryText(reason);
      const now = iso();
      await db.transaction().execute(async (tx) => {
        const page = await store.pageByTitle(tx, from.text);
        if (!page || page.latestRevisionId === null) throw notFound('page', from.text);
        const target = await store.pageByTitle(tx, to.text);
        if (target) throw new AppError('conflict', 'title_taken', `There is already a page "${to.text}".`);
        const latest = (await store.revisionById(tx, page.latestRevisionId))!;
        await store.renamePage(tx, page.id, to.text, to.namespace, now);
        const author = { authorId: actor.kind === 'user' ? actor.account.id : null, authorName: actorName(actor), createdAt: now };
        // The move is a revision of the page (same text, new title), so its history tells it.
        const moved = await store.insertRevision(tx, { pageId: page.id, parentId: latest.id, markup: latest.markup, summary: `Moved from "${from.text}" to "${to.text}"${why ? `: ${why}` : ''}`, ...author, size: latest.size, sizeDelta: 0, title: to.text });
        if (!(await store.setLatestFrom(tx, page.id, page.latestRevisionId, { revisionId: moved, redirectTo: page.redirectTo, kind: page.kind, size: latest.size, now }))) throw conflict(from.text, null);
        // The old title becomes a redirect, so links and bookmarks still arrive.
        const markup = `#REDIRECT [[${to.text}]]\n`;
        const redirectId = await store.insertPage(tx, { title: from.text, namespace: from.namespace, now });
        const rev = await store.insertRevision(tx, { pageId: redirectId, parentId: null, markup, summary: `Moved to "${to.text}"`, ...author, size: Buffer.byteLength(markup), sizeDelta: Buffer.byteLength(markup), title: from.text });
        await store.setLatest(tx, redirectId, { revisionId: rev, redirectTo: to.text, kind: null, size: Buffer.byteLength(markup), now });
        await store.replaceDerived(tx, redirectId, { links: [to.text], categories: [], citations: [], films: [] });
        const parsed = parseArticle(md, latest.markup);
        if (!parsed.redirect && !page.deletedAt) await search.put(tx, searchDoc(page.id, to.text, parsed));
        await store.bumpWikiVersion(tx, now);
        await store.bumpWikiEdits(tx, now);
      });
      return { title: to.text };
    },

    async setDeleted(actor, raw, deleted, reason) {
      if (!canWiki(actor, 'wiki.moderate')) throw refusal(actor, 'delete or restore pages');
      const title = parseTitle(raw);
      const why = summaryText(reason);
      if (deleted && !why) throw invalid('reason_required', 'Say why the page is deleted; the audit log keeps it.', [{ path: 'reason', message: 'Give a reason.' }]);
      const now = iso();
      await db.transaction().execute(async (tx) => {
        const page = await store.pageByTitle(tx, title.text);
        if (!page || page.latestRevisionId === null) throw notFound('page', title.text);
        if ((page.deletedAt !== null) === deleted) return;
        await store.setDeleted(tx, page.id, deleted ? now : null, deleted ? why : null);
        if (deleted) await search.remove(tx, 'article', page.id);
        else {
          const parsed = parseArticle(md, (await store.revisionById(tx, page.latestRevisionId))!.markup);
          if (!parsed.redirect) await search.put(tx, searchDoc(page.id, page.title, parsed));
        }
        await writeAudit(tx, { actorId: actor.kind === 'user' ? actor.account.id : null, actorName: actorName(actor), action: deleted ? 'wiki.delete' : 'wiki.restore', targetType: 'wiki_page', targetId: page.title, reason: why, data: {}, now });
        await store.bumpWikiVersion(tx, now);
        await store.bumpWikiEdits(tx, now);
      });
    },

    backlinks: async (raw) => store.backlinks(db, parseTitle(raw).text),

    async recentChanges(o = {}) {
      const rows = await store.recentChanges(db, Math.min(o.limit ?? 50, 500), o.offset ?? 0);
      return rows.map((r) => Object.freeze({ ...summaryOf(r), pageTitle: r.pageTitle, pageDeleted: r.deleted }));
    },

    async category(name) {
      const title = parseTitle(`Category:${name.replace(/^Category:/i, '')}`);
      return { title: title.text, members: await store.categoryMembers(db, title.name) };
    },

    doubleRedirects: () => store.doubleRedirects(db),
    wantedPages: () => store.wantedPages(db, 500),
    allPages: (namespace = '', o = {}) => store.allPages(db, namespace, Math.min(o.limit ?? 500, 2000), o.offset ?? 0),

    async articlesNamed(names) {
      const titles = [...new Set(names.map((n) => normalizeTitle(n)?.text).filter((t): t is string => t !== undefined))];
      const found = await store.redirectTargets(db, titles);
      const out = new Map<string, string>();
      for (const n of names) {
        const t = normalizeTitle(n)?.text;
        if (t && found.has(t)) out.set(n, found.get(t)!);
      }
      return out;
    },

    articlesCovering: (slug) => store.articlesCoveringFilm(db, slug),

    async importMediaWiki(actor, xml, o = {}) {
      if (!canWiki(actor, 'wiki.import')) throw refusal(actor, 'import pages from another wiki');
      let text = xml;
      if (text instanceof Uint8Array) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(text);
        } catch {
          throw invalid('export_not_utf8', 'The export is not UTF-8 text; MediaWiki writes its exports in UTF-8.');
        }
      }
      if (typeof text !== 'string' || text.trim() === '') throw invalid('invalid_export', 'Send a MediaWiki XML export (Special:Export or dumpBackup.php).');
      return importMediaWiki({ db, md, search, clock, searchDoc, markupOf, summaryOf: summaryText }, actor, text, o);
    },

    async search(q, limit = 10) {
      const terms = tokenize(q).slice(0, MAX_TERMS);
      const { hits } = await search.search({ terms, kind: 'article', limit, offset: 0, withTotal: false });
      const out: { title: string; snippet: readonly SnippetPart[] }[] = [];
      for (const h of hits) {
        const page = await store.pageById(db, h.refId);
        if (page && !page.deletedAt) out.push({ title: page.title, snippet: h.snippet });
      }
      return out;
    },
    version: () => store.readWikiEdits(db),
  };
  return Object.freeze(service);
}

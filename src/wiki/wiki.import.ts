import type { Kysely } from 'kysely';
import type MarkdownIt from 'markdown-it';
import { type Actor, actorName, writeAudit } from '../accounts/index.ts';
import type { Database } from '../db/schema.ts';
import { invalid, isAppError } from '../errors.ts';
import type { SearchIndex } from '../search/index.ts';
import { type PlannedPage, type PlannedRevision, type SkippedPage, planImport, readMediaWikiExport } from './import/index.ts';
import { parseArticle } from './markup/article.parse.ts';
import { parseSource, sourceProblems } from './source.parse.ts';
import * as sourceStore from './source.store.ts';
import { parseTitle } from './title.ts';
import * as store from './wiki.store.ts';

/** What importing did (or, in a dry run, would do) to one page of the export. */
export interface PageImport {
  readonly title: string;
  /**
   * created: a new page with the export's history; updated: the export's newer revisions added on
   * top; unchanged: every revision was imported before; skipped: nothing written (see reason).
   */
  readonly status: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Revisions written. */
  readonly revisions: number;
  /** Why a page was skipped, or which of its revisions were not imported. */
  readonly reason?: string;
  /** What the converter dropped or kept as text, one line each, for a person to finish by hand. */
  readonly unconverted: readonly string[];
  readonly sources: {
    /** Added to the registry from the page's citation templates. */
    readonly created: readonly string[];
    /** Keys the registry had already (the page cites the registry's source). */
    readonly existing: readonly string[];
    /** Templates the registry could not take, with why: the citation shows as a problem until fixed. */
    readonly refused: readonly { readonly key: string; readonly reason: string }[];
  };
}

export interface ImportReport {
  readonly siteName: string | null;
  readonly dryRun: boolean;
  readonly pages: readonly PageImport[];
  /** Pages of the export that are not imported at all (talk pages, templates, titles Kinora cannot hold…). */
  readonly skipped: readonly SkippedPage[];
  readonly totals: { readonly pages: number; readonly revisions: number; readonly sources: number; readonly unconverted: number };
}

export interface ImportDeps {
  readonly db: Kysely<Database>;
  readonly md: MarkdownIt;
  readonly search: SearchIndex;
  readonly clock: () => Date;
  /** The article's entry in the search index (the same document an ordinary save writes). */
  readonly searchDoc: (pageId: number, title: string, parsed: ReturnType<typeof parseArticle>) => Parameters<SearchIndex['put']>[1];
  /** A revision's text as a save takes it (line ends, control characters, the size limit). */
  readonly markupOf: (raw: unknown) => string;
  readonly summaryOf: (raw: unknown) => string;
}

/** The one way out of a dry run's transaction: everything it wrote is rolled back. */
class DryRun extends Error {
  constructor(readonly result: PageImport) {
    super('dry run');
  }
}

/**
 * Imports a MediaWiki XML export: each article and category page with its history (authors and
 * times as the other wiki had them, marked imported), its citation templates added to the source
 * registry. One transaction per page, so a page is imported whole or not at all; importing the
 * same export again writes nothing, and a later export of the same wiki adds only the newer
 * revisions. A dry run does everything in the same transactions and rolls each back.
 */
export async function importMediaWiki(deps: ImportDeps, actor: Actor, xml: string, o: { dryRun?: boolean } = {}): Promise<ImportReport> {
  const dump = readMediaWikiExport(xml);
  const site = dump.siteName ?? null;
  const plan = planImport(dump);
  const dryRun = o.dryRun === true;
  // Sources made by an earlier page of this import (kept across a dry run's rollbacks too).
  const made = new Set<string>();
  const pages: PageImport[] = [];
  for (const planned of plan.pages) {
    try {
      pages.push(await deps.db.transaction().execute(async (tx) => {
        const result = await importPage(deps, tx, actor, planned, made, site);
        if (dryRun) throw new DryRun(result);
        return result;
      }));
    } catch (e) {
      if (e instanceof DryRun) pages.push(e.result);
      // A page that cannot be written as it is (a revision too long…) is reported; the others go on.
      else if (isAppError(e) && e.kind === 'invalid') pages.push(skippedPage(planned, e.message));
      // Created here by someone else while it was imported: the title is unique, so theirs stays.
      else if (!isAppError(e) && /unique|duplicate/i.test(String((e as Error).message))) pages.push(skippedPage(planned, 'a page with this title was created here while it was imported; import again to add the revisions'));
      else throw e;
    }
    for (const key of pages[pages.length - 1]!.sources.created) made.add(key);
  }
  const written = pages.filter((p) => p.status === 'created' || p.status === 'updated');
  return Object.freeze({
    siteName: site,
    dryRun,
    pages,
    skipped: plan.skipped,
    totals: {
      pages: written.length,
      revisions: written.reduce((n, p) => n + p.revisions, 0),
      sources: pages.reduce((n, p) => n + p.sources.created.length, 0),
      // What the written pages' text still needs a person for.
      unconverted: written.reduce((n, p) => n + p.unconverted.length, 0),
    },
  });
}

const skippedPage = (planned: PlannedPage, reason: string): PageImport => ({
  title: planned.title, status: 'skipped', revisions: 0, reason, unconverted: planned.unconverted, sources: { created: [], existing: [], refused: [] },
});

/** The other wiki's contributor as Kinora shows them; a hidden one is said to be hidden. */
const authorOf = (r: PlannedRevision) => r.author.trim().slice(0, 200) || '(hidden)';

async function importPage(deps: ImportDeps, tx: Kysely<Database>, actor: Actor, planned: PlannedPage, made: ReadonlySet<string>, site: string | null): Promise<PageImport> {
  const title = parseTitle(planned.title);
  const now = deps.clock().toISOString();
  let page = await store.pageByTitle(tx, title.text);
  if (page?.deletedAt) return skippedPage(planned, 'a page with this title was deleted here; a moderator restores it first');

  // Oldest first, by time (an export lists revisions by id, which nearly always agrees).
  const ordered = [...planned.revisions].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  let fresh = ordered;
  let reason: string | undefined;
  if (page && page.latestRevisionId !== null) {
    const latest = (await store.revisionById(tx, page.latestRevisionId))!;
    const had = await store.importedRevisionKeys(tx, page.id);
    const missing = ordered.filter((r) => !had.has(`${authorOf(r)}\n${r.timestamp}`));
    fresh = missing.filter((r) => r.timestamp > latest.createdAt);
    const older = missing.length - fresh.length;
    // History is kept in time order: revisions older than the page's newest here are not slipped in under it.
    if (older > 0) reason = `${older} revision${older === 1 ? ' is' : 's are'} older than the latest revision of the page here and ${older === 1 ? 'was' : 'were'} not imported; the history here is kept`;
  }
  const unconverted = [...planned.unconverted];
  const none = { created: [], existing: [], refused: [] };
  if (fresh.length === 0) return reason ? { title: title.text, status: 'skipped', revisions: 0, reason, unconverted, sources: none } : { title: title.text, status: 'unchanged', revisions: 0, unconverted, sources: none };

  const markups = fresh.map((r) => deps.markupOf(r.markup));
  const last = markups[markups.length - 1]!;
  const parsed = parseArticle(deps.md, last);
  let redirectTo = parsed.redirect?.text ?? null;
  if (redirectTo === title.text) {
    redirectTo = null;
    unconverted.unshift('the page redirects to itself; it is kept as an ordinary page');
  }

  const created = !page;
  if (!page) page = (await store.pageById(tx, await store.insertPage(tx, { title: title.text, namespace: title.namespace, now })))!;
  let parentId = page.latestRevisionId;
  let size = page.size;
  for (const [k, r] of fresh.entries()) {
    const markup = markups[k]!;
    const bytes = Buffer.byteLength(markup);
    parentId = await store.insertRevision(tx, {
      pageId: page.id, parentId, markup, summary: deps.summaryOf(r.summary), authorId: null, authorName: authorOf(r),
      createdAt: r.timestamp, size: bytes, sizeDelta: bytes - size, title: title.text, imported: true,
    });
    size = bytes;
  }
  // A save here while the page was imported: the page is left to it, and the import says so.
  if (!(await store.setLatestFrom(tx, page.id, page.latestRevisionId, { revisionId: parentId!, redirectTo, kind: parsed.frontMatter?.kind ?? null, size, now }))) {
    throw invalid('changed_while_importing', 'the page was changed here while it was imported; import again to add the newer revisions');
  }
  await store.replaceDerived(tx, page.id, { links: parsed.links, categories: parsed.categories, citations: parsed.citeKeys, films: parsed.films });
  if (redirectTo) await deps.search.remove(tx, 'article', page.id);
  else await deps.search.put(tx, deps.searchDoc(page.id, title.text, parsed));

  const sources = await importSources(tx, actor, planned, made, now);
  // Imported revisions carry the other wiki's names and times; the audit log says who brought them in.
  await writeAudit(tx, {
    actorId: actor.kind === 'user' ? actor.account.id : null, actorName: actorName(actor), action: 'wiki.import', targetType: 'wiki_page', targetId: title.text,
    reason: '', data: { site, revisions: fresh.length, created, sources: sources.created }, now,
  });
  await store.bumpWikiVersion(tx, now);
  await store.bumpWikiEdits(tx, now);
  return { title: title.text, status: created ? 'created' : 'updated', revisions: fresh.length, ...(reason ? { reason } : {}), unconverted, sources };
}

/** Adds the page's citation templates to the registry; a key the registry has is left as it is. */
async function importSources(tx: Kysely<Database>, actor: Actor, planned: PlannedPage, made: ReadonlySet<string>, now: string): Promise<PageImport['sources']> {
  const created: string[] = [];
  const existing: string[] = [];
  const refused: { key: string; reason: string }[] = [];
  for (const { id, ...item } of planned.sources) {
    if (made.has(id) || (await sourceStore.sourceByKey(tx, id))) {
      existing.push(id);
      continue;
    }
    let source;
    try {
      source = parseSource({ key: id, ...item });
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused.push({ key: id, reason: [e.message, ...e.details.map((d) => `${d.path}: ${d.message}`)].join(' ') });
      continue;
    }
    const sourceId = await sourceStore.insertSource(tx, { key: source.key, item: source.item, problems: sourceProblems(source), now });
    if (sourceId === undefined) {
      existing.push(id);
      continue;
    }
    await sourceStore.addSourceRevision(tx, { sourceId, item: source.item, authorId: actor.kind === 'user' ? actor.account.id : null, authorName: actorName(actor), now });
    created.push(id);
  }
  return { created, existing, refused };
}

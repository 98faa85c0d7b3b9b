import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { VersionedCache } from '../cache/versioned-cache.ts';
import type { CatalogService } from '../catalog/index.ts';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import { authorize, formLimitError, partsAfterCsrf } from '../http/auth.ts';
import { MAX_EXPORT_BYTES, type SourceService, type WikiService, canWiki, collapseContext, diffSideBySide, normalizeTitle, parseTitle, titlePath } from '../wiki/index.ts';
import { atomFeed } from './wiki.feed.ts';
import { errorText, text, wholeNumber as int } from './form.values.ts';
import { ImportPage } from './pages/wiki-import.page.tsx';
import { ArticlePage, DiffPage, EditPage, type EditState, HistoryPage, MarkupGuidePage, MissingPage, RecentChangesPage, SpecialPage } from './pages/wiki.page.tsx';
import { MARKUP_GUIDE } from './wiki.guide.ts';
import { renderPage } from './render.tsx';
import { sourceWebRoutes } from './source.routes.tsx';
import { viewerOf } from './viewer.ts';
import { sendPage } from './visitor-pages.ts';

export interface WikiWebDeps {
  readonly wiki: WikiService;
  readonly sources: SourceService;
  readonly catalog: CatalogService;
  readonly cacheBytes: number;
  /** The archive's public address, for the feed's absolute links. */
  readonly publicUrl: string;
}

type Query = Record<string, unknown>;
/** The title in a URL: underscores for spaces, %-escapes decoded by the router. */
const fromUrl = (raw: string) => raw.replace(/_/g, ' ');

/**
 * The wiki's pages, MediaWiki's way: `/wiki/Title` reads, `?action=edit|history|diff` and
 * `?oldid=N` show the rest, `Special:` pages list what the wiki knows about itself. Forms post
 * back to the page and answer with a redirect (POST, redirect, GET).
 */
export async function wikiWebRoutes(app: FastifyInstance, { wiki, sources, catalog, cacheBytes, publicUrl }: WikiWebDeps): Promise<void> {
  const pages = new VersionedCache<string>(cacheBytes, (html) => html.length * 2);
  const send = (reply: FastifyReply, req: FastifyRequest, page: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', viewerOf(req).account ? 'private, no-cache' : 'no-cache').send(renderPage(page, viewerOf(req)));
  /** Visitors' pages are kept per URL and version of the wiki and the catalog; browsers ask again each time. */
  const cached = (req: FastifyRequest, reply: FastifyReply, build: () => Promise<VNode>) =>
    sendPage(pages, req, reply.header('cache-control', 'no-cache'), async () => `${await wiki.version()}|${await catalog.version()}`, build);

  const filmsOf = async (films: readonly { film: string; at: string | null; to: string | null; note: string | null }[]) => {
    const out = [];
    for (const f of films) {
      try {
        const film = await catalog.film(f.film);
        out.push({ slug: film.slug, title: film.title, year: film.year, at: f.at, to: f.to, note: f.note });
      } catch (e) {
        if (!isAppError(e) || e.kind !== 'not_found') throw e;
      }
    }
    return out;
  };

  const special = async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, name: string) => {
    switch (name.toLowerCase()) {
      case 'recentchanges': {
        const changes = await wiki.recentChanges({ limit: 100 });
        if (req.query.feed === 'atom') return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(atomFeed(changes, publicUrl));
        return cached(req, reply, async () => <RecentChangesPage changes={changes} />);
      }
      case 'allpages':
        return cached(req, reply, async () => <SpecialPage title="All pages" items={(await wiki.allPages('')).map((p) => ({ href: `${titlePath(p.title)}${p.redirect ? '?redirect=no' : ''}`, label: p.title, ...(p.redirect ? { note: 'redirect' } : {}) }))} empty="The wiki has no pages yet." />);
      case 'categories':
        return cached(req, reply, async () => <SpecialPage title="Categories" items={(await wiki.allPages('Category')).map((p) => ({ href: titlePath(p.title), label: p.title.replace(/^Category:/, '') }))} empty="No category has a page yet." />);
      case 'citations':
        return cached(req, reply, async () => {
          const rows = await sources.problems();
          // Film records cite registry keys too; theirs are checked against the registry here.
          const cited = await catalog.filmCitations();
          const known = new Map((await sources.byKeys([...new Set(cited.map((c) => c.key))])).map((e) => [e.key, e]));
          const films = cited.flatMap((c) => {
            const e = known.get(c.key);
            const note = !e ? 'no source has this key' : [e.problems.join('; '), e.unreliable ? `marked unreliable: ${e.unreliable}` : ''].filter(Boolean).join('; ');
            return note ? [{ href: `/films/${c.slug}`, label: `Film ${c.title}: @${c.key}`, note }] : [];
          });
          const items = [
            ...rows.map((r) => ({ href: titlePath(r.title), label: `${r.title}: @${r.key}`, note: r.missing ? 'no source has this key' : [r.problems.replace(/\n/g, '; '), r.unreliable ? `marked unreliable: ${r.unreliable}` : ''].filter(Boolean).join('; ') })),
            ...films,
          ];
          return <SpecialPage title="Citations with problems" intro="Citations, in articles and in film records, whose key matches no source; sources that lack an author, a title or a date; and sources a moderator marked unreliable." items={items} empty="Every citation of every page and film names a complete, reliable source." />;
        });
      case 'doubleredirects':
        return cached(req, reply, async () => <SpecialPage title="Double redirects" intro="Redirects to a page that is itself a redirect. Readers are taken to the end of the chain; fix each to point there directly." items={(await wiki.doubleRedirects()).map((r) => ({ href: `${titlePath(r.title)}?action=edit`, label: r.title, note: `→ ${r.via} → ${r.target ?? '?'}` }))} empty="No redirect leads to another redirect." />);
      case 'wantedpages':
        return cached(req, reply, async () => <SpecialPage title="Wanted pages" intro="Titles that pages link to but nobody has written yet." items={(await wiki.wantedPages()).map((w) => ({ href: `${titlePath(w.title)}?action=edit`, label: w.title, note: `${w.links} link${w.links === 1 ? '' : 's'}` }))} empty="Every link leads to a page." />);
      case 'markup':
        return cached(req, reply, async () => {
          // The citation example cites a source of this archive, when there is one.
          const key = (await sources.list({ limit: 1 })).sources[0]?.key ?? 'barnouw1993';
          const examples = [];
          for (const e of MARKUP_GUIDE) {
            const markup = e.markup.replaceAll('@KEY', `@${key}`);
            examples.push({ title: e.title, about: e.about, markup, html: e.textOnly ? null : (await wiki.sample(markup)).html });
          }
          return <MarkupGuidePage examples={examples} />;
        });
      case 'import':
        if (req.actor.kind === 'anonymous') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
        authorize(req.actor, canWiki(req.actor, 'wiki.import'), 'import pages from another wiki');
        return send(reply, req, <ImportPage maxBytes={MAX_EXPORT_BYTES} />);
      case 'whatlinkshere': {
        const target = parseTitle(text(req.query.target));
        return cached(req, reply, async () => <SpecialPage title={`What links here: ${target.text}`} items={(await wiki.backlinks(target.text)).map((b) => ({ href: `${titlePath(b.title)}${b.redirect ? '?redirect=no' : ''}`, label: b.title, ...(b.redirect ? { note: 'redirect' } : {}) }))} empty="No page links here." />);
      }
      default:
        throw new AppError('not_found', 'special_page_not_found', `There is no special page "${name}".`);
    }
  };

  const editForm = async (req: FastifyRequest, reply: FastifyReply, title: string, state?: Partial<EditState>, status = 200) => {
    const latest = await wiki.latest(title);
    const base: EditState = { title, markup: latest?.markup ?? '', summary: '', baseRevisionId: latest?.id ?? null, ...state };
    return send(reply, req, <EditPage {...base} />, status);
  };

  app.get('/wiki', async (_req, reply) => reply.redirect('/wiki/Special:AllPages', 302));

  app.get<{ Params: { title: string }; Querystring: Query }>('/wiki/:title', async (req, reply) => {
    const raw = fromUrl(req.params.title);
    const title = normalizeTitle(raw);
    if (!title) throw parseTitle(raw);
    // One address per page: /wiki/dust_bowl → /wiki/Dust_Bowl.
    if (titlePath(title.text) !== titlePath(raw)) return reply.redirect(`${titlePath(title.text)}${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`, 301);
    if (title.namespace === 'Special') return special(req, reply, title.name);
    const action = text(req.query.action) || 'view';
    if (action === 'edit') {
      if (!canWiki(req.actor, 'wiki.edit')) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return editForm(req, reply, title.text);
    }
    if (action === 'history') {
      const h = await wiki.history(title.text, { limit: 500 });
      return cached(req, reply, async () => <HistoryPage title={h.title} revisions={h.revisions} latestId={h.revisions[0]?.id ?? 0} canEdit={canWiki(req.actor, 'wiki.edit')} />);
    }
    if (action === 'diff') {
      const from = int(req.query.from);
      const to = int(req.query.to);
      if (from === undefined || to === undefined) throw new AppError('invalid', 'invalid_diff', 'A diff needs two revision numbers: ?action=diff&from=…&to=….');
      const d = await wiki.diff(title.text, Math.min(from, to), Math.max(from, to));
      return cached(req, reply, async () => <DiffPage title={title.text} from={d.from} to={d.to} rows={collapseContext(d.rows, 3)} stats={d.stats} />);
    }
    if (action !== 'view') throw new AppError('invalid', 'invalid_action', `Unknown action "${action.slice(0, 40)}": view, edit, history or diff.`);
    const oldid = int(req.query.oldid);
    try {
      return await cached(req, reply, async () => {
        const view = await wiki.view(req.actor, title.text, { follow: req.query.redirect !== 'no', ...(oldid ? { revision: oldid } : {}) });
        // The address names the page the reader reached through a redirect; the article says where from.
        const members = view.namespace === 'Category' ? (await wiki.category(view.title)).members : undefined;
        return <ArticlePage view={view} films={await filmsOf(view.films)} {...(members ? { members } : {})} />;
      });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'page_not_found') throw e;
      if (title.namespace === 'Category') {
        const { members } = await wiki.category(title.name);
        if (members.length) return send(reply, req, <SpecialPage title={title.text} intro="This category has no page of its own yet." items={members.map((m) => ({ href: titlePath(m.title), label: m.title }))} empty="" />);
      }
      return send(reply, req, <MissingPage title={title.text} canEdit={canWiki(req.actor, 'wiki.edit')} />, 404);
    }
  });

  /** Reads the import form: its CSRF token first (before any byte of the file), then the options and the export file. */
  const receiveExport = async (req: FastifyRequest): Promise<{ xml: Buffer; dryRun: boolean }> => {
    let dryRun = false;
    let xml: Buffer | undefined;
    for await (const part of partsAfterCsrf(req, { fileSize: MAX_EXPORT_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 })) {
      if (part.type === 'field') {
        if (part.fieldname === 'dryRun') dryRun = String((part as MultipartValue).value) !== '';
        continue;
      }
      const file = part as MultipartFile;
      xml = await file.toBuffer();
    }
    if (!xml || xml.length === 0) throw new AppError('invalid', 'no_file', 'Choose the export file to import.');
    return { xml, dryRun };
  };

  // Its own route (the colon escaped), for a body that is a file: the form's token is checked as it arrives.
  app.post('/wiki/Special::Import', { config: { csrf: 'first-part' } }, async (req, reply) => {
    authorize(req.actor, canWiki(req.actor, 'wiki.import'), 'import pages from another wiki');
    if (!req.isMultipart()) throw new AppError('invalid', 'not_multipart', 'Send the export as a form with a file (multipart/form-data).');
    try {
      const { xml, dryRun } = await receiveExport(req);
      return send(reply, req, <ImportPage maxBytes={MAX_EXPORT_BYTES} report={await wiki.importMediaWiki(req.actor, xml, { dryRun })} />);
    } catch (e) {
      // A limit of the form itself is the sender's fault, like a broken export.
      const err = (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
        ? new AppError('invalid', 'export_too_large', `The export is larger than ${Math.round(MAX_EXPORT_BYTES / 1048576)} MiB; import the wiki in parts.`)
        : formLimitError(e);
      if (!isAppError(err) || err.kind !== 'invalid') throw err;
      return send(reply, req, <ImportPage maxBytes={MAX_EXPORT_BYTES} message={errorText(err)} />, err.code === 'export_too_large' ? 413 : 400);
    }
  });

  app.post<{ Params: { title: string }; Querystring: Query; Body: Record<string, unknown> }>('/wiki/:title', async (req, reply) => {
    const title = parseTitle(fromUrl(req.params.title));
    const b = req.body ?? {};
    const action = text(req.query.action);
    if (action === 'submit') {
      const markup = text(b.markup);
      const summary = text(b.summary).slice(0, 500);
      const baseRevisionId = int(b.baseRevisionId) ?? null;
      if (text(b.do) === 'preview') {
        try {
          const preview = await wiki.preview(req.actor, title.text, markup);
          return editForm(req, reply, title.text, { markup, summary, baseRevisionId, preview });
        } catch (e) {
          if (!isAppError(e) || e.kind !== 'invalid') throw e;
          return editForm(req, reply, title.text, { markup, summary, baseRevisionId, message: e.message, details: e.details }, 400);
        }
      }
      try {
        await wiki.save(req.actor, title.text, { markup, summary, baseRevisionId });
        return reply.redirect(titlePath(title.text), 303);
      } catch (e) {
        if (!isAppError(e) || !['invalid', 'conflict'].includes(e.kind)) throw e;
        if (e.code === 'edit_conflict') {
          const latest = await wiki.latest(title.text);
          if (latest) {
            return editForm(req, reply, title.text, { markup: latest.markup, summary, baseRevisionId: latest.id, message: e.message, conflict: { latest, yours: markup, rows: collapseContext(diffSideBySide(latest.markup, markup), 2) } }, 409);
          }
        }
        return editForm(req, reply, title.text, { markup, summary, baseRevisionId, message: e.message, details: e.details }, httpStatusOf(e.kind));
      }
    }
    if (action === 'revert') {
      const id = int(b.revisionId);
      if (id === undefined) throw new AppError('invalid', 'invalid_revision', 'Say which revision to revert to.');
      await wiki.revert(req.actor, title.text, id);
      return reply.redirect(`${titlePath(title.text)}?action=history`, 303);
    }
    if (action === 'move') {
      const to = await wiki.rename(req.actor, title.text, text(b.to), text(b.reason));
      return reply.redirect(titlePath(to.title), 303);
    }
    if (action === 'delete' || action === 'restore') {
      await wiki.setDeleted(req.actor, title.text, action === 'delete', text(b.reason));
      return reply.redirect(`${titlePath(title.text)}?redirect=no`, 303);
    }
    throw new AppError('invalid', 'invalid_action', `Unknown action "${action.slice(0, 40)}": submit, revert, move, delete or restore.`);
  });

  await sourceWebRoutes(app, { sources, filmCitations: () => catalog.filmCitations() });
}

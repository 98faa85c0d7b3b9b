import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { actorName } from '../accounts/index.ts';
import { type CatalogService, type CollectionInput, type FilmInput, type PersonInput, SLUG_PATTERN, canCatalog } from '../catalog/index.ts';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import { authorize } from '../http/auth.ts';
import { EditRecordPage, HistoryPage } from './pages/edit.page.tsx';
import { type EditKind, fieldErrors, fromForm, toForm } from './record.forms.ts';
import { renderPage } from './render.tsx';
import { viewerOf } from './viewer.ts';

type Form = Record<string, unknown>;
const BASE: Record<EditKind, string> = { film: '/films', person: '/people', collection: '/collections' };
const SLUG = new RegExp(SLUG_PATTERN);
const titleOf = (kind: EditKind, r: Record<string, unknown>) => String(kind === 'person' ? r.name : r.title);

/**
 * Contributors add and edit films, people and collections in forms; every save goes through the
 * catalog's importer (the same checks as `kinora import`) and makes a revision. Everybody can
 * read a record's History.
 */
export async function editRoutes(app: FastifyInstance, { catalog }: { catalog: CatalogService }): Promise<void> {
  const page = (req: FastifyRequest, reply: FastifyReply, node: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(node, viewerOf(req)));
  /** Contributors only; a visitor is sent to log in first. */
  const mayEdit = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (req.actor.kind === 'anonymous') {
      void reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return false;
    }
    authorize(req.actor, canCatalog(req.actor, 'catalog.write'), 'edit the catalog');
    return true;
  };
  const latest = async (kind: EditKind, slug: string) => (await catalog.history(kind, slug))[0]!.data as Record<string, unknown>;
  const save = async (kind: EditKind, slug: string, record: Record<string, unknown>, actor: string, summary: string) =>
    kind === 'film' ? catalog.putFilm(slug, record as unknown as FilmInput, actor, summary) : catalog.putRecord(kind, slug, record as unknown as PersonInput | CollectionInput, actor, summary);

  for (const kind of ['film', 'person', 'collection'] as const) {
    const base = BASE[kind];

    app.get(`${base}/new`, async (req, reply) => {
      if (!mayEdit(req, reply)) return reply;
      return page(req, reply, <EditRecordPage kind={kind} title="" values={{}} csrf={viewerOf(req).csrf ?? ''} />);
    });

    app.get<{ Params: { slug: string } }>(`${base}/:slug/edit`, async (req, reply) => {
      if (!mayEdit(req, reply)) return reply;
      const record = await latest(kind, req.params.slug);
      return page(req, reply, <EditRecordPage kind={kind} slug={req.params.slug} title={titleOf(kind, record)} values={toForm(kind, record)} csrf={viewerOf(req).csrf ?? ''} />);
    });

    const submit = async (req: FastifyRequest<{ Params: { slug?: string }; Body: Form }>, reply: FastifyReply) => {
      if (!mayEdit(req, reply)) return reply;
      const body = req.body ?? {};
      const editing = req.params.slug;
      const slug = editing ?? (typeof body.slug === 'string' ? body.slug.trim() : '');
      const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
      const title = editing ? titleOf(kind, await latest(kind, editing)) : '';
      try {
        if (!editing) {
          if (!SLUG.test(slug) || slug.length > 120) throw new AppError('invalid', 'invalid_slug', 'Choose a slug.', [{ path: 'slug', message: 'Lowercase letters, digits and single hyphens, up to 120.' }]);
          const taken = await catalog.history(kind, slug).then(() => true, () => false);
          if (taken) throw new AppError('conflict', 'slug_taken', `There is already a ${kind} at ${base}/${slug}.`, [{ path: 'slug', message: 'This slug is taken.' }]);
        }
        const summary = (typeof body.summary === 'string' && body.summary.trim().slice(0, 200)) || (editing ? 'Edited in the web' : 'Added in the web');
        await save(kind, slug, fromForm(kind, body, slug), actorName(req.actor), summary);
        return reply.redirect(`${base}/${slug}`, 303);
      } catch (e) {
        if (!isAppError(e) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
        return page(req, reply, <EditRecordPage kind={kind} {...(editing ? { slug: editing } : {})} title={title} values={values} csrf={viewerOf(req).csrf ?? ''} errors={fieldErrors(e.details)} message={e.message} />, httpStatusOf(e.kind));
      }
    };
    app.post<{ Params: { slug?: string }; Body: Form }>(`${base}/new`, submit);
    app.post<{ Params: { slug: string }; Body: Form }>(`${base}/:slug/edit`, submit);

    app.get<{ Params: { slug: string } }>(`${base}/:slug/history`, async (req, reply) => {
      const revisions = await catalog.history(kind, req.params.slug);
      return page(req, reply, <HistoryPage kind={kind} slug={req.params.slug} title={titleOf(kind, revisions[0]!.data as Record<string, unknown>)} revisions={revisions} />);
    });
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { httpStatusOf, isAppError } from '../errors.ts';
import { type SourceService, canWiki } from '../wiki/index.ts';
import { text } from './form.values.ts';
import { SourceFormPage, SourcePage, SourcesPage } from './pages/source.page.tsx';
import { renderPage } from './render.tsx';
import { sourceFormValues, sourceInputOf } from './source.form.ts';
import { viewerOf } from './viewer.ts';

type Body = Record<string, unknown>;

/** The source registry's pages: the list, one source, and the forms that add, edit and mark them. */
export async function sourceWebRoutes(app: FastifyInstance, { sources, filmCitations }: { sources: SourceService; filmCitations: () => Promise<readonly { key: string }[]> }): Promise<void> {
  const send = (req: FastifyRequest, reply: FastifyReply, page: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(page, viewerOf(req)));
  const mustEdit = (req: FastifyRequest, reply: FastifyReply) => (canWiki(req.actor, 'wiki.edit') ? null : reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303));

  app.get('/sources', async (req, reply) => {
    const films = new Map<string, number>();
    for (const c of await filmCitations()) films.set(c.key, (films.get(c.key) ?? 0) + 1);
    const list = (await sources.list({ limit: 1000 })).sources.map((s) => ({ ...s, films: films.get(s.key) ?? 0 }));
    return send(req, reply, <SourcesPage sources={list} canEdit={canWiki(req.actor, 'wiki.edit')} />);
  });
  app.get('/sources/new', async (req, reply) => mustEdit(req, reply) ?? send(req, reply, <SourceFormPage values={{ type: 'book' }} editing={null} />));
  app.get<{ Params: { key: string } }>('/sources/:key', async (req, reply) => send(req, reply, <SourcePage source={await sources.get(req.params.key)} canEdit={canWiki(req.actor, 'wiki.edit')} />));
  app.get<{ Params: { key: string } }>('/sources/:key/edit', async (req, reply) => mustEdit(req, reply) ?? send(req, reply, <SourceFormPage values={sourceFormValues((await sources.get(req.params.key)).item as unknown as Record<string, unknown>)} editing={req.params.key} />));

  const save = async (req: FastifyRequest, reply: FastifyReply, key: string | null, body: Body) => {
    try {
      const s = key ? await sources.update(req.actor, key, sourceInputOf({ ...body, key })) : await sources.create(req.actor, sourceInputOf(body));
      return reply.redirect(`/sources/${encodeURIComponent(s.key)}`, 303);
    } catch (e) {
      if (!isAppError(e) || !['invalid', 'conflict'].includes(e.kind)) throw e;
      const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)]));
      return send(req, reply, <SourceFormPage values={values} editing={key} message={e.message} details={e.details} />, httpStatusOf(e.kind));
    }
  };
  app.post<{ Body: Body }>('/sources', async (req, reply) => save(req, reply, null, req.body ?? {}));
  app.post<{ Params: { key: string }; Body: Body }>('/sources/:key', async (req, reply) => save(req, reply, req.params.key, req.body ?? {}));
  app.post<{ Params: { key: string }; Body: Body }>('/sources/:key/reliability', async (req, reply) => {
    const b = req.body ?? {};
    const s = await sources.setUnreliable(req.actor, req.params.key, text(b.clear) === '1' ? null : text(b.reason));
    return reply.redirect(`/sources/${encodeURIComponent(s.key)}`, 303);
  });
}

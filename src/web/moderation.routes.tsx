import type { FastifyInstance } from 'fastify';
import type { Actor } from '../accounts/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import { AppError } from '../errors.ts';
import { type FlaggedTarget, type ModerationService, targetKey } from '../moderation/index.ts';
import type { ReviewService } from '../reviews/index.ts';
import { ModerationQueuePage, type TargetInfo } from './pages/moderation.page.tsx';
import { renderPage } from './render.tsx';
import { localPath, text } from './form.values.ts';
import { viewerOf } from './viewer.ts';

export interface ModerationWebDeps {
  readonly catalog: CatalogService;
  readonly reviews: ReviewService;
  readonly moderation: ModerationService;
}

type Form = Record<string, unknown>;
const id = (v: string) => (/^\d{1,12}$/.test(v) ? Number(v) : -1);

/** Flag forms (every signed-in reader), and the moderators' queue, flag handling and takedowns. */
export async function moderationWebRoutes(app: FastifyInstance, { catalog, reviews, moderation }: ModerationWebDeps): Promise<void> {
  /** What each flagged thing is called and where it is; a thing gone since is named by its id. */
  const describe = async (actor: Actor, queue: readonly FlaggedTarget[]): Promise<Map<string, TargetInfo>> => {
    const info = new Map<string, TargetInfo>();
    await Promise.all(queue.map(async (t) => {
      const key = targetKey(t.type, t.id);
      try {
        if (t.type === 'release') {
          const r = await catalog.release(Number(t.id));
          info.set(key, { label: `Release “${r.name}” of ${r.filmSlug}`, href: `/films/${r.filmSlug}/releases#release-${r.id}`, takenDown: r.takenDown !== null });
        } else if (t.type === 'review') {
          const r = await reviews.get(actor, Number(t.id));
          info.set(key, { label: `Review “${r.title}” by ${r.author}`, href: `/films/${r.filmSlug}/reviews#review-${r.id}`, hidden: r.hidden });
        } else {
          const f = await catalog.film(t.id);
          info.set(key, { label: `Film record “${f.title}” (${f.year})`, href: `/films/${f.slug}` });
        }
      } catch {
        info.set(key, { label: `${t.type} ${t.id} (no longer exists)`, href: null });
      }
    }));
    return info;
  };

  app.post<{ Body: Form }>('/flags', async (req, reply) => {
    const b = req.body ?? {};
    await moderation.flag(req.actor, { targetType: b.targetType, targetId: b.targetId, reason: b.reason, note: b.note });
    return reply.redirect(localPath(b.back) ?? '/', 303);
  });

  app.get<{ Querystring: Form }>('/moderation/flags', async (req, reply) => {
    if (req.actor.kind === 'anonymous') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    const queue = await moderation.queue(req.actor);
    const viewer = viewerOf(req);
    const ok = text(req.query.done);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-cache')
      .send(renderPage(<ModerationQueuePage queue={queue} info={await describe(req.actor, queue)} csrf={viewer.csrf ?? ''} {...(ok ? { ok: ok.slice(0, 200) } : {})} />, viewer));
  });

  app.post<{ Params: { id: string }; Body: Form }>('/moderation/flags/:id/close', async (req, reply) => {
    const outcome = text(req.body?.outcome);
    if (outcome !== 'resolved' && outcome !== 'dismissed') throw new AppError('invalid', 'invalid_outcome', 'A flag is resolved or dismissed.');
    const f = await moderation.close(req.actor, id(req.params.id), outcome, text(req.body?.note));
    return reply.redirect(`/moderation/flags?done=${encodeURIComponent(`Flag ${f.id} ${outcome}.`)}`, 303);
  });

  for (const action of ['takedown', 'restore'] as const) {
    app.post<{ Params: { id: string }; Body: Form }>(`/releases/:id/${action}`, async (req, reply) => {
      const releaseId = id(req.params.id);
      if (action === 'takedown') await moderation.takeDown(req.actor, releaseId, text(req.body?.reason));
      else await moderation.restoreRelease(req.actor, releaseId, text(req.body?.reason));
      return reply.redirect(localPath(req.body?.back) ?? `/moderation/flags?done=${encodeURIComponent(`Release ${releaseId} ${action === 'takedown' ? 'taken down' : 'restored'}.`)}`, 303);
    });
  }
}

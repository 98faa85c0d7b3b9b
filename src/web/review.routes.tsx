import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CatalogService, SLUG_PATTERN } from '../catalog/index.ts';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import type { ModerationService } from '../moderation/index.ts';
import { type ReviewService, parseReviewSort } from '../reviews/index.ts';
import { FilmReviewsPage } from './pages/reviews.page.tsx';
import { renderPage } from './render.tsx';
import { localPath, text, wholeNumber } from './form.values.ts';
import { viewerOf } from './viewer.ts';

export interface ReviewWebDeps {
  readonly catalog: CatalogService;
  readonly reviews: ReviewService;
  readonly moderation: ModerationService;
}

type Form = Record<string, unknown>;
const SLUG = new RegExp(SLUG_PATTERN);
const reviewId = (v: string) => wholeNumber(v) ?? -1;

/**
 * A film's reviews page with the reader's form, and the forms that write: a review, a vote, a
 * moderator's hide or restore. Every write answers with a redirect back (POST, redirect, GET), so
 * reloading never sends a form twice.
 */
export async function reviewWebRoutes(app: FastifyInstance, { catalog, reviews, moderation }: ReviewWebDeps): Promise<void> {
  const page = async (req: FastifyRequest, reply: FastifyReply, slug: string, sortText: unknown, state?: Parameters<typeof FilmReviewsPage>[0]['state'], status = 200) => {
    const sort = parseReviewSort(sortText);
    const [film, list] = await Promise.all([catalog.film(slug), reviews.forFilm(req.actor, slug, { sort })]);
    const flags = await moderation.openFlags(list.reviews.map((r) => ({ type: 'review' as const, id: r.id })));
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(<FilmReviewsPage film={film} page={list} sort={sort} flags={flags} {...(state ? { state } : {})} />, viewerOf(req)));
  };
  const back = (reply: FastifyReply, film: unknown, id?: number) => {
    const slug = text(film);
    return reply.redirect(SLUG.test(slug) ? `/films/${slug}/reviews${id ? `#review-${id}` : ''}` : '/', 303);
  };

  app.get<{ Params: { slug: string }; Querystring: Form }>('/films/:slug/reviews', async (req, reply) => page(req, reply, req.params.slug, req.query.sort));

  app.post<{ Params: { slug: string }; Body: Form }>('/films/:slug/reviews', async (req, reply) => {
    const b = req.body ?? {};
    try {
      const { review } = await reviews.write(req.actor, req.params.slug, { rating: b.rating, title: b.title, body: b.body, spoilers: b.spoilers });
      return back(reply, req.params.slug, review.id);
    } catch (e) {
      if (!isAppError(e) || e.kind === 'not_found' || e.kind === 'unauthenticated') throw e;
      const values = { rating: text(b.rating), title: text(b.title), body: text(b.body).slice(0, 30_000), spoilers: text(b.spoilers) };
      return page(req, reply, req.params.slug, undefined, { message: e.message, details: e.details, values }, httpStatusOf(e.kind));
    }
  });

  app.post<{ Params: { id: string }; Body: Form }>('/reviews/:id/votes', async (req, reply) => {
    const vote = text(req.body?.vote);
    const helpful = vote === 'helpful' ? true : vote === 'not_helpful' ? false : vote === 'none' ? null : undefined;
    if (helpful === undefined) throw new AppError('invalid', 'invalid_vote', 'A vote is helpful, not_helpful or none.');
    const r = await reviews.vote(req.actor, reviewId(req.params.id), helpful);
    return back(reply, r.filmSlug, r.id);
  });

  for (const action of ['hide', 'restore'] as const) {
    app.post<{ Params: { id: string }; Body: Form }>(`/reviews/:id/${action}`, async (req, reply) => {
      const r = await reviews.setHidden(req.actor, reviewId(req.params.id), action === 'hide', text(req.body?.reason));
      const to = localPath(req.body?.back);
      return to ? reply.redirect(to, 303) : back(reply, r.filmSlug, r.id);
    });
  }
}

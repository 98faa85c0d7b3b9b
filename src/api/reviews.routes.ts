import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SLUG_PATTERN, StringEnum } from '../catalog/index.ts';
import { MAX_BODY, MAX_TITLE, REVIEW_SORTS, type ReviewService, type ReviewSort } from '../reviews/index.ts';
import { ErrorJson } from './presenters.ts';
import { ReviewJson, ReviewListJson, RevisionsJson, presentReview, presentSummary } from './reviews.presenters.ts';

const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 120 }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson };
const ReviewBody = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 10 }),
  title: Type.String({ minLength: 1, maxLength: MAX_TITLE }),
  body: Type.String({ minLength: 1, maxLength: MAX_BODY, description: 'Markdown (a safe subset).' }),
  spoilers: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** Reviews under /api/v1: the same rules as the HTML forms (the service decides both). */
export async function reviewApiRoutes(app: FastifyInstance, { reviews }: { reviews: ReviewService }): Promise<void> {
  app.get<{ Params: { slug: string }; Querystring: { sort?: ReviewSort; page?: number } }>('/films/:slug/reviews', {
    schema: {
      summary: 'A film\'s reviews', description: 'With the average rating and count of the visible reviews. Hidden reviews appear only to moderators and their authors.', tags: ['reviews'], params: SlugParams,
      querystring: Type.Object({ sort: Type.Optional(StringEnum(REVIEW_SORTS)), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }), response: { 200: ReviewListJson, ...errors },
    },
  }, async (req) => {
    const page = await reviews.forFilm(req.actor, req.params.slug, { sort: req.query.sort ?? 'helpful', limit: 50, offset: ((req.query.page ?? 1) - 1) * 50 });
    return { summary: presentSummary(page.summary), reviews: page.reviews.map(presentReview) };
  });

  app.post<{ Params: { slug: string }; Body: { rating: number; title: string; body: string; spoilers?: boolean } }>('/films/:slug/reviews', {
    schema: {
      summary: 'Write or edit your review of a film', description: 'One review per reader per film: the first call creates it (201), later calls make a new version (200); every version is kept.', tags: ['reviews'],
      params: SlugParams, body: ReviewBody, security: [{ bearer: [] }], response: { 200: ReviewJson, 201: ReviewJson, ...errors },
    },
  }, async (req, reply) => {
    const { review, created } = await reviews.write(req.actor, req.params.slug, req.body);
    return reply.code(created ? 201 : 200).send(presentReview(review));
  });

  app.post<{ Params: { id: number }; Body: { vote: 'helpful' | 'not_helpful' | 'none' } }>('/reviews/:id/votes', {
    schema: {
      summary: 'Vote on a review', description: 'helpful or not_helpful (one vote per reader, never on one\'s own review); none takes the vote back.', tags: ['reviews'], params: IdParams,
      body: Type.Object({ vote: StringEnum(['helpful', 'not_helpful', 'none'] as const) }, { additionalProperties: false }), security: [{ bearer: [] }], response: { 200: ReviewJson, ...errors },
    },
  }, async (req) => presentReview(await reviews.vote(req.actor, req.params.id, req.body.vote === 'none' ? null : req.body.vote === 'helpful')));

  app.get<{ Params: { id: number } }>('/reviews/:id/revisions', {
    schema: { summary: 'Every version of a review, newest first', tags: ['reviews'], params: IdParams, response: { 200: RevisionsJson, ...errors } },
  }, async (req) => ({ revisions: await reviews.history(req.actor, req.params.id) }));

  for (const action of ['hide', 'restore'] as const) {
    app.post<{ Params: { id: number }; Body: { reason?: string } }>(`/reviews/:id/${action}`, {
      schema: {
        summary: action === 'hide' ? 'Hide a review (moderators)' : 'Restore a hidden review (moderators)', description: 'Written to the audit log with its reason; nothing is deleted.', tags: ['moderation'], params: IdParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }), security: [{ bearer: [] }], response: { 200: ReviewJson, ...errors },
      },
    }, async (req) => presentReview(await reviews.setHidden(req.actor, req.params.id, action === 'hide', req.body?.reason ?? '')));
  }
}

import type { Kysely } from 'kysely';
import { type Actor, actorName, refusal as refuse, writeAudit } from '../accounts/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { renderMarkdown } from './markdown.ts';
import { parseReview } from './review.parse.ts';
import * as store from './review.store.ts';
import type { RatingSummary, Review, ReviewInput, ReviewSort } from './review.types.ts';
import { canReview, seesHidden } from './reviews.policy.ts';

export interface ReviewServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
}

export interface ReviewPage {
  readonly reviews: readonly Review[];
  readonly summary: RatingSummary;
  /** The viewer's own review of the film, hidden or not (for the edit form). */
  readonly mine: Review | null;
}

export interface ReviewService {
  /** A film's reviews, sorted, with the rating summary; hidden ones only for moderators and their authors. */
  forFilm(actor: Actor, filmSlug: string, q: { sort: ReviewSort; limit?: number; offset?: number }): Promise<ReviewPage>;
  summary(filmSlug: string): Promise<RatingSummary>;
  /** Writes the actor's review of a film: the first time it is created, afterwards edited (each version kept). */
  write(actor: Actor, filmSlug: string, input: { rating?: unknown; title?: unknown; body?: unknown; spoilers?: unknown }): Promise<{ review: Review; created: boolean }>;
  /** Helpful or not; `null` takes the vote back. */
  vote(actor: Actor, reviewId: number, helpful: boolean | null): Promise<Review>;
  history(actor: Actor, reviewId: number): Promise<(ReviewInput & { number: number; createdAt: string })[]>;
  /** Moderators hide a review (with a reason, in the audit log) and restore it; nothing is deleted. */
  setHidden(actor: Actor, reviewId: number, hidden: boolean, reason: string): Promise<Review>;
  /** Deletes a review for good, with its history and votes: the archive itself only (`kinora purge`). */
  purge(actor: Actor, reviewId: number, reason: string): Promise<void>;
  /** One review the actor may see (404 otherwise). */
  get(actor: Actor, reviewId: number): Promise<Review>;
  /** Whether a review exists that the actor may see. */
  exists(actor: Actor, reviewId: number): Promise<boolean>;
  /** Changes with every review write, for caches of pages showing reviews. */
  version(): Promise<string>;
}

const PAGE = 50;

export function createReviewService({ db, clock }: ReviewServiceDeps): ReviewService {
  const iso = () => clock().toISOString();
  const viewerId = (a: Actor) => (a.kind === 'user' ? a.account.id : null);
  const present = (r: store.ReviewRow): Review => Object.freeze({
    id: r.id, filmSlug: r.filmSlug, author: r.author, rating: r.rating, title: r.title, body: r.body, html: renderMarkdown(r.body), spoilers: r.spoilers,
    createdAt: r.createdAt, updatedAt: r.updatedAt, edits: r.edits, helpful: r.helpful, notHelpful: r.notHelpful,
    myVote: r.myVote === null ? null : r.myVote === 1 ? 'helpful' : 'not_helpful', hidden: r.hiddenAt !== null, hiddenReason: r.hiddenReason,
  });
  const film = async (slug: string) => {
    const id = await store.filmIdOf(db, slug);
    if (id === undefined) throw notFound('film', slug);
    return id;
  };
  const one = async (actor: Actor, id: number): Promise<Review> => {
    const meta = await store.reviewMeta(db, id);
    if (!meta || (meta.hidden && !seesHidden(actor, meta))) throw notFound('review', String(id));
    const [row] = await store.listReviews(db, { filmId: meta.filmId, viewerId: viewerId(actor), hidden: 'all', sort: 'newest', limit: 1, offset: 0, only: id });
    return present(row!);
  };

  return {
    async forFilm(actor, slug, q) {
      const filmId = await film(slug);
      const hidden = canReview(actor, 'review.moderate') ? 'all' : actor.kind === 'user' ? 'own' : 'none';
      const [rows, summary] = await Promise.all([
        store.listReviews(db, { filmId, viewerId: viewerId(actor), hidden, sort: q.sort, limit: Math.min(q.limit ?? PAGE, 200), offset: q.offset ?? 0 }),
        store.ratingSummary(db, filmId),
      ]);
      const reviews = rows.map(present);
      const me = viewerId(actor);
      let mine = me === null ? null : reviews.find((r, i) => rows[i]!.authorId === me) ?? null;
      if (me !== null && !mine) {
        const id = await store.ownReviewId(db, filmId, me);
        if (id !== undefined) mine = await one(actor, id);
      }
      return { reviews, summary, mine };
    },

    summary: async (slug) => store.ratingSummary(db, await film(slug)),

    async write(actor, slug, input) {
      if (!canReview(actor, 'review.write')) throw refuse(actor, 'review films');
      const r = parseReview(input);
      const filmId = await film(slug);
      const userId = viewerId(actor)!;
      const now = iso();
      const { id, created } = await db.transaction().execute(async (tx) => {
        const existing = await store.ownReviewId(tx, filmId, userId);
        const inserted = existing === undefined ? await store.insertReview(tx, { ...r, filmId, userId, now }) : undefined;
        // Two requests at once: the unique key lets one insert; the other edits what it made.
        const reviewId = existing ?? inserted ?? (await store.ownReviewId(tx, filmId, userId))!;
        if (inserted === undefined) await store.updateReview(tx, reviewId, r, now);
        await store.addRevision(tx, reviewId, r, now);
        await store.bumpReviewsVersion(tx, now);
        return { id: reviewId, created: inserted !== undefined };
      });
      return { review: await one(actor, id), created };
    },

    async vote(actor, reviewId, helpful) {
      const meta = await store.reviewMeta(db, reviewId);
      if (!meta || (meta.hidden && !seesHidden(actor, meta))) throw notFound('review', String(reviewId));
      if (actor.kind !== 'user') throw refuse(actor, 'vote on reviews');
      if (!canReview(actor, 'review.vote', meta)) throw new AppError('forbidden', 'own_review', 'You cannot vote on your own review.');
      await db.transaction().execute(async (tx) => {
        if (helpful === null) await store.deleteVote(tx, reviewId, actor.account.id);
        else await store.upsertVote(tx, reviewId, actor.account.id, helpful, iso());
        await store.bumpReviewsVersion(tx, iso());
      });
      return one(actor, reviewId);
    },

    async history(actor, reviewId) {
      await one(actor, reviewId);
      return store.revisions(db, reviewId);
    },

    async setHidden(actor, reviewId, hidden, reason) {
      if (!canReview(actor, 'review.moderate')) throw refuse(actor, 'hide or restore reviews');
      const meta = await store.reviewMeta(db, reviewId);
      if (!meta) throw notFound('review', String(reviewId));
      const why = reason.trim().slice(0, 1000);
      if (hidden && why.length === 0) throw new AppError('invalid', 'reason_required', 'Say why the review is hidden; its author and the audit log see it.', [{ path: 'reason', message: 'Give a reason.' }]);
      if (meta.hidden !== hidden) {
        const now = iso();
        await db.transaction().execute(async (tx) => {
          await store.setHidden(tx, reviewId, hidden ? now : null, hidden ? why : null);
          await writeAudit(tx, { actorId: viewerId(actor), actorName: actorName(actor), action: hidden ? 'review.hide' : 'review.restore', targetType: 'review', targetId: String(reviewId), reason: why, data: {}, now });
          await store.bumpReviewsVersion(tx, now);
        });
      }
      return one(actor, reviewId);
    },

    get: (actor, reviewId) => one(actor, reviewId),

    async purge(actor, reviewId, reason) {
      if (actor.kind !== 'system') throw refuse(actor, 'purge reviews');
      const now = iso();
      await db.transaction().execute(async (tx) => {
        if (!(await store.deleteReview(tx, reviewId))) throw notFound('review', String(reviewId));
        await writeAudit(tx, { actorId: null, actorName: actorName(actor), action: 'review.purge', targetType: 'review', targetId: String(reviewId), reason, data: {}, now });
        await store.bumpReviewsVersion(tx, now);
      });
    },

    async exists(actor, reviewId) {
      const meta = await store.reviewMeta(db, reviewId);
      return meta !== undefined && (!meta.hidden || seesHidden(actor, meta));
    },

    version: () => store.readReviewsVersion(db),
  };
}
